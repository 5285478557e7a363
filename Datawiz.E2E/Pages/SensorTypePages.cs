namespace Datawiz.E2E.Pages;

/// <summary>Sensor types: the list, the editor and a type's page.</summary>
public sealed class SensorTypePages(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Errors => page.Locator("[data-testid=sensor-type-errors]");

    public ILocator Status => page.Locator("[data-testid=sensor-type-status]").First;

    public ILocator Code => page.Locator("[data-testid=sensor-type-code]");

    public ILocator ListLink(string name) => page.Locator("[data-testid=sensor-type-link]", new() { HasText = name });

    public async Task OpenListAsync()
    {
        await page.GotoAsync("/sensor-types");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    public async Task StartNewAsync()
    {
        await page.Locator("[data-testid=new-sensor-type]").ClickAsync();
        await page.WaitForURLAsync("**/sensor-types/new");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    public async Task FillAsync(string testId, string value)
    {
        var field = page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}]");
        await field.FillAsync(value);
        // MudBlazor fields commit their value on change, which a blur fires.
        await field.BlurAsync();
    }

    public async Task ClickAsync(string testId) => await page.Locator($"[data-testid={testId}]").ClickAsync();

    public Task ChooseAsync(string testId, string option) => MudSelect.ChooseAsync(page, page.Locator($"[data-testid={testId}]"), option);
}
