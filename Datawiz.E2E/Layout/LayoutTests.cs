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

    [Theory]
    [InlineData(Audience.Member)]
    [InlineData(Audience.Admin)]
    public async Task At_a_laptops_width_tables_fit_their_cells_line_up_with_their_rows_and_buttons_stay_on_one_line(Audience audience)
    {
        var report = await MeasureEveryPageAsync(audience, new ViewportSize { Width = 1366, Height = 768 }, """
            () => {
              const problems = [];
              const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
              const where = e => e.closest("[data-testid]")?.dataset.testid ?? e.tagName.toLowerCase();
              // The lines a button's label takes: the distinct tops of its text's boxes.
              const lines = button => {
                const tops = new Set();
                const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
                for (let text = walker.nextNode(); text; text = walker.nextNode()) {
                  const range = document.createRange();
                  range.selectNodeContents(text);
                  for (const box of range.getClientRects()) if (box.width > 0) tops.add(Math.round(box.top));
                }
                return tops.size;
              };
              for (const button of document.querySelectorAll(".mud-button-root")) {
                if (shown(button) && lines(button) > 1) problems.push(`the label of "${button.textContent.trim()}" (${where(button)}) wraps`);
              }
              for (const table of document.querySelectorAll("table")) {
                if (!shown(table)) continue;
                const box = table.closest(".mud-table-container") ?? table.parentElement;
                if (box.scrollWidth > box.clientWidth + 1) problems.push(`${where(table)} is ${box.scrollWidth} px wide in a ${box.clientWidth} px box`);
                for (const row of table.querySelectorAll("tbody > tr")) {
                  const r = row.getBoundingClientRect();
                  [...row.children].forEach((cell, column) => {
                    const c = cell.getBoundingClientRect();
                    if (Math.abs(c.top - r.top) > 1 || Math.abs(c.height - r.height) > 1) {
                      problems.push(`${where(table)}: column ${column + 1}'s cell is ${Math.round(c.height)} px high at ${Math.round(c.top - r.top)} px from its row's top, the row ${Math.round(r.height)} px`);
                    }
                    const buttons = [...cell.querySelectorAll(".mud-button-root")].filter(shown);
                    if (new Set(buttons.map(b => Math.round(b.getBoundingClientRect().top))).size > 1) {
                      problems.push(`${where(table)}: the buttons of column ${column + 1} take more than one line`);
                    }
                  });
                }
              }
              return [...new Set(problems)];
            }
            """);
        Assert.True(report.Length == 0, $"Tables and buttons that do not fit at 1366 px:{Environment.NewLine}{report}");
    }

    [Theory]
    [InlineData(Audience.Member)]
    [InlineData(Audience.Admin)]
    public async Task On_a_phone_lists_are_cards_without_empty_labels_and_their_search_boxes_show_their_whole_hint(Audience audience)
    {
        var report = await MeasureEveryPageAsync(audience, new ViewportSize { Width = 390, Height = 844 }, """
            () => {
              const problems = [];
              const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
              const where = e => e.closest("[data-testid]")?.dataset.testid ?? e.tagName.toLowerCase();
              for (const cell of document.querySelectorAll(".mud-xs-table tbody > tr > td")) {
                if (!shown(cell) || cell.getBoundingClientRect().height === 0) continue;
                const label = (cell.getAttribute("data-label") ?? "").trim();
                const before = getComputedStyle(cell, "::before").content;
                const labelled = before !== "none" && before !== "normal";
                const hasValue = cell.textContent.trim() !== "" || cell.querySelector("svg, img, input, button, a, .mud-chip") !== null;
                if (labelled && label === "") problems.push(`${where(cell)}: a card line with an empty label`);
                if (label !== "" && !hasValue) problems.push(`${where(cell)}: "${label}" with nothing beside it`);
              }
              const canvas = document.createElement("canvas").getContext("2d");
              for (const input of document.querySelectorAll(".mud-table-toolbar input[placeholder], .mud-table-toolbar input[type=search]")) {
                if (!shown(input)) continue;
                const style = getComputedStyle(input);
                canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                const hint = input.getAttribute("placeholder") ?? "";
                const needed = canvas.measureText(hint).width;
                if (needed > room + 1) problems.push(`${where(input)}: the hint "${hint}" needs ${Math.round(needed)} px, the box has ${Math.round(room)}`);
                const toolbar = input.closest(".mud-table-toolbar").getBoundingClientRect();
                const field = input.closest(".mud-input-control").getBoundingClientRect();
                if (field.left < toolbar.left - 1 || field.right > toolbar.right + 1) problems.push(`${where(input)}: the search box reaches outside its toolbar`);
              }
              return [...new Set(problems)];
            }
            """);
        Assert.True(report.Length == 0, $"Lists that do not fit a phone:{Environment.NewLine}{report}");
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task A_message_after_an_action_covers_neither_the_app_bar_nor_the_pages_heading_and_its_buttons(int width, int height)
    {
        var page = await tour.OpenAsync(browser, Audience.Member, Theme.Light, new ViewportSize { Width = width, Height = height });
        try
        {
            await PortalTour.VisitAsync(page, tour.StopsFor(Audience.Member).First(stop => stop.Template == "/sensors/{Id:guid}"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Copy username" }).ClickAsync();
            var snackbar = new Pages.Shell(page).Snackbar;
            await Expect(snackbar).ToBeVisibleAsync();

            var covered = await snackbar.EvaluateAsync<string[]>("""
                message => {
                  const m = message.getBoundingClientRect();
                  const overlaps = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.left < m.right && r.right > m.left && r.top < m.bottom && r.bottom > m.top; };
                  const heading = document.querySelector("main h1, .mud-main-content h1");
                  const header = [document.querySelector(".mud-appbar"), heading, ...heading.parentElement.querySelectorAll(".mud-button-root")];
                  return header.filter(overlaps).map(e => e.textContent.trim() || e.className);
                }
                """);
            Assert.True(covered.Length == 0, $"The message covers: {string.Join(", ", covered)}");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Runs <paramref name="measure"/> (a script returning the problems it saw) on every page of <paramref name="audience"/>.</summary>
    private async Task<string> MeasureEveryPageAsync(Audience audience, ViewportSize viewport, string measure)
    {
        var page = await tour.OpenAsync(browser, audience, Theme.Light, viewport);
        var report = new StringBuilder();
        try
        {
            foreach (var stop in tour.StopsFor(audience))
            {
                await PortalTour.VisitAsync(page, stop);
                foreach (var problem in await page.EvaluateAsync<string[]>(measure))
                {
                    report.AppendLine($"{stop.Path}: {problem}");
                }
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
        return report.ToString();
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
