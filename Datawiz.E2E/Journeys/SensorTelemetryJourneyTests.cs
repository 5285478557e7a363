using Datawiz.E2E.Accessibility;
using Datawiz.E2E.Pages;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.E2E.Journeys;

/// <summary>A sensor's page while its device starts sending: the empty state, then the counters, without a reload.</summary>
public sealed class SensorTelemetryJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_open_page_picks_up_the_first_messages_by_itself_and_on_refresh_at_a_phones_width_in_both_palettes()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("telemetry");
        var owner = await app.CreateAccountAsync(email);
        var sensorId = await app.InsertSensorAsync(owner.Id);
        var page = await browser.NewPageAsync(app.BaseAddress, new ViewportSize { Width = 390, Height = 844 });
        try
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = PortalTour.ThemeCookieName, Value = "dark", Url = app.BaseAddress.ToString() }]);
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            await new Shell(page).OpenAsync($"/sensors/{sensorId}");
            var panel = page.Locator("[data-testid=sensor-telemetry]");
            await Expect(panel.GetByText("No messages yet")).ToBeVisibleAsync();
            await Expect(panel.GetByRole(AriaRole.Link, new() { Name = "How to connect" })).ToHaveAttributeAsync("href", "/help/mqtt");
            await PageChecks.ExpectAccessibleAsync(page, "empty, dark, 390 px");

            // Nobody clicks: the page re-reads on its own every few seconds.
            Assert.Equal(Infrastructure.Telemetry.IngestionStatus.Stored, (await app.PublishAsync(sensorId, """{"temperature":21.5}""")).Status);
            await Expect(page.Locator("[data-testid=telemetry-received]")).ToHaveTextAsync("1");
            await Expect(page.Locator("[data-testid=telemetry-value-text]")).ToHaveTextAsync(["21.5"]);

            Assert.Equal(Infrastructure.Telemetry.IngestionStatus.Rejected, (await app.PublishAsync(sensorId, "not json")).Status);
            await Poll.UntilAsync(async () => (await app.QueryAsync(db => Task.FromResult(db.SensorTelemetryCounters.Any(c => c.SensorId == sensorId && c.Rejected == 1)))),
                TimeSpan.FromSeconds(20), "the rejection to be counted");
            await page.Locator("[data-testid=telemetry-refresh]").ClickAsync();
            await Expect(page.Locator("[data-testid=telemetry-rejected]")).ToHaveTextAsync("1");
            await Expect(page.Locator("[data-testid=telemetry-last-reason]")).ToContainTextAsync("The payload is not valid JSON.");
            await PageChecks.ExpectAccessibleAsync(page, "with telemetry, dark, 390 px");

            await page.Context.AddCookiesAsync([new Cookie { Name = PortalTour.ThemeCookieName, Value = "light", Url = app.BaseAddress.ToString() }]);
            await page.SetViewportSizeAsync(1366, 768);
            await new Shell(page).OpenAsync($"/sensors/{sensorId}");
            await Expect(page.Locator("[data-testid=telemetry-stored]")).ToHaveTextAsync("1");
            await PageChecks.ExpectAccessibleAsync(page, "with telemetry, light, 1366 px");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
