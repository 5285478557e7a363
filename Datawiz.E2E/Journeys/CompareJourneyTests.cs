using Datawiz.Domain.Sensors;
using Datawiz.E2E.Pages;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.E2E.Journeys;

/// <summary>A user puts the temperatures of two rooms on one chart; the lines stay in the address.</summary>
public sealed class CompareJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Two_sensors_fields_are_added_as_lines_drawn_together_kept_over_a_reload_and_removed()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("compare");
        var account = await app.CreateAccountAsync(email);
        var kitchen = await NamedSensorAsync(app, account.Id, "Kitchen");
        var cellar = await NamedSensorAsync(app, account.Id, "Cellar");
        var attic = await NamedSensorAsync(app, account.Id, "Attic", SensorTestData.DhtFields());
        await app.PublishAsync(kitchen, """{"temperature":22.5}""");
        await app.PublishAsync(cellar, """{"temperature":11}""");
        await app.PublishAsync(attic, """{"humidity":40}""");
        var page = await browser.NewPageAsync(app.BaseAddress, new ViewportSize { Width = 1366, Height = 900 });
        try
        {
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            await new Shell(page).OpenAsync("/history");
            await Expect(page.GetByText("Nothing to compare yet")).ToBeVisibleAsync();

            await AddLineAsync(page, "Kitchen", lines: 1);
            await AddLineAsync(page, "Cellar", lines: 2);

            await Expect(page.Locator("[data-testid=compare-line]")).ToHaveTextAsync(["Kitchen · temperature", "Cellar · temperature"]);
            var chart = page.Locator("[data-testid=history-chart-canvas]");
            await Expect(chart).ToHaveAttributeAsync("data-points", "2");
            await Expect(page.Locator("[data-testid=history-summary-average]")).ToHaveTextAsync(["22.5", "11"]);
            Assert.Contains($"series={kitchen}%3Atemperature", page.Url, StringComparison.OrdinalIgnoreCase);

            await page.ReloadAsync();
            await Expect(page.Locator("[data-testid=compare-line]")).ToHaveTextAsync(["Kitchen · temperature", "Cellar · temperature"]);
            await Expect(page.Locator("[data-testid=history-chart-canvas]")).ToHaveAttributeAsync("data-ready", "true");
            await Expect(chart.Locator(".apexcharts-yaxis")).ToHaveCountAsync(1);

            // A line of another unit gets a y axis of its own, titled with the unit.
            await MudSelect.ChooseAsync(page, page.Locator("[data-testid=compare-sensor]"), "Attic");
            await MudSelect.ChooseAsync(page, page.Locator("[data-testid=compare-field]"), "Humidity");
            await page.Locator("[data-testid=compare-add-line]").ClickAsync();
            await Expect(page.Locator("[data-testid=compare-line]")).ToHaveTextAsync(["Kitchen · temperature", "Cellar · temperature", "Attic · Humidity"]);
            await Expect(chart).ToHaveAttributeAsync("data-points", "3");
            await Expect(chart.Locator(".apexcharts-yaxis")).ToHaveCountAsync(2);
            await Expect(chart.Locator(".apexcharts-yaxis-title", new() { HasText = "%" })).ToHaveCountAsync(1);
            await Expect(chart.Locator(".apexcharts-yaxis-title", new() { HasText = "no unit" })).ToHaveCountAsync(1);
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove Attic · Humidity" }).ClickAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Remove Kitchen · temperature" }).ClickAsync();
            await Expect(page.Locator("[data-testid=compare-line]")).ToHaveTextAsync(["Cellar · temperature"]);
            await Expect(page.Locator("[data-testid=history-chart-canvas]")).ToHaveAttributeAsync("data-points", "1");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task<Guid> NamedSensorAsync(SqliteApp app, Guid ownerId, string name, List<MeasuredField>? fields = null)
    {
        var id = await app.InsertSensorAsync(ownerId);
        await using var db = await app.DbAsync();
        var sensor = (await db.Sensors.FindAsync([id], TestContext.Current.CancellationToken))!;
        sensor.Name = name;
        if (fields is not null)
        {
            (await db.SensorTypes.FindAsync([sensor.SensorTypeId], TestContext.Current.CancellationToken))!.Fields = fields;
        }
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return id;
    }

    private static async Task AddLineAsync(IPage page, string sensor, int lines)
    {
        await MudSelect.ChooseAsync(page, page.Locator("[data-testid=compare-sensor]"), sensor);
        // The field is chosen once this sensor's fields are read (the choice is empty after the previous line).
        await MudSelect.ExpectShowsAsync(page.Locator("[data-testid=compare-field]"), "temperature");
        await page.Locator("[data-testid=compare-add-line]").ClickAsync();
        await Expect(page.Locator("[data-testid=compare-line]")).ToHaveCountAsync(lines);
        await MudSelect.ExpectShowsAsync(page.Locator("[data-testid=compare-field]"), "");
    }
}
