using Datawiz.Domain.Accounts;
using Datawiz.E2E.Pages;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.E2E.Journeys;

/// <summary>
/// What reaches an open page without a navigation. The revalidation interval is an hour, so only the
/// live signal can change the page within the test.
/// </summary>
public sealed class LiveSessionJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_suspended_users_open_page_is_signed_out_at_once_and_cannot_create_anything()
    {
        await using var app = new SqliteApp();
        app.Settings["Accounts:RevalidationInterval"] = "01:00:00";
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("suspect");
        var user = await app.CreateAccountAsync(email);
        var page = await browser.NewPageAsync(app.BaseAddress);
        var shell = new Shell(page);
        await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
        await Expect(shell.SignedInAs).ToBeVisibleAsync();
        await shell.OpenAsync("/groups/new");
        await page.Locator("input[data-testid=group-name]").FillAsync("Should never exist");

        var outcome = await app.Services.GetRequiredService<UserAdministration>()
            .ChangeStatusAsync(await app.ConfiguredAdminAsync(), user.Id, UserStatus.Suspended, TestContext.Current.CancellationToken);
        Assert.True(outcome.Succeeded, outcome.Message);

        await page.WaitForURLAsync("**/account/login**");
        await Expect(page.Locator("[data-testid=group-submit]")).ToHaveCountAsync(0);
        // The cookie is gone too: going back to the form lands on sign-in again.
        await page.GotoAsync("/groups/new");
        await page.WaitForURLAsync("**/account/login**");
        await Expect(page.Locator("#email")).ToBeVisibleAsync();
    }
}
