using System.Text;
using Datawiz.E2E.Pages;
using Datawiz.Web.Tests.Harness;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using MQTTnet;
using MQTTnet.Formatter;

namespace Datawiz.E2E.Journeys;

/// <summary>A person makes his own MQTT password on his profile, his application connects with it, and regenerating cuts it off.</summary>
public sealed class MqttPasswordJourneyTests(BrowserFixture browser)
{
    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    [Fact]
    public async Task A_password_shown_once_connects_and_regenerating_it_closes_the_connection()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("nodered");
        await app.CreateAccountAsync(email);
        var page = await browser.NewPageAsync(app.BaseAddress);
        try
        {
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            var profile = new ProfilePage(page);
            await profile.OpenAsync();
            await Expect(profile.MqttUsername).ToHaveTextAsync(email);
            await Expect(profile.MqttState).ToContainTextAsync("no MQTT password yet");

            await profile.CreateButton.ClickAsync();
            await Expect(profile.PasswordDialog).ToBeVisibleAsync();
            var first = await profile.DialogPassword.InnerTextAsync();
            await AssertNoSeriousViolationsAsync(page);
            await profile.DialogDone.ClickAsync();
            await Expect(profile.PasswordDialog).ToHaveCountAsync(0);
            await Expect(profile.MqttState).ToContainTextAsync("You have an MQTT password");

            using var flow = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, email, first));
            await profile.RegenerateButton.ClickAsync();
            var confirm = new ConfirmDialog(page);
            await Expect(confirm.Content).ToContainTextAsync("the old one stops working at once");
            await confirm.Action.ClickAsync();
            await Expect(profile.PasswordDialog).ToBeVisibleAsync();
            var second = await profile.DialogPassword.InnerTextAsync();

            Assert.NotEqual(first, second);
            await Poll.UntilAsync(() => Task.FromResult(!flow.IsConnected), TimeSpan.FromSeconds(20), "the application's connection to be closed");
            var (refused, result) = await app.TryConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, email, first));
            using (refused)
            {
                Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result.ResultCode);
            }
            using var renewed = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, email, second));
            Assert.True(renewed.IsConnected);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [InlineData("dark", 390, 844)]
    [InlineData("light", 390, 844)]
    public async Task The_dialog_fits_a_phone_and_passes_axe_in_both_palettes(string palette, int width, int height)
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("phone");
        await app.CreateAccountAsync(email);
        var page = await browser.NewPageAsync(app.BaseAddress, new ViewportSize { Width = width, Height = height });
        try
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "datawiz.theme", Value = palette, Url = app.BaseAddress.ToString() }]);
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            var profile = new ProfilePage(page);
            await profile.OpenAsync();
            await profile.CreateButton.ClickAsync();
            await Expect(profile.PasswordDialog).ToBeVisibleAsync();

            await AssertNoSeriousViolationsAsync(page);
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= width, $"The profile with the dialog open is {scrollWidth} px wide in a {width} px window.");
            var dialogBox = await profile.PasswordDialog.BoundingBoxAsync();
            Assert.NotNull(dialogBox);
            Assert.True(dialogBox.X >= 0 && dialogBox.X + dialogBox.Width <= width, $"The dialog spans {dialogBox.X}..{dialogBox.X + dialogBox.Width} px.");
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
