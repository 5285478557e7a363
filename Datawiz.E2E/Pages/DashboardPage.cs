namespace Datawiz.E2E.Pages;

/// <summary>The dashboard: its cards, their parts, the search and the empty states.</summary>
public sealed class DashboardPage(IPage page)
{
    public ILocator Cards => page.Locator("[data-testid=dashboard-card]");

    public ILocator Empty => page.Locator("[data-testid=empty-state]");

    public ILocator Search => page.Locator("input[data-testid=dashboard-search]");

    public Task OpenAsync(string query = "") => new Shell(page).OpenAsync("/dashboard" + query);

    public ILocator Card(string name) => Cards.Filter(new() { Has = page.Locator("[data-testid=dashboard-card-name]", new() { HasText = name }) });

    public static ILocator Values(ILocator card) => card.Locator("[data-testid=dashboard-card-value-text]");

    public static ILocator Presence(ILocator card) => card.Locator("[data-testid=dashboard-card-presence]");

    public static ILocator Ago(ILocator card) => card.Locator("[data-testid=dashboard-card-ago]");

    public static ILocator Sparkline(ILocator card) => card.Locator("[data-testid=dashboard-card-sparkline-canvas]");

    public static ILocator Pin(ILocator card) => card.Locator("[data-testid=dashboard-card-pin]");

    public async Task SearchAsync(string text)
    {
        await Search.FillAsync(text);
        await Search.BlurAsync();
    }
}
