using System.Text.RegularExpressions;
using Datawiz.Domain.Sensors;
using Datawiz.E2E.Accessibility;
using Datawiz.E2E.Pages;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.E2E.Journeys;

/// <summary>
/// A new user's dashboard explains how to begin; he creates a sensor, its device publishes with mosquitto_pub, and the
/// open dashboard's card shows the values, online and a point on its sparkline without a reload. Search and pin are
/// kept across a reload.
/// </summary>
public sealed class DashboardJourneyTests(BrowserFixture browser)
{
    private const string Payload = """{"temperature":21.5,"humidity":40}""";

    [Fact]
    public async Task A_message_published_with_mosquitto_pub_reaches_the_dashboard_card_without_a_reload()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("dash");
        await app.CreateAccountAsync(email);
        var type = await app.CreateSensorTypeAsync(name: $"DHT {Guid.NewGuid().ToString("N")[..6]}", fields: SensorTestData.DhtFields());
        var page = await browser.NewPageAsync(app.BaseAddress, new ViewportSize { Width = 1366, Height = 900 });
        try
        {
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            var dashboard = new DashboardPage(page);
            await dashboard.OpenAsync();
            await Expect(dashboard.Empty).ToContainTextAsync("No sensors on your dashboard yet");
            await Expect(page.Locator("[data-testid=dashboard-empty-new]")).ToHaveAttributeAsync("href", "/sensors/new");
            await Expect(page.Locator("[data-testid=dashboard-empty-setup]")).ToHaveAttributeAsync("href", "/help/sensor-setup");
            await PageChecks.ExpectAccessibleAsync(page, "empty, light, 1366 px");

            var sensors = new SensorPages(page);
            await sensors.OpenListAsync();
            await sensors.StartNewAsync();
            await sensors.FillNameAsync("Balcony");
            await sensors.ChooseTypeAsync($"{type.Name} ({type.Hardware})");
            await sensors.FillVariableAsync("interval", "30");
            await sensors.FillVariableAsync("api_key", "k");
            await sensors.FillVariableAsync("location", "Balcony");
            await sensors.FillExpectedIntervalAsync("30");
            await sensors.SubmitAsync();
            await Expect(sensors.Passwords).ToHaveCountAsync(1);
            var password = await sensors.Passwords.InnerTextAsync();
            var username = await sensors.Usernames.InnerTextAsync();
            await sensors.CloseCredentialsAsync();
            await Expect(sensors.Title).ToHaveTextAsync("Balcony");
            await Expect(page.Locator("[data-testid=sensor-expected-interval]")).ToHaveTextAsync("every 30 s");
            var topic = await sensors.Topic.InnerTextAsync();

            await dashboard.OpenAsync();
            var card = dashboard.Card("Balcony");
            await Expect(card).ToHaveCountAsync(1);
            await Expect(DashboardPage.Presence(card)).ToHaveTextAsync("never seen");
            await Expect(card.Locator("[data-testid=dashboard-card-no-values]")).ToBeVisibleAsync();
            var urlBefore = page.Url;
            var navigations = 0;
            page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

            await using (var pub = ExternalProcess.Start("mosquitto_pub",
                ["-h", "127.0.0.1", "-p", $"{app.MqttPort}", "-u", username, "-P", password, "-q", "1", "-t", topic, "-m", Payload]))
            {
                Assert.Equal(0, await pub.ExitCodeAsync());
            }

            // Within a second or so of the commit: the live feed, no click, no reload.
            await Expect(DashboardPage.Values(card)).ToHaveTextAsync(["21.5 °C", "40 %"], new() { Timeout = 4000 });
            await Expect(DashboardPage.Presence(card)).ToHaveTextAsync("online");
            await Expect(DashboardPage.Ago(card)).ToHaveTextAsync(new Regex(@"^\d+ s ago$"));
            var firstAgo = await DashboardPage.Ago(card).InnerTextAsync();
            // The ticker moves it on by itself.
            await Expect(DashboardPage.Ago(card)).Not.ToHaveTextAsync(firstAgo, new() { Timeout = 4000 });
            var sparkline = DashboardPage.Sparkline(card);
            await Expect(sparkline).ToHaveAttributeAsync("data-points", "1");
            await Expect(sparkline).ToHaveAttributeAsync("data-ready", "true");
            await Expect(sparkline).ToHaveAttributeAsync("role", "img");
            await Expect(sparkline).ToHaveAttributeAsync("aria-label", "Temperature of Balcony over the last hour");
            await Expect(card.Locator("[data-testid=dashboard-card-sparkline-failed]")).ToHaveCountAsync(0);
            Assert.Equal(urlBefore, page.Url);
            Assert.Equal(0, navigations);
            await PageChecks.SaveScreenshotAsync(page, "dashboard-live-card.png");
            await PageChecks.ExpectAccessibleAsync(page, "with a live card, light, 1366 px");

            // After a reload the card starts from what was stored, its sparkline from the minute's average.
            await dashboard.OpenAsync();
            await Expect(DashboardPage.Values(card)).ToHaveTextAsync(["21.5 °C", "40 %"]);
            await Expect(DashboardPage.Sparkline(card)).ToHaveAttributeAsync("data-points", "1");

            // Pinning, and a search, are kept across a reload; a search without a match says so.
            await DashboardPage.Pin(card).ClickAsync();
            await Expect(DashboardPage.Pin(card)).ToHaveAttributeAsync("aria-pressed", "true");
            await dashboard.SearchAsync("no such sensor");
            await Expect(dashboard.Empty).ToContainTextAsync("No sensors match");
            await page.WaitForURLAsync(new Regex(@"[?&]q=no(\+|%20)such(\+|%20)sensor"));
            await page.ReloadAsync();
            await new Shell(page).WaitUntilInteractiveAsync();
            await Expect(dashboard.Empty).ToContainTextAsync("No sensors match");
            await Expect(dashboard.Search).ToHaveValueAsync("no such sensor");
            await dashboard.SearchAsync("balc");
            await Expect(DashboardPage.Pin(card)).ToHaveAttributeAsync("aria-pressed", "true");

            // On a phone, in dark mode.
            await page.SetViewportSizeAsync(390, 844);
            await page.Context.AddCookiesAsync([new Cookie { Name = PortalTour.ThemeCookieName, Value = "dark", Url = app.BaseAddress.ToString() }]);
            await dashboard.OpenAsync("?q=balc");
            await Expect(DashboardPage.Sparkline(card)).ToHaveAttributeAsync("data-ready", "true");
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
            Assert.False(overflow, "the dashboard scrolls sideways at 390 px");
            await PageChecks.SaveScreenshotAsync(page, "dashboard-live-card-390-dark.png");
            await PageChecks.ExpectAccessibleAsync(page, "with a card, dark, 390 px");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
