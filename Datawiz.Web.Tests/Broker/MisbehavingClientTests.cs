using System.Diagnostics;
using System.Net;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Web.Tests.Harness;
using MQTTnet;
using MQTTnet.Formatter;

namespace Datawiz.Web.Tests.Broker;

/// <summary>
/// Clients that never speak, stop halfway through a packet, or hammer the connect check, over real TCP: each is
/// dealt with, and the broker goes on answering everyone else. An app per test, for its settings (and because
/// the connect throttle is per address).
/// </summary>
public sealed class MisbehavingClientTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_connection_that_never_sends_connect_is_closed_after_the_connect_timeout(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        using var silent = await RawMqttClient.OpenAsync(app.MqttPort);
        var watch = Stopwatch.StartNew();

        Assert.True(await silent.IsClosedByServerAsync());

        Assert.True(watch.Elapsed >= ConnectTimeout * 0.9, $"closed after {watch.Elapsed}, before the timeout");
        await AssertStillAnswersAsync(app);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_connection_that_sends_half_a_connect_and_stops_is_closed(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var sensor = await app.NewSensorAsync();
        var connect = RawMqttClient.ConnectPacket(sensor.Username, sensor.Password);
        using var half = await RawMqttClient.OpenAsync(app.MqttPort);

        await half.SendBytesAsync(connect.AsMemory(0, connect.Length / 2));

        Assert.True(await half.IsClosedByServerAsync());
        await AssertStillAnswersAsync(app);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_connection_that_sends_half_a_publish_and_stops_is_closed_when_its_keep_alive_runs_out(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var sensor = await app.NewSensorAsync();
        using var half = await RawMqttClient.ConnectAsync(app.MqttPort, sensor.Username, sensor.Password, keepAliveSeconds: 1);
        var publish = RawMqttClient.PublishPacket($"{sensor.Topic}/t", """{"temperature":21}""");

        await half.SendBytesAsync(publish.AsMemory(0, publish.Length - 5));

        Assert.True(await half.IsClosedByServerAsync());
        await AssertStillAnswersAsync(app);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_thousand_wrong_password_connects_from_one_address_are_throttled_while_another_address_connects(DatabaseProvider provider)
    {
        // The production default; the harness raises it for every other test.
        await using var app = await StartAsync(provider, failedConnectsBeforeDelay: 5);
        var victim = await app.NewSensorAsync();
        var other = await app.NewSensorAsync();
        using var parallel = new SemaphoreSlim(50);

        async Task<int> GuessAsync(int attempt)
        {
            await parallel.WaitAsync(TestContext.Current.CancellationToken);
            try
            {
                using var guess = await RawMqttClient.OpenAsync(app.MqttPort);
                return await guess.ConnectCodeAsync(victim.Username, $"guess-{attempt}");
            }
            finally
            {
                parallel.Release();
            }
        }
        async Task<int> ConnectFromElsewhereAsync()
        {
            using var elsewhere = await RawMqttClient.OpenAsync(app.MqttPort, IPAddress.Parse("127.0.0.2"));
            return await elsewhere.ConnectCodeAsync(other.Username, other.Password);
        }
        var flood = Task.WhenAll(Enumerable.Range(0, 1000).Select(GuessAsync));
        var elsewhereCode = await ConnectFromElsewhereAsync();
        var codes = await flood;

        const int BadUsernameOrPassword = 4, ServerUnavailable = 3;
        var wrong = codes.Count(c => c == BadUsernameOrPassword);
        var throttled = codes.Count(c => c == ServerUnavailable);
        Assert.Equal(0, elsewhereCode);
        Assert.Equal(1000, wrong + throttled);
        // Connects already past the throttle when the fifth failure lands still get their own answer.
        Assert.InRange(wrong, 5, 100);
        var metrics = await app.ScrapeAsync();
        Assert.Equal(throttled, PrometheusText.Value(metrics, "datawiz_broker_refused_connects_total{reason=\"throttled\"}"));
        Assert.Equal(wrong, PrometheusText.Value(metrics, "datawiz_broker_refused_connects_total{reason=\"bad_credentials\"}"));
        Assert.Equal(0, await ConnectFromElsewhereAsync());
    }

    private static async Task<DatawizApp> StartAsync(DatabaseProvider provider, int? failedConnectsBeforeDelay = null)
    {
        var app = DatawizApp.Create(provider);
        app.Settings["Mqtt:ConnectTimeout"] = ConnectTimeout.ToString();
        if (failedConnectsBeforeDelay is { } failures)
        {
            app.Settings["Mqtt:FailedConnectsBeforeDelay"] = failures.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await app.InitializeAsync();
        return app;
    }

    private static async Task AssertStillAnswersAsync(DatawizApp app)
    {
        var sensor = await app.NewSensorAsync();
        using var client = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, sensor.Username, sensor.Password));
        var published = await client.PublishStringAsync($"{sensor.Topic}/t", """{"temperature":20}""", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce,
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(published.IsSuccess, published.ReasonCode.ToString());
    }
}
