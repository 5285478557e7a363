namespace Datawiz.E2E.Pages;

/// <summary>Administration → User classes: the list and the dialog that creates or edits a class.</summary>
public sealed class UserClassesPage(IPage page)
{
    private ILocator Dialog => page.Locator(".mud-dialog", new() { Has = page.Locator("[data-testid=user-class-form]") });

    public ILocator RowOf(string name) =>
        page.Locator("[data-testid=user-classes-grid] tr", new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = name, Exact = true }) });

    public Task OpenAsync() => new Shell(page).OpenAsync("/admin/user-classes");

    public async Task CreateAsync(string name, int maxSensors, int maxApplications)
    {
        await page.Locator("[data-testid=user-class-create]").ClickAsync();
        await FillAsync("user-class-name", name);
        await FillAsync("user-class-max-sensors", maxSensors.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await FillAsync("user-class-max-applications", maxApplications.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Dialog.Locator("[data-testid=user-class-save]").ClickAsync();
        await Expect(Dialog).ToHaveCountAsync(0);
    }

    private async Task FillAsync(string testId, string value)
    {
        var field = Dialog.Locator($"input[data-testid={testId}]");
        await field.FillAsync(value);
        await field.BlurAsync();
    }
}
