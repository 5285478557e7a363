using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Datawiz.E2E.Pages;
using Datawiz.Web.Tests.Harness;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace Datawiz.E2E.Journeys;

/// <summary>A person makes a personal access token on his profile, a script uses it, and revoking it (after a confirmation) cuts it off.</summary>
public sealed class AccessTokenJourneyTests(BrowserFixture browser)
{
    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    [Fact]
    public async Task A_token_shown_once_is_listed_works_for_the_api_and_stops_when_revoked()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("script");
        await app.CreateAccountAsync(email);
        var page = await browser.NewPageAsync(app.BaseAddress);
        try
        {
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            var profile = new ProfilePage(page);
            await profile.OpenAsync();
            await Expect(profile.NoTokens).ToBeVisibleAsync();

            await profile.TokenName.FillAsync("Grafana at home");
            await profile.TokenLifetime.GetByRole(AriaRole.Radio, new() { Name = "90 days" }).CheckAsync();
            await profile.CreateTokenButton.ClickAsync();
            await Expect(profile.TokenDialog).ToBeVisibleAsync();
            var token = await profile.DialogToken.InnerTextAsync();
            Assert.Matches("^dwz_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$", token);
            await AssertNoSeriousViolationsAsync(page);
            await profile.TokenDialogDone.ClickAsync();
            await Expect(profile.TokenDialog).ToHaveCountAsync(0);

            await Expect(profile.TokenRows).ToHaveCountAsync(1);
            await Expect(profile.TokenRows).ToContainTextAsync("Grafana at home");
            await Expect(profile.TokenRows).ToContainTextAsync("last used never");
            // The list names the token by its start only; the secret is nowhere on the page any more.
            Assert.DoesNotContain(token[37..], await page.ContentAsync(), StringComparison.Ordinal);

            using var script = new HttpClient { BaseAddress = app.BaseAddress };
            script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var history = $"/api/v1/history?series={Guid.NewGuid()}:temperature";
            // Signed in: a sensor nobody may see is not found, rather than the 401 of an unknown caller.
            Assert.Equal(HttpStatusCode.NotFound, (await script.GetAsync(history, TestContext.Current.CancellationToken)).StatusCode);

            await profile.TokenRows.GetByRole(AriaRole.Button, new() { Name = "Revoke Grafana at home" }).ClickAsync();
            var confirm = new ConfirmDialog(page);
            await Expect(confirm.Content).ToContainTextAsync("refused at once");
            await confirm.Action.ClickAsync();
            await Expect(profile.NoTokens).ToBeVisibleAsync();

            Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync(history, TestContext.Current.CancellationToken)).StatusCode);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(WcagAa);
        var report = new StringBuilder();
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            report.AppendLine($"{violation.Id}: {violation.Help} ({string.Join(", ", violation.Nodes.Take(4).Select(n => n.Target))})");
        }
        Assert.True(report.Length == 0, $"axe found serious or critical violations:{Environment.NewLine}{report}");
    }
}
