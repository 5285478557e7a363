using Datawiz.E2E.Pages;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.E2E.Journeys;

/// <summary>A list's state lives in its address, and times follow the browser's zone.</summary>
public sealed class ListJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_search_survives_going_to_an_item_and_back_and_a_shared_link_with_nonsense_still_opens()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("lister");
        var owner = await app.CreateAccountAsync(email);
        foreach (var name in new[] { "Balcony west", "Balcony east", "Cellar" })
        {
            await NameAsync(app, await app.InsertSensorAsync(owner.Id), name);
        }
        var page = await browser.NewPageAsync(app.BaseAddress);
        try
        {
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            var sensors = new SensorPages(page);
            await sensors.OpenListAsync();
            await Expect(sensors.Links).ToHaveCountAsync(3);

            await sensors.Search.FillAsync("cellar");
            await page.WaitForURLAsync("**/sensors?q=cellar");
            await Expect(sensors.Links).ToHaveCountAsync(1);
            await sensors.Links.First.ClickAsync();
            await Expect(sensors.Title).ToHaveTextAsync("Cellar");

            await page.GoBackAsync();
            await page.WaitForURLAsync("**/sensors?q=cellar");
            await Expect(sensors.Search).ToHaveValueAsync("cellar");
            await Expect(sensors.Links).ToHaveCountAsync(1);
            await Expect(sensors.Links).ToHaveTextAsync("Cellar");

            // A shared link: sorted by name, descending; the values that make no sense are ignored.
            await new Shell(page).OpenAsync("/sensors?q=balcony&sort=Name&order=desc&page=banana&size=7&type=nope");
            await Expect(sensors.Links).ToHaveTextAsync(["Balcony west", "Balcony east"]);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Times_follow_the_browsers_zone_and_the_next_page_has_it_from_the_start()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("tokyo");
        var owner = await app.CreateAccountAsync(email);
        var sensorId = await app.InsertSensorAsync(owner.Id);
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), TimezoneId = "Asia/Tokyo" });
        try
        {
            var page = await context.NewPageAsync();
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            var sensors = new SensorPages(page);
            await new Shell(page).OpenAsync($"/sensors/{sensorId}");
            await Expect(sensors.CreatedTime).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex(@"UTC\+09:00 \(Asia/Tokyo\)$"));

            // The cookie the module wrote lets the server render the zone before any script runs.
            using var client = new HttpClient { BaseAddress = app.BaseAddress };
            var cookies = await context.CookiesAsync();
            Assert.Contains(cookies, c => c.Name == "datawiz-tz" && Uri.UnescapeDataString(c.Value) == "Asia/Tokyo");
            var request = new HttpRequestMessage(HttpMethod.Get, $"/sensors/{sensorId}");
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")));
            var markup = System.Net.WebUtility.HtmlDecode(
                await (await client.SendAsync(request, TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Contains("data-testid=\"sensor-title\"", markup);
            Assert.Contains("UTC+09:00 (Asia/Tokyo)", markup);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static async Task NameAsync(DatawizApp app, Guid sensorId, string name)
    {
        await using var db = await app.DbAsync();
        var sensor = await db.Sensors.SingleAsync(s => s.Id == sensorId, TestContext.Current.CancellationToken);
        sensor.Name = name;
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
