using Datawiz.E2E.Accessibility;
using Datawiz.E2E.Pages;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.E2E.Journeys;

/// <summary>
/// An administrator declares a switch's commands on a new sensor type, registers a sensor of it, and switches it from
/// its page: mosquitto_sub, connected as the device, prints the command, and the state the device reports with
/// mosquitto_pub appears on the open page without a reload.
/// </summary>
public sealed class SensorCommandJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_command_button_publishes_to_the_devices_command_topic_and_the_reported_state_shows_without_a_reload()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var page = await browser.NewPageAsync(app.BaseAddress, new ViewportSize { Width = 1366, Height = 900 });
        try
        {
            await new LoginPage(page).SignInAsync(DatawizApp.AdminEmail, DatawizApp.AdminPassword);
            var typeName = $"Sonoff Basic {Guid.NewGuid().ToString("N")[..6]}";
            var types = new SensorTypePages(page);
            await types.OpenListAsync();
            await types.StartNewAsync();
            await types.FillAsync("type-name", typeName);
            await types.FillAsync("type-hardware", "Sonoff Basic (Tasmota)");
            await types.FillAsync("template-content-0", "Backlog MqttUser {{MQTT_USERNAME}}; FullTopic {{MQTT_TOPIC}}/%prefix%/");
            await types.ClickAsync("add-command");
            await types.FillAsync("command-name-0", "POWER");
            await types.FillAsync("command-label-0", "Power");
            await types.FillAsync("command-payloads-0", "ON, OFF, TOGGLE#");
            await types.FillAsync("command-state-0", "power");

            // A payload that could not be a safe topic value is named, and nothing typed is lost.
            await types.ClickAsync("sensor-type-submit");
            await Expect(types.Errors).ToContainTextAsync("The payload 'TOGGLE#' of the command 'POWER'");
            await types.FillAsync("command-payloads-0", "ON, OFF, TOGGLE");
            await types.ClickAsync("sensor-type-submit");
            await Expect(types.Heading).ToHaveTextAsync(typeName);
            await Expect(page.Locator("[data-testid=sensor-type-commands]")).ToContainTextAsync("ON, OFF, TOGGLE");

            var sensors = new SensorPages(page);
            await sensors.OpenListAsync();
            await sensors.StartNewAsync();
            await sensors.FillNameAsync("Desk lamp");
            await sensors.ChooseTypeAsync($"{typeName} (Sonoff Basic (Tasmota))");
            await sensors.SubmitAsync();
            await Expect(sensors.Passwords).ToHaveCountAsync(1);
            var password = await sensors.Passwords.InnerTextAsync();
            var username = await sensors.Usernames.InnerTextAsync();
            await sensors.CloseCredentialsAsync();
            await Expect(sensors.Title).ToHaveTextAsync("Desk lamp");
            var topic = await sensors.Topic.InnerTextAsync();
            var commands = page.Locator("[data-testid=sensor-commands]");
            await Expect(commands.Locator("[data-testid=command-state]")).ToHaveTextAsync("unknown");
            await Expect(commands.Locator("[data-testid=command-topic]")).ToHaveTextAsync($"{topic}/cmnd/POWER");
            var urlBefore = page.Url;
            var navigations = 0;
            page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

            string[] device = ["-h", "127.0.0.1", "-p", $"{app.MqttPort}", "-u", username, "-P", password];
            // Line-buffered, so that its SUBACK line is seen before the button is pressed.
            await using (var sub = ExternalProcess.Start("stdbuf", ["-oL", "mosquitto_sub", .. device, "-d", "-q", "1", "-t", $"{topic}/cmnd/POWER", "-C", "1", "-W", "30", "-v"]))
            {
                await Poll.UntilAsync(() => Task.FromResult(sub.Output.Contains("SUBACK", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "mosquitto_sub to subscribe");
                await commands.GetByRole(AriaRole.Button, new() { Name = "Send POWER ON" }).ClickAsync();

                Assert.Equal(0, await sub.ExitCodeAsync());
                Assert.Contains($"{topic}/cmnd/POWER ON", sub.Output.Split('\n').Select(line => line.TrimEnd('\r')));
            }
            await Expect(page.GetByText("POWER ON sent to the sensor.")).ToBeVisibleAsync();

            // The device answers as Tasmota does, on stat/POWER: the open page shows it by itself.
            await using (var pub = ExternalProcess.Start("mosquitto_pub", [.. device, "-q", "1", "-t", $"{topic}/stat/POWER", "-m", "OFF"]))
            {
                Assert.Equal(0, await pub.ExitCodeAsync());
            }
            await Expect(commands.Locator("[data-testid=command-state]")).ToHaveTextAsync("OFF", new() { Timeout = 4000 });
            Assert.Equal(urlBefore, page.Url);
            Assert.Equal(0, navigations);
            // axe reads a snackbar that is fading in or out as text of too little contrast; they go after a few seconds.
            await Expect(new Shell(page).Snackbar).ToHaveCountAsync(0, new() { Timeout = 15000 });
            await PageChecks.ExpectAccessibleAsync(page, "with commands, light, 1366 px");

            await page.Context.AddCookiesAsync([new Cookie { Name = PortalTour.ThemeCookieName, Value = "dark", Url = app.BaseAddress.ToString() }]);
            await page.SetViewportSizeAsync(390, 844);
            // After a reload the state comes from the stored latest readings, written once a second.
            await app.WriteTelemetrySummaryAsync();
            await new Shell(page).OpenAsync(urlBefore);
            await Expect(page.Locator("[data-testid=command-state]")).ToHaveTextAsync("OFF");
            await PageChecks.ExpectAccessibleAsync(page, "with commands, dark, 390 px");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
