using Datawiz.E2E.Pages;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.E2E.Journeys;

public sealed class AccountJourneyTests(BrowserFixture browser)
{
    private const string Password = "journey-password-1";

    [Fact]
    public async Task The_first_account_administers_and_approves_the_second()
    {
        await using var app = new SqliteApp().WithoutConfiguredAdmin();
        await app.InitializeAsync();
        var page = await browser.NewPageAsync(app.BaseAddress);
        var shell = new Shell(page);
        var login = new LoginPage(page);
        var register = new RegisterPage(page);
        var adminEmail = TestAccounts.UniqueEmail("ada");
        var memberEmail = TestAccounts.UniqueEmail("bob");

        // The first account ever becomes the administrator and is signed in at once.
        await register.RegisterAsync(adminEmail, "Ada Admin", Password);
        await Expect(shell.SignedInAs).ToContainTextAsync("Ada Admin");
        await Expect(shell.AdminSection).ToBeVisibleAsync();
        await shell.SignOutAsync();

        // The second waits for approval and is told so when signing in.
        await register.RegisterAsync(memberEmail, "Bob Member", Password);
        await Expect(login.PendingNotice).ToContainTextAsync("An administrator has to approve it");
        await login.SignInAsync(memberEmail, Password);
        await Expect(login.Errors).ToContainTextAsync("waiting for an administrator's approval");

        // The administrator approves it on the Users page.
        await login.SignInAsync(adminEmail, Password);
        await Expect(shell.SignedInAs).ToContainTextAsync("Ada Admin");
        var users = new UsersPage(page);
        await users.OpenAsync();
        await Expect(users.StatusOf(memberEmail)).ToHaveTextAsync("Pending");
        await users.ChangeStatusAsync(memberEmail, "Approve");
        await Expect(users.StatusOf(memberEmail)).ToHaveTextAsync("Active");
        await shell.SignOutAsync();

        // The member signs in and sees the shell without the administration sections.
        await login.SignInAsync(memberEmail, Password);
        await Expect(shell.SignedInAs).ToContainTextAsync("Bob Member");
        await Expect(shell.Navigation.GetByText("Sensors", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(shell.AdminSection).ToHaveCountAsync(0);

        // Typing an admin address does not help.
        await page.GotoAsync("/admin/users");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
    }
}
