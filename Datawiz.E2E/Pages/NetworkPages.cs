namespace Datawiz.E2E.Pages;

/// <summary>Networks: the form that adds one and the network's page.</summary>
public sealed class NetworkPages(IPage page)
{
    /// <summary>A network in the list, where adding one leads.</summary>
    public ILocator ListLink(string name) => page.Locator("[data-testid=network-link]", new() { HasText = name });

    public async Task AddAsync(string name, string ssid, string password)
    {
        await new Shell(page).OpenAsync("/networks/new");
        // The fields are immediate: every key press reaches the model, so no blur is needed.
        await page.Locator("input[data-testid=network-name]").FillAsync(name);
        await page.Locator("input[data-testid=network-ssid]").FillAsync(ssid);
        await page.Locator("input[data-testid=network-password]").FillAsync(password);
        await page.Locator("[data-testid=network-submit]").ClickAsync();
    }

    public ILocator Title => page.Locator("[data-testid=network-title]");

    public async Task StartDeletingAsync() => await page.Locator("[data-testid=network-delete]").ClickAsync();
}
