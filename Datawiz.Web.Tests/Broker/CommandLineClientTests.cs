using System.Text.Json;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Broker;

public sealed class CommandLineClientTestsOnSqlite(SqliteApp app) : CommandLineClientTests(app), IClassFixture<SqliteApp>;

public sealed class CommandLineClientTestsOnPostgres(PostgresApp app) : CommandLineClientTests(app), IClassFixture<PostgresApp>;

/// <summary>Clients written against Mosquitto work unchanged: Debian's mosquitto_pub/mosquitto_sub and python3-paho-mqtt.</summary>
public abstract class CommandLineClientTests(DatawizApp app)
{
    // Without -i: mosquitto's clients then send an empty client id (with clean session), which the broker gives an id
    // of its own on 3.1.1 as on 5.0.
    [Theory]
    [InlineData("mqttv311")]
    [InlineData("mqttv5")]
    public async Task Mosquitto_sub_receives_what_mosquitto_pub_sends_at_qos_1(string version)
    {
        var sensor = await app.NewSensorAsync();
        string[] connection = ["-h", "127.0.0.1", "-p", $"{app.MqttPort}", "-u", sensor.Username, "-P", sensor.Password, "-V", version];
        // Line-buffered: mosquitto_sub buffers its output when it is not a terminal, and the test waits for its SUBACK line.
        await using var sub = ExternalProcess.Start("stdbuf", ["-oL", "mosquitto_sub", .. connection, "-d", "-q", "1", "-t", $"{sensor.Topic}/#", "-C", "1", "-W", "30", "-v"]);
        await Poll.UntilAsync(() => Task.FromResult(sub.Output.Contains("SUBACK", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "mosquitto_sub to subscribe");

        await using var pub = ExternalProcess.Start("mosquitto_pub", [.. connection, "-q", "1", "-t", $"{sensor.Topic}/SENSOR", "-m", "{\"temperature\":24}"]);

        Assert.Equal(0, await pub.ExitCodeAsync());
        Assert.Equal(0, await sub.ExitCodeAsync());
        Assert.Contains($"{sensor.Topic}/SENSOR {{\"temperature\":24}}", sub.Output);
    }

    [Fact]
    public async Task Mosquitto_pub_with_a_wrong_password_is_refused()
    {
        var sensor = await app.NewSensorAsync();

        await using var pub = ExternalProcess.Start("mosquitto_pub",
            ["-h", "127.0.0.1", "-p", $"{app.MqttPort}", "-u", sensor.Username, "-P", "wrong", "-i", "wrong-password", "-t", $"{sensor.Topic}/x", "-m", "1"]);

        Assert.NotEqual(0, await pub.ExitCodeAsync());
        Assert.Contains("bad user name or password", pub.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Paho_subscribes_publishes_over_tcp_and_websocket_and_is_refused_outside_its_topic()
    {
        var sensor = await app.NewSensorAsync();

        foreach (var transport in new[] { "tcp", "websockets" })
        {
            var port = transport == "tcp" ? app.MqttPort : app.BaseAddress.Port;
            await using var paho = ExternalProcess.Start("/usr/bin/python3", ["-", transport, $"{port}", sensor.Username, sensor.Password, sensor.Topic], PahoScript);

            Assert.Equal(0, await paho.ExitCodeAsync());
            using var result = JsonDocument.Parse(paho.Output.Trim().Split('\n').Last());
            Assert.Equal(0, result.RootElement.GetProperty("connect").GetInt32());
            // Own topic granted at QoS 1; "#" refused with 0x80.
            Assert.Equal([1, 128], result.RootElement.GetProperty("granted").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal("{\"humidity\":19}", result.RootElement.GetProperty("received").GetString());
        }
    }

    // Debian 12's python3-paho-mqtt (1.6) under Debian's own python3, which alone sees it: connect, subscribe to its own topic and to "#", publish at QoS 1, print what happened as JSON.
    private const string PahoScript = """
        import json, sys, threading
        import paho.mqtt.client as mqtt
        transport, port, username, password, topic = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
        result = {}
        done = threading.Event()
        client = mqtt.Client(client_id="paho-" + username, clean_session=True, transport=transport)
        if transport == "websockets":
            client.ws_set_options(path="/mqtt")
        client.username_pw_set(username, password)
        def on_connect(c, userdata, flags, rc):
            result["connect"] = rc
            c.subscribe([(topic + "/#", 1), ("#", 1)])
        def on_subscribe(c, userdata, mid, granted):
            result["granted"] = list(granted)
            c.publish(topic + "/tele", '{"humidity":19}', qos=1)
        def on_message(c, userdata, message):
            result["received"] = message.payload.decode()
            done.set()
        client.on_connect, client.on_subscribe, client.on_message = on_connect, on_subscribe, on_message
        client.connect("127.0.0.1", port, 30)
        client.loop_start()
        ok = done.wait(30)
        client.loop_stop()
        print(json.dumps(result))
        sys.exit(0 if ok else 1)
        """;
}
