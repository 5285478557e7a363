namespace Datawiz.E2E.Pages;

/// <summary>The signed-in person's notifications, reached from the bell in the app bar.</summary>
public sealed class NotificationsPage(IPage page)
{
    public ILocator Messages => page.Locator("[data-testid=notification-message]");

    public async Task OpenFromBellAsync()
    {
        await new Shell(page).NotificationBell.ClickAsync();
        await page.WaitForURLAsync("**/notifications");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>Opening a notification marks it read and follows its link.</summary>
    public async Task OpenNewestAsync() => await Messages.First.ClickAsync();
}
