using Datawiz.Domain.Common;
using Datawiz.Domain.Telemetry;
using Datawiz.Infrastructure.Broker;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Tests.Harness;
using Datawiz.Web.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;

namespace Datawiz.Web.Tests.Sensors;

public sealed class SensorLivePageQueryTestsOnSqlite(SqliteApp app) : SensorLivePageQueryTests(app), IClassFixture<SqliteApp>;

public sealed class SensorLivePageQueryTestsOnPostgres(PostgresApp app) : SensorLivePageQueryTests(app), IClassFixture<PostgresApp>;

/// <summary>What a sensor's live page reads besides its counters: its connections, its retained messages, and the chart's first points.</summary>
public abstract class SensorLivePageQueryTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private SensorBrokerState BrokerState => app.Services.GetRequiredService<SensorBrokerState>();

    private RecentReadings Recent => app.Services.GetRequiredService<RecentReadings>();

    [Theory]
    [InlineData(MqttProtocolVersion.V311, "3.1.1")]
    [InlineData(MqttProtocolVersion.V500, "5.0")]
    public async Task A_connected_sensor_shows_its_client_id_version_and_address_until_it_disconnects(MqttProtocolVersion version, string expected)
    {
        var sensor = await app.NewSensorAsync();
        var clientId = $"balcony-{Guid.NewGuid():N}"[..20];
        Assert.False((await BrokerState.GetAsync(sensor.Owner, sensor.Credentials.SensorId, Token)).Expect().IsConnected);

        using var client = await app.ConnectAsync(app.Options(MqttTransport.Tcp, version, sensor.Username, sensor.Password, clientId));

        var connection = Assert.Single((await BrokerState.GetAsync(sensor.Owner, sensor.Credentials.SensorId, Token)).Expect().Connections);
        Assert.Equal(clientId, connection.ClientId);
        Assert.Equal(expected, connection.ProtocolVersion);
        Assert.StartsWith("127.0.0.1:", connection.RemoteAddress, StringComparison.Ordinal);
        Assert.True(connection.ConnectedAt <= app.Clock.GetUtcNow());

        await client.DisconnectAsync(cancellationToken: Token);
        await Poll.UntilAsync(async () => !(await BrokerState.GetAsync(sensor.Owner, sensor.Credentials.SensorId, Token)).Expect().IsConnected,
            TimeSpan.FromSeconds(20), "the disconnect to be seen");
    }

    [Fact]
    public async Task The_retained_messages_under_the_sensors_topic_are_shown_newest_first_shortened_and_only_to_those_who_may_see_it()
    {
        var sensor = await app.NewSensorAsync();
        var other = await app.NewSensorAsync();
        var longPayload = new string('x', SensorBrokerState.PayloadPreviewLength + 50);
        using (var client = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, sensor.Username, sensor.Password)))
        {
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{sensor.Topic}/stat/POWER").WithPayload("ON").WithRetainFlag()
                .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build(), Token);
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{sensor.Topic}/state").WithPayload(longPayload).WithRetainFlag()
                .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build(), Token);
        }
        using (var client = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, other.Username, other.Password)))
        {
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{other.Topic}/stat/POWER").WithPayload("OFF").WithRetainFlag()
                .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build(), Token);
        }

        // Acknowledged at QoS 1 only once stored, so nothing to wait for.
        var retained = (await BrokerState.GetAsync(sensor.Owner, sensor.Credentials.SensorId, Token)).Expect().Retained;

        Assert.Equal([$"{sensor.Topic}/state", $"{sensor.Topic}/stat/POWER"], retained.Select(m => m.Topic));
        Assert.True(retained[0].IsShortened);
        Assert.Equal(longPayload[..SensorBrokerState.PayloadPreviewLength] + "…", retained[0].Payload);
        Assert.Equal(longPayload.Length, retained[0].PayloadBytes);
        Assert.Equal(("ON", false), (retained[1].Payload, retained[1].IsShortened));
        Assert.Equal(OutcomeKind.NotFound, (await BrokerState.GetAsync(other.Owner, sensor.Credentials.SensorId, Token)).Kind);
        Assert.Single((await BrokerState.GetAsync(await app.ConfiguredAdminAsync(), sensor.Credentials.SensorId, Token)).Expect().Retained, m => m.Payload == "ON");
    }

    [Fact]
    public async Task The_chart_starts_with_the_readings_of_its_window_per_field_in_time_order_and_the_types_fields()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var now = app.Clock.GetUtcNow();
        await using (var db = await app.DbAsync())
        {
            db.Readings.AddRange(
                new Reading { SensorId = sensor.Sender.SensorId, Field = "temperature", Timestamp = now.AddMinutes(-10), Value = 1 },
                new Reading { SensorId = sensor.Sender.SensorId, Field = "temperature", Timestamp = now.AddMinutes(-1), Value = 21 },
                new Reading { SensorId = sensor.Sender.SensorId, Field = "temperature", Timestamp = now.AddMinutes(-3), Value = 20 },
                new Reading { SensorId = sensor.Sender.SensorId, Field = "humidity", Timestamp = now.AddMinutes(-2), Value = 40 });
            await db.SaveChangesAsync(Token);
        }

        var recent = (await Recent.GetAsync(sensor.Owner, sensor.Sender.SensorId, TimeSpan.FromMinutes(5), Token)).Expect();

        Assert.Equal([("temperature", "Temperature", "°C"), ("humidity", "Humidity", "%")], recent.TypeFields.Select(f => (f.Key, f.Label, f.Unit)));
        Assert.Equal([20.0, 21.0], recent.Values["temperature"].Select(v => v.Value));
        Assert.Equal([40.0], recent.Values["humidity"].Select(v => v.Value));
        Assert.Equal(now.AddMinutes(-3).ToUnixTimeMilliseconds(), recent.Values["temperature"][0].Timestamp.ToUnixTimeMilliseconds());
        Assert.Equal(OutcomeKind.NotFound, (await Recent.GetAsync(await app.NewActorAsync(), sensor.Sender.SensorId, TimeSpan.FromMinutes(5), Token)).Kind);
    }
}
