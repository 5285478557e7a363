using Datawiz.Domain.Reviews;
using Datawiz.E2E.Pages;
using Datawiz.Infrastructure.Reviews;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.E2E.Journeys;

/// <summary>
/// Notifications and waiting counts reach pages that are already open, in another person's browser,
/// without a navigation. Admin and member each have a browser context of their own.
/// </summary>
public sealed class LiveNotificationJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_decision_reaches_the_submitters_open_page_and_a_registration_the_admins()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var memberEmail = TestAccounts.UniqueEmail("member");
        var member = await app.CreateAccountAsync(memberEmail);
        var type = await app.AddSensorTypeAsync(member.Id);

        var adminPage = await SignedInPageAsync(app, DatawizApp.AdminEmail, DatawizApp.AdminPassword);
        var memberPage = await SignedInPageAsync(app, memberEmail, TestAccounts.Password);
        var adminShell = new Shell(adminPage);
        var memberShell = new Shell(memberPage);
        await Expect(adminPage.Locator("[data-testid=waiting-reviews]")).ToHaveTextAsync("1");
        await Expect(memberShell.NotificationBell).ToHaveAttributeAsync("aria-label", "Notifications");

        // The administrator decides elsewhere; the member's open page shows the notification at once.
        var decided = await app.Services.GetRequiredService<ReviewService>().DecideAsync(
            await app.ConfiguredAdminAsync(), ReviewKind.SensorType, type.Id, ReviewDecision.Approve, "Fine.", TestContext.Current.CancellationToken);
        Assert.True(decided.Succeeded, decided.Message);
        await Expect(memberShell.NotificationBell).ToHaveAttributeAsync("aria-label", "Notifications, 1 unread");
        await Expect(adminPage.Locator("[data-testid=waiting-reviews]")).ToHaveCountAsync(0);

        // Someone registers; the administrator's open page counts the account and rings the bell.
        using (var stranger = app.CreatePortalClient())
        {
            await stranger.RegisterAsync(TestAccounts.UniqueEmail("newcomer"), "quiet-orchard-57", "New Comer");
        }
        await Expect(adminPage.Locator("[data-testid=waiting-accounts]")).ToHaveTextAsync("1");
        await Expect(adminShell.NotificationBell).ToHaveAttributeAsync("aria-label", "Notifications, 1 unread");

        // Each notification leads to its item.
        var notifications = new NotificationsPage(adminPage);
        await notifications.OpenFromBellAsync();
        await Expect(notifications.Messages.First).ToContainTextAsync("waits for your approval");
        await notifications.OpenNewestAsync();
        await adminPage.WaitForURLAsync("**/admin/users");

        var memberNotifications = new NotificationsPage(memberPage);
        await memberNotifications.OpenFromBellAsync();
        await memberNotifications.OpenNewestAsync();
        await memberPage.WaitForURLAsync($"**/sensor-types/{type.Id}");
    }

    private async Task<IPage> SignedInPageAsync(DatawizApp app, string email, string password)
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        await new LoginPage(page).SignInAsync(email, password);
        var shell = new Shell(page);
        await Expect(shell.SignedInAs).ToBeVisibleAsync();
        await shell.WaitUntilInteractiveAsync();
        return page;
    }
}
