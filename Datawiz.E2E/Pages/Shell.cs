namespace Datawiz.E2E.Pages;

/// <summary>The app bar and navigation drawer around every interactive page.</summary>
public sealed class Shell(IPage page)
{
    public ILocator SignedInAs => page.Locator("[data-testid=signed-in-as]");

    public ILocator Navigation => page.Locator("[data-testid=nav-menu]");

    public ILocator AdminSection => Navigation.GetByText("Administration");

    /// <summary>The bell in the app bar; its accessible name carries the unread count.</summary>
    public ILocator NotificationBell => page.Locator("[data-testid=notification-bell]");

    /// <summary>The messages that confirm (or refuse) what was just done.</summary>
    public ILocator Snackbar => page.Locator(".mud-snackbar");

    /// <summary>Present once the Blazor circuit is connected and the page reacts to clicks.</summary>
    public ILocator CircuitReady => page.Locator("[data-testid=circuit-ready]");

    public async Task WaitUntilInteractiveAsync() =>
        await CircuitReady.WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Opens an address of the portal and waits until it reacts to clicks.</summary>
    public async Task OpenAsync(string path)
    {
        await page.GotoAsync(path);
        await WaitUntilInteractiveAsync();
    }

    public async Task SignOutAsync()
    {
        await page.Locator("[data-testid=sign-out]").ClickAsync();
        await page.WaitForURLAsync("**/account/login**");
    }
}
