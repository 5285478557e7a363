using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Datawiz.Simulator.Credentials;
using Datawiz.Simulator.Publishing;
using Datawiz.Web.Tests.Harness;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Datawiz.Web.Tests.Simulator;

/// <summary>The simulator's MQTT publisher against a real MQTTnet broker on a real port, checking credentials like the portal.</summary>
public sealed class SimulatorPublishingTests : IAsyncLifetime
{
    private readonly int port = TcpProxy.FreePort();
    private readonly List<SimulatedSensor> sensors = Enumerable.Range(1, 5)
        .Select(i => new SimulatedSensor($"Sensor {i}", $"s-{i:000000000000}", $"pw-{i}", $"users/u1/sensors/s-{i:000000000000}"))
        .ToList();
    private readonly ConcurrentQueue<(string User, string Topic, JsonElement Payload)> received = new();
    private MqttServer? server;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData(MqttQualityOfServiceLevel.AtLeastOnce, MqttProtocolVersion.V311)]
    [InlineData(MqttQualityOfServiceLevel.ExactlyOnce, MqttProtocolVersion.V500)]
    public async Task Every_sensor_publishes_its_readings_to_its_own_topic(MqttQualityOfServiceLevel qos, MqttProtocolVersion version)
    {
        await StartServerAsync();
        var simulation = NewSimulation(qos, version, count: 4, failureRate: 0);

        await simulation.RunAsync(TestContext.Current.CancellationToken);

        // Acknowledged publishes are in the broker before the simulator moves on, so all 20 are there already.
        Assert.Equal(20, simulation.Counters.Accepted);
        Assert.Equal(20, received.Count);
        foreach (var sensor in sensors)
        {
            var mine = received.Where(r => r.User == sensor.Username).ToList();
            Assert.Equal(4, mine.Count);
            Assert.All(mine, m => Assert.Equal(sensor.Topic, m.Topic));
            Assert.All(mine, m => Assert.InRange(m.Payload.GetProperty("temperature").GetInt32(), 0, 50));
            Assert.All(mine, m => Assert.InRange(m.Payload.GetProperty("humidity").GetInt32(), 20, 90));
            Assert.Single(mine.Select(m => m.Payload.GetProperty("hostname").GetString()).Distinct());
        }
    }

    [Fact]
    public async Task A_failed_read_publishes_nothing()
    {
        await StartServerAsync();
        var simulation = NewSimulation(MqttQualityOfServiceLevel.AtLeastOnce, MqttProtocolVersion.V311, count: 3, failureRate: 1);

        await simulation.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(15, simulation.Counters.FailedReads);
        Assert.Equal(0, simulation.Counters.Accepted);
        Assert.Empty(received);
    }

    [Fact]
    public async Task Sensors_keep_trying_until_the_broker_is_up_and_then_publish()
    {
        var simulation = NewSimulation(MqttQualityOfServiceLevel.AtLeastOnce, MqttProtocolVersion.V311, count: null, failureRate: 0);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = simulation.RunAsync(stop.Token);

        await Poll.UntilAsync(() => Task.FromResult(simulation.Counters.Offline >= sensors.Count), TimeSpan.FromSeconds(20), "every sensor to find the broker down");
        await StartServerAsync();
        await Poll.UntilAsync(
            () => Task.FromResult(sensors.All(s => received.Any(r => r.User == s.Username)) && simulation.Counters.Accepted >= sensors.Count),
            TimeSpan.FromSeconds(30), "every sensor to reconnect after its back-off and publish");
        await stop.CancelAsync();
        await run;

        Assert.All(simulation.Counters.LastProblems.Values, p => Assert.StartsWith("Offline: ", p));
    }

    [Fact]
    public async Task A_wrong_password_is_counted_and_reported_not_published()
    {
        await StartServerAsync();
        sensors[0] = sensors[0] with { Password = "wrong" };
        var simulation = NewSimulation(MqttQualityOfServiceLevel.AtLeastOnce, MqttProtocolVersion.V311, count: 1, failureRate: 0);

        await simulation.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(4, simulation.Counters.Accepted);
        Assert.Equal(1, simulation.Counters.Offline);
        Assert.Contains("BadUserNameOrPassword", simulation.Counters.LastProblems[sensors[0].Name]);
        Assert.DoesNotContain(received, r => r.User == sensors[0].Username);
    }

    private Simulation NewSimulation(MqttQualityOfServiceLevel qos, MqttProtocolVersion version, int? count, double failureRate)
    {
        var endpoint = new MqttEndpoint("127.0.0.1", port, qos, version);
        var random = new Random(5);
        return new Simulation(
            sensors,
            sensor => new Datawiz.Simulator.Publishing.MqttTransport(sensor, endpoint, new Backoff(TimeProvider.System, random)),
            new SimulationSettings(TimeSpan.FromMilliseconds(20), count, Seed: 9, failureRate, TimeScale: 1),
            TimeProvider.System);
    }

    private async Task StartServerAsync()
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .Build();
        server = new MqttServerFactory().CreateMqttServer(options);
        var passwords = sensors.ToDictionary(s => s.Username, s => s.Password);
        // The simulator changes a password in one test after this: the broker keeps the real ones.
        passwords = new Dictionary<string, string>(passwords.Select(p => KeyValuePair.Create(p.Key, p.Value == "wrong" ? "pw-1" : p.Value)));
        server.ValidatingConnectionAsync += e =>
        {
            if (!passwords.TryGetValue(e.UserName ?? "", out var expected) || expected != e.Password)
            {
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            }
            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += e =>
        {
            using var json = JsonDocument.Parse(e.ApplicationMessage.Payload.ToArray());
            received.Enqueue((e.UserName ?? "", e.ApplicationMessage.Topic, json.RootElement.Clone()));
            return Task.CompletedTask;
        };
        await server.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.StopAsync();
            server.Dispose();
        }
    }
}
