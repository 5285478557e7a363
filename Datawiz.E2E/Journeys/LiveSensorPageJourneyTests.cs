using Datawiz.Domain.Sensors;
using Datawiz.E2E.Accessibility;
using Datawiz.E2E.Pages;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.E2E.Journeys;

/// <summary>
/// A user creates a sensor, its device publishes with mosquitto_pub, and the open sensor page shows the values, the
/// point on the live chart and the connection without a reload; its history shows the reading as an average with its
/// band, zooms by dragging, and the export downloads it.
/// </summary>
public sealed class LiveSensorPageJourneyTests(BrowserFixture browser)
{
    private const string Payload = """{"temperature":21.5,"humidity":40}""";

    [Fact]
    public async Task A_message_published_with_mosquitto_pub_reaches_the_latest_values_and_the_live_chart_without_a_reload()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("live");
        await app.CreateAccountAsync(email);
        var type = await app.CreateSensorTypeAsync(name: $"DHT {Guid.NewGuid().ToString("N")[..6]}", fields: SensorTestData.DhtFields());
        var page = await browser.NewPageAsync(app.BaseAddress, new ViewportSize { Width = 1366, Height = 900 });
        try
        {
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            var sensors = new SensorPages(page);
            await sensors.OpenListAsync();
            await sensors.StartNewAsync();
            await sensors.FillNameAsync("Balcony");
            await sensors.ChooseTypeAsync($"{type.Name} ({type.Hardware})");
            await sensors.FillVariableAsync("interval", "30");
            await sensors.FillVariableAsync("api_key", "k");
            await sensors.FillVariableAsync("location", "Balcony");
            await sensors.SubmitAsync();
            await Expect(sensors.Passwords).ToHaveCountAsync(1);
            var password = await sensors.Passwords.InnerTextAsync();
            var username = await sensors.Usernames.InnerTextAsync();
            await sensors.CloseCredentialsAsync();
            await Expect(sensors.Title).ToHaveTextAsync("Balcony");
            var topic = await sensors.Topic.InnerTextAsync();
            await Expect(page.GetByText("No messages yet")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid=connection-state]")).ToHaveTextAsync("not connected");
            var urlBefore = page.Url;
            var navigations = 0;
            page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

            await using (var pub = ExternalProcess.Start("mosquitto_pub",
                ["-h", "127.0.0.1", "-p", $"{app.MqttPort}", "-u", username, "-P", password, "-q", "1", "-t", topic, "-m", Payload]))
            {
                Assert.Equal(0, await pub.ExitCodeAsync());
            }

            // Within a second or so of the commit, not at the next 5 s re-read: the live feed, no click, no reload.
            await Expect(page.Locator("[data-testid=telemetry-value-text]")).ToHaveTextAsync(["21.5 °C", "40 %"], new() { Timeout = 4000 });
            var chart = page.Locator("[data-testid=telemetry-chart-canvas]");
            await Expect(chart).ToBeAttachedAsync();
            await Expect(page.Locator("[data-testid=telemetry-chart-failed]")).ToHaveCountAsync(0);
            await Expect(chart).ToHaveAttributeAsync("data-points", "2");
            await Expect(chart).ToHaveAttributeAsync("data-ready", "true");
            await Expect(chart.Locator("svg .apexcharts-series path").First).ToBeAttachedAsync();
            await Expect(chart).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("last 5 minutes"));
            Assert.Equal(urlBefore, page.Url);
            Assert.Equal(0, navigations);
            await Expect(page.Locator("[data-testid=connection-state]")).ToHaveTextAsync("not connected");

            // A reload draws the chart from the stored readings of its window (and the sensor-created message is gone).
            await new Shell(page).OpenAsync(urlBefore);
            await Expect(page.Locator("[data-testid=telemetry-chart-canvas]")).ToHaveAttributeAsync("data-points", "2");
            await Expect(page.Locator("[data-testid=telemetry-chart-canvas]")).ToHaveAttributeAsync("data-ready", "true");
            await PageChecks.SaveScreenshotAsync(page, "sensor-page-live-chart.png");
            await PageChecks.ExpectAccessibleAsync(page, "with a live chart, light, 1366 px");

            // History: the stored reading, first raw (Auto, a sparse day), then as an hour's average with its band.
            var history = page.Locator("[data-testid=history-chart-canvas]");
            await Expect(history).ToHaveAttributeAsync("data-ready", "true");
            await Expect(history).ToHaveAttributeAsync("data-band", "false");
            await MudSelect.ChooseAsync(page, page.Locator("[data-testid=history-resolution]"), "Averages of 1-hour buckets");
            await Expect(page.Locator("[data-testid=history-resolution-used]")).ToContainTextAsync("Averages of 1-hour buckets");
            await Expect(history).ToHaveAttributeAsync("data-band", "true");
            await Expect(page.Locator("[data-testid=history-summary-average]")).ToHaveTextAsync(["21.5 °C", "40 %"]);
            await Expect(history.Locator("svg .apexcharts-rangeArea-series").First).ToBeAttachedAsync();
            await history.ScrollIntoViewIfNeededAsync();
            await history.ScreenshotAsync(new LocatorScreenshotOptions { Path = PageChecks.ScreenshotPath("sensor-history-chart.png") });

            // Dragging across the chart zooms into that stretch: the database is asked again, and the way back appears.
            var plot = await history.Locator("svg .apexcharts-grid").First.BoundingBoxAsync();
            Assert.NotNull(plot);
            await page.Mouse.MoveAsync(plot.X + (plot.Width * 0.3f), plot.Y + (plot.Height / 2));
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(plot.X + (plot.Width * 0.6f), plot.Y + (plot.Height / 2), new MouseMoveOptions { Steps = 8 });
            await page.Mouse.UpAsync();
            await Expect(page.Locator("[data-testid=history-reset-zoom]")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid=history-controls] input[data-testid=range-from]")).ToBeVisibleAsync();
            await page.Locator("[data-testid=history-reset-zoom]").ClickAsync();
            await Expect(page.Locator("[data-testid=history-reset-zoom]")).ToHaveCountAsync(0);

            // The export downloads the published values as CSV.
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-download]").ClickAsync());
            Assert.Matches("^Balcony_[0-9]{8}T[0-9]{4}_[0-9]{8}T[0-9]{4}_raw\\.csv$", download.SuggestedFilename);
            var csv = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
            Assert.StartsWith("time,field,unit,value", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
            Assert.Contains(",temperature,°C,21.5\r\n", csv, StringComparison.Ordinal);
            Assert.Contains(",humidity,%,40\r\n", csv, StringComparison.Ordinal);
            await PageChecks.ExpectAccessibleAsync(page, "with history and export, light, 1366 px");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
