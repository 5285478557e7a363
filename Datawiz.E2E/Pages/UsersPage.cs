namespace Datawiz.E2E.Pages;

/// <summary>Administration → Users.</summary>
public sealed class UsersPage(IPage page)
{
    public Task OpenAsync() => new Shell(page).OpenAsync("/admin/users");

    public ILocator RowOf(string email) => page.Locator("tr", new() { HasText = email });

    public ILocator StatusOf(string email) => RowOf(email).Locator("[data-testid=user-status]");

    public ILocator ClassOf(string email) => page.Locator($"[data-testid='user-class-{email}']");

    public async Task ChangeStatusAsync(string email, string action) =>
        await RowOf(email).GetByRole(AriaRole.Button, new() { Name = action }).ClickAsync();

    /// <summary>Moves the account to a class and waits until the change is saved, not merely chosen.</summary>
    public async Task ChangeClassAsync(string email, string className)
    {
        await MudSelect.ChooseAsync(page, ClassOf(email), className);
        await Expect(new Shell(page).Snackbar.Filter(new() { HasText = $"is now in the class {className}" })).ToBeVisibleAsync();
    }
}
