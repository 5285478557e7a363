namespace Datawiz.E2E.Pages;

/// <summary>Administration → Users.</summary>
public sealed class UsersPage(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/admin/users");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    public ILocator RowOf(string email) => page.Locator("tr", new() { HasText = email });

    public ILocator StatusOf(string email) => RowOf(email).Locator("[data-testid=user-status]");

    public async Task ChangeStatusAsync(string email, string action) =>
        await RowOf(email).GetByRole(AriaRole.Button, new() { Name = action }).ClickAsync();
}
