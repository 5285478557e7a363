using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Datawiz.Domain.Accounts;
using Datawiz.Web.Tests.Harness;
using Datawiz.Web.Tests.Telemetry;

namespace Datawiz.Web.Tests.Accounts;

public sealed class HelpPageTestsOnSqlite(SqliteApp app) : HelpPageTests(app), IClassFixture<SqliteApp>;

public sealed class HelpPageTestsOnPostgres(PostgresApp app) : HelpPageTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// The help pages tell this portal's real addresses and the reader's own limits, and their examples work when copied as
/// they are; an empty dashboard says how to begin.
/// </summary>
public abstract class HelpPageTests(DatawizApp app)
{
    [Fact]
    public async Task The_mqtt_page_shows_the_port_the_broker_listens_on_and_the_readers_own_topic()
    {
        var (actor, client) = await app.SignedInActorAsync();
        using var _ = client;

        var text = await PortalClient.TextOf(await client.GetAsync("/help/mqtt"));

        // The harness asks for a free port (Mqtt:TcpPort 0), so the page can only know it from the bound listener.
        Assert.NotEqual(1883, app.MqttPort);
        Assert.Contains($"-p {app.MqttPort} ", text);
        Assert.Contains($"ws://{app.BaseAddress.Authority}/mqtt", text);
        Assert.Contains($"users/{actor.UserId:N}/sensors/$SENSOR", text);
        Assert.Contains("262,144 bytes, header included", text);
        Assert.DoesNotContain("Broker is switched off", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_mqtt_page_names_the_limits_of_the_readers_own_class()
    {
        var (actor, client) = await app.SignedInActorAsync();
        using var _ = client;
        var userClass = await app.LimitConnectedSensorsAsync(actor.UserId, maxConnected: 3);
        await using (var db = await app.DbAsync())
        {
            await db.UserClasses.Where(c => c.Id == userClass.Id)
                .ExecuteUpdateAsync(c => c.SetProperty(x => x.MaxMessagesPerMinute, 37), TestContext.Current.CancellationToken);
        }

        var text = Collapse(await PortalClient.TextOf(await client.GetAsync("/help/mqtt")));

        Assert.Contains($"may send 37 messages a minute, over MQTT and HTTP alike: the limit of your user class, {userClass.Name},", text);
        Assert.Contains("lets at most 3 of your sensors be connected at once", text);
        // Not the seeded Standard class' numbers.
        Assert.DoesNotContain("600 messages", text);
        Assert.DoesNotContain("20 of your sensors", text);
    }

    [Fact]
    public async Task The_mqtt_page_tells_an_administrator_in_no_class_that_no_connection_limit_holds_him()
    {
        var (_, client) = await app.SignedInActorAsync(Roles.Admin);
        using var __ = client;

        var text = Collapse(await PortalClient.TextOf(await client.GetAsync("/help/mqtt")));

        // The message rate is the default class' (what ingestion holds him to); the connections are not limited.
        Assert.Matches(@"may send \d+ messages a minute", text);
        Assert.Contains("you may have any number of your sensors connected at once", text);
        Assert.DoesNotContain("lets at most", text);
    }

    [Fact]
    public async Task An_empty_dashboard_says_how_to_connect_a_first_sensor_and_the_setup_help_mentions_the_simulator()
    {
        using var client = await app.SignedInClientAsync();

        var html = await (await client.GetAsync("/dashboard")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var text = Collapse(await PortalClient.TextOf(await client.GetAsync("/dashboard")));
        var help = Collapse(await PortalClient.TextOf(await client.GetAsync("/help/sensor-setup")));

        Assert.Contains("No sensors on your dashboard yet", text);
        Assert.Contains("href=\"/sensors/new\"", html);
        Assert.Contains("href=\"/help/sensor-setup\"", html);
        Assert.DoesNotContain("is coming", text);
        Assert.Contains("tools/Datawiz.Simulator", help);
        Assert.Contains("the dashboard fills up", help);
    }

    [Fact]
    public async Task A_dashboard_card_shows_the_sensors_latest_values_as_the_page_is_first_rendered()
    {
        var (actor, client) = await app.SignedInActorAsync();
        using var _ = client;
        var sensor = await app.NewTelemetrySensorAsync(actor);
        await app.Ingestion().IngestAsync(app.Message(sensor, """{"temperature":21.5,"humidity":40}"""), TestContext.Current.CancellationToken);
        await app.WriteTelemetrySummaryAsync();

        var text = Collapse(await PortalClient.TextOf(await client.GetAsync("/dashboard")));

        Assert.Contains(sensor.Credentials.SensorName, text);
        Assert.Contains("21.5 °C", text);
        Assert.Contains("40 %", text);
        Assert.Contains("online", text);
        Assert.DoesNotContain("No sensors on your dashboard yet", text);
    }

    [Fact]
    public async Task The_mosquitto_pub_example_stores_its_reading_when_run_as_printed()
    {
        var (actor, client) = await app.SignedInActorAsync();
        using var _ = client;
        var sensor = await app.NewTelemetrySensorAsync(actor);
        var script = await ExampleAsync(client, "/help/mqtt", "help-example-publish", sensor);

        await using var run = ExternalProcess.Start("bash", ["-e", "-c", script]);

        Assert.True(await run.ExitCodeAsync() == 0, run.Output);
        // QoS 1 is acknowledged only after the commit, so the readings are there once mosquitto_pub has exited.
        var readings = await app.ReadingsAsync(sensor.Sender.SensorId);
        Assert.Equal([("humidity", 19.0), ("temperature", 24.0)], readings.Select(r => (r.Field, r.Value)).Order());
    }

    [Fact]
    public async Task The_curl_example_stores_its_reading_when_run_as_printed()
    {
        var (actor, client) = await app.SignedInActorAsync();
        using var _ = client;
        var sensor = await app.NewTelemetrySensorAsync(actor);
        var script = await ExampleAsync(client, "/help/mqtt", "help-example-http", sensor);

        await using var run = ExternalProcess.Start("bash", ["-e", "-c", script]);

        Assert.True(await run.ExitCodeAsync() == 0, run.Output);
        Assert.Contains("Stored.", run.Output);
        Assert.Equal(2, (await app.ReadingsAsync(sensor.Sender.SensorId)).Count);
    }

    [Theory]
    [InlineData("/help/sensor-setup", "help-example-tasmota")]
    [InlineData("/help/node-red", "help-node-red-server")]
    [InlineData("/help/mqtt", "help-example-commands")]
    public async Task The_other_help_pages_name_the_brokers_real_port(string path, string testId)
    {
        using var client = await app.SignedInClientAsync();

        var html = await (await client.GetAsync(path)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Contains($"data-testid=\"{testId}\"", html);
        Assert.Contains($"{app.MqttPort}", WebUtility.HtmlDecode(Block(html, testId)));
    }

    /// <summary>The example with that test id, its SENSOR and PASSWORD lines filled in with the sensor's credentials.</summary>
    private static async Task<string> ExampleAsync(PortalClient client, string path, string testId, TelemetrySensor sensor)
    {
        var html = await (await client.GetAsync(path)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var example = WebUtility.HtmlDecode(Block(html, testId));
        Assert.Matches(VariableLine("SENSOR"), example);
        Assert.Matches(VariableLine("PASSWORD"), example);
        example = VariableLine("SENSOR").Replace(example, $"SENSOR='{sensor.Credentials.Username}'");
        return VariableLine("PASSWORD").Replace(example, $"PASSWORD='{sensor.Credentials.Password}'");
    }

    /// <summary>The text with each run of white space made one space, as a reader sees it.</summary>
    private static string Collapse(string text) => Regex.Replace(text, @"\s+", " ");

    private static Regex VariableLine(string name) => new($"^{name}=.*$", RegexOptions.Multiline);

    private static string Block(string html, string testId)
    {
        var match = Regex.Match(html, $"data-testid=\"{testId}\"[^>]*>(?<body>.*?)</(pre|table)>", RegexOptions.Singleline);
        Assert.True(match.Success, $"No block {testId} on the page.");
        return match.Groups["body"].Value;
    }
}
