using Deque.AxeCore.Playwright;

namespace Datawiz.E2E.Accessibility;

/// <summary>What a journey checks of a page at each step worth checking: axe's WCAG AA rules and no sideways scroll.</summary>
public static class PageChecks
{
    public static async Task ExpectAccessibleAsync(IPage page, string state)
    {
        var result = await page.RunAxe(AccessibilityTests.WcagAa);
        var blocking = result.Violations.Where(v => AccessibilityTests.Blocking.Contains(v.Impact))
            .Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => n.Target))})").ToList();
        Assert.True(blocking.Count == 0, $"axe, {state}: {string.Join("; ", blocking)}");
        var scrollsSideways = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
        Assert.False(scrollsSideways, $"The page scrolls sideways ({state}).");
    }

    /// <summary>Where a screenshot is kept: under the test output, as an artifact of the run.</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public static Task SaveScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath(name), FullPage = true });
}
