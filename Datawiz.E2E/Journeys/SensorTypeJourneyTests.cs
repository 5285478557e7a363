using Datawiz.E2E.Pages;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.E2E.Journeys;

public sealed class SensorTypeJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_member_submits_a_sensor_type_after_fixing_what_the_form_refused()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("maker");
        await app.CreateAccountAsync(email);
        var page = await browser.NewPageAsync(app.BaseAddress);
        await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
        var types = new SensorTypePages(page);

        await types.OpenListAsync();
        await Expect(page.Locator("[data-testid=empty-state]")).ToContainTextAsync("No sensor types yet");
        await types.StartNewAsync();
        await types.FillAsync("type-name", "Balcony climate");
        await types.FillAsync("type-hardware", "ESP8266 + DHT22");
        await types.ClickAsync("add-field");
        await types.FillAsync("field-key-0", "temperature");
        await types.FillAsync("field-label-0", "Temperature");
        await types.FillAsync("field-unit-0", "°C");
        await types.FillAsync("template-content-0", "const char* ssid = \"{{WIFI_SSID}}\";\nint every = {{INTERVAL}};");

        // INTERVAL is not declared yet: the form says so and keeps everything typed.
        await types.ClickAsync("sensor-type-submit");
        await Expect(types.Errors).ToContainTextAsync("'main.ino' uses the placeholder {{INTERVAL}}");
        await types.ClickAsync("add-variable");
        await types.FillAsync("variable-key-0", "INTERVAL");
        await types.FillAsync("variable-label-0", "Interval");
        await types.ClickAsync("sensor-type-submit");

        await Expect(types.Heading).ToHaveTextAsync("Balcony climate");
        await Expect(types.Status).ToHaveTextAsync("Awaiting review");
        await Expect(types.Code).ToContainTextAsync("{{INTERVAL}}");
        await types.OpenListAsync();
        await Expect(types.ListLink("Balcony climate")).ToBeVisibleAsync();
    }
}
