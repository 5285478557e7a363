using System.Globalization;
using System.Text;
using Datawiz.E2E.Accessibility;

namespace Datawiz.E2E.Layout;

/// <summary>
/// At a laptop's and a phone's width no page of the portal scrolls sideways: wide tables scroll inside
/// their own box, long values wrap or shrink, and buttons stay inside their cards.
/// </summary>
public sealed class LayoutTests(BrowserFixture browser, PortalTour tour) : IClassFixture<PortalTour>
{
    public static TheoryData<Audience, int, int> Widths() => new()
    {
        { Audience.SignedOut, 1366, 768 },
        { Audience.SignedOut, 390, 844 },
        { Audience.Member, 1366, 768 },
        { Audience.Member, 390, 844 },
        { Audience.Admin, 1366, 768 },
        { Audience.Admin, 390, 844 },
    };

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task No_page_scrolls_sideways(Audience audience, int width, int height)
    {
        var page = await tour.OpenAsync(browser, audience, Theme.Light, new ViewportSize { Width = width, Height = height });
        var report = new StringBuilder();
        try
        {
            foreach (var stop in tour.StopsFor(audience))
            {
                await PortalTour.VisitAsync(page, stop);
                var measured = await page.EvaluateAsync<string>("""
                    () => {
                      const root = document.documentElement;
                      // The widest element that reaches past the window names what to fix.
                      let culprit = "";
                      let widest = root.clientWidth;
                      for (const element of document.body.querySelectorAll("*")) {
                        const right = element.getBoundingClientRect().right;
                        if (right > widest + 1) {
                          widest = right;
                          culprit = element.tagName.toLowerCase() + (element.className && typeof element.className === "string" ? "." + element.className.trim().split(/\s+/).join(".") : "");
                        }
                      }
                      return `${root.scrollWidth} ${root.clientWidth} ${culprit}`;
                    }
                    """);
                var parts = measured.Split(' ', 3);
                if (int.Parse(parts[0], CultureInfo.InvariantCulture) > int.Parse(parts[1], CultureInfo.InvariantCulture))
                {
                    report.AppendLine($"{stop.Path} at {width}x{height}: {parts[0]} px wide in a {parts[1]} px window (widest: {parts[2]})");
                }
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
        Assert.True(report.Length == 0, $"Pages that scroll sideways:{Environment.NewLine}{report}");
    }

    [Fact]
    public async Task An_unknown_address_shows_the_portals_styled_page()
    {
        var page = await tour.OpenAsync(browser, Audience.Member, Theme.Dark);
        try
        {
            var response = await page.GotoAsync("/no-such-page");
            Assert.Equal(404, response?.Status);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
            // Styled: MudBlazor's stylesheet pins the app bar, and the remembered dark palette applies.
            await Expect(page.Locator(".mud-appbar")).ToHaveCSSAsync("position", "fixed");
            await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(50, 51, 61)");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
