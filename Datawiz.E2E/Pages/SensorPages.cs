namespace Datawiz.E2E.Pages;

/// <summary>Sensors: the list, the new-sensor form with its one-time credentials dialog, and a sensor's page.</summary>
public sealed class SensorPages(IPage page)
{
    public ILocator Links => page.Locator("[data-testid=sensor-link]");

    public ILocator Title => page.Locator("[data-testid=sensor-title]");

    public ILocator Username => page.Locator("[data-testid=sensor-username]");

    public ILocator Topic => page.Locator("[data-testid=sensor-topic]");

    /// <summary>The dialog's content (MudDialog puts the test id there; its buttons are outside it).</summary>
    public ILocator CredentialsDialog => page.Locator("[data-testid=credentials-dialog]");

    /// <summary>Passwords shown anywhere on the page: in the dialog after creating one, or in the import's table.</summary>
    public ILocator Passwords => page.Locator("[data-testid=credential-password]");

    public ILocator Usernames => page.Locator("[data-testid=credential-username]");

    public Task OpenListAsync() => new Shell(page).OpenAsync("/sensors");

    public ILocator Search => page.Locator("input[data-testid=sensors-search]");

    public ILocator CreatedTime => page.Locator("[data-testid=sensor-created]");

    public async Task StartNewAsync()
    {
        await page.Locator("[data-testid=sensors-new]").ClickAsync();
        await page.WaitForURLAsync("**/sensors/new");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    public async Task FillNameAsync(string name) => await FillAsync("sensor-name", name);

    public Task ChooseTypeAsync(string label) => MudSelect.ChooseAsync(page, page.Locator("[data-testid=sensor-type]"), label);

    public Task ChooseNetworkAsync(string name) => MudSelect.ChooseAsync(page, page.Locator("[data-testid=sensor-network]"), name);

    /// <summary>The field of one of the type's variables, which appears once the type is chosen.</summary>
    public async Task FillVariableAsync(string key, string value) => await FillAsync($"variable-{key}", value);

    /// <summary>How often the device sends, in seconds (empty: the default).</summary>
    public async Task FillExpectedIntervalAsync(string seconds) => await FillAsync("sensor-expected-interval", seconds);

    public async Task SubmitAsync() => await page.Locator("[data-testid=sensor-submit]").ClickAsync();

    public async Task CloseCredentialsAsync()
    {
        await page.Locator("[data-testid=credentials-done]").ClickAsync();
        await Expect(CredentialsDialog).ToHaveCountAsync(0);
    }

    private async Task FillAsync(string testId, string value)
    {
        var field = page.Locator($"input[data-testid={testId}]");
        await field.FillAsync(value);
        await field.BlurAsync();
    }
}
