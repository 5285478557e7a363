using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace Datawiz.E2E.Accessibility;

/// <summary>
/// axe-core's WCAG 2.1 A and AA rules on every page, for each kind of visitor, in both palettes. A serious
/// or critical violation fails the test, listed with the page, the rule and the elements it found.
/// </summary>
public sealed class AccessibilityTests(BrowserFixture browser, PortalTour tour) : IClassFixture<PortalTour>
{
    internal static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    internal static readonly string[] Blocking = ["serious", "critical"];

    [Fact]
    public void The_tour_visits_every_page_of_the_portal()
    {
        var visited = Enum.GetValues<Audience>().SelectMany(tour.StopsFor).Select(stop => stop.Template).ToHashSet();
        var missing = PortalTour.AllTemplates.Keys.Where(template => !visited.Contains(template)).Order().ToList();
        Assert.True(missing.Count == 0, $"Pages no test visits: {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData(Audience.SignedOut, Theme.Light)]
    [InlineData(Audience.SignedOut, Theme.Dark)]
    [InlineData(Audience.Member, Theme.Light)]
    [InlineData(Audience.Member, Theme.Dark)]
    [InlineData(Audience.Admin, Theme.Light)]
    [InlineData(Audience.Admin, Theme.Dark)]
    public async Task Axe_finds_no_serious_violation_on_any_page(Audience audience, Theme theme)
    {
        var page = await tour.OpenAsync(browser, audience, theme);
        var report = new StringBuilder();
        try
        {
            foreach (var stop in tour.StopsFor(audience))
            {
                await PortalTour.VisitAsync(page, stop);
                await ExpectThemeAsync(page, theme, stop);
                var result = await page.RunAxe(WcagAa);
                foreach (var violation in result.Violations.Where(v => Blocking.Contains(v.Impact)))
                {
                    report.AppendLine($"{stop.Path} ({theme}): {violation.Impact} {violation.Id}: {violation.Help}");
                    foreach (var node in violation.Nodes.Take(4))
                    {
                        report.AppendLine($"    {node.Target}: {Explain(node)}");
                    }
                    if (violation.Nodes.Length > 4)
                    {
                        report.AppendLine($"    … and {violation.Nodes.Length - 4} more");
                    }
                }
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
        Assert.True(report.Length == 0, $"axe found serious or critical violations:{Environment.NewLine}{report}");
    }

    private static string Explain(AxeResultNode node) =>
        string.Join(" ", node.Any.Concat(node.All).Concat(node.None).Select(check => check.Message)).ReplaceLineEndings(" ");

    /// <summary>The page really is in the palette asked for (the remembered choice reaches static pages too).</summary>
    private static async Task ExpectThemeAsync(IPage page, Theme theme, TourStop stop)
    {
        var isDark = await page.EvaluateAsync<bool>("""
            () => {
              const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
              return (r + g + b) / 3 < 128;
            }
            """);
        Assert.True(isDark == (theme == Theme.Dark), $"{stop.Path} is not shown in the {theme} palette.");
    }
}
