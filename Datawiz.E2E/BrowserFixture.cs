[assembly: AssemblyFixture(typeof(Datawiz.E2E.BrowserFixture))]

namespace Datawiz.E2E;

/// <summary>
/// One Chromium for the whole run: Debian's, not a downloaded build (nothing can be downloaded here).
/// Each test opens its own context, so cookies never leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>
    /// How long actions and assertions keep polling. Generous because CI runs these tests beside the
    /// integration tests on two cores, where a page that answers in 100 ms alone can take seconds.
    /// </summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public async ValueTask InitializeAsync()
    {
        SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("DATAWIZ_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            // The network here is closed: background services would only fail to connect, many at a time.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async Task<IPage> NewPageAsync(Uri baseAddress, ViewportSize? viewport = null)
    {
        var options = new BrowserNewContextOptions { BaseURL = baseAddress.ToString() };
        if (viewport is not null)
        {
            options.ViewportSize = viewport;
        }
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        playwright?.Dispose();
    }
}
