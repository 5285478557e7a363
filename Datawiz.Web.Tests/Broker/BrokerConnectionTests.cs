using Datawiz.Infrastructure.Sensors;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Datawiz.Web.Tests.Broker;

public sealed class BrokerConnectionTestsOnSqlite(SqliteApp app) : BrokerConnectionTests(app), IClassFixture<SqliteApp>;

public sealed class BrokerConnectionTestsOnPostgres(PostgresApp app) : BrokerConnectionTests(app), IClassFixture<PostgresApp>;

/// <summary>The embedded broker over TCP and WebSocket, in both protocol versions: who gets in, and what gets through.</summary>
public abstract class BrokerConnectionTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<MqttTransport, MqttProtocolVersion> Connections => new()
    {
        { MqttTransport.Tcp, MqttProtocolVersion.V311 },
        { MqttTransport.Tcp, MqttProtocolVersion.V500 },
        { MqttTransport.WebSocket, MqttProtocolVersion.V311 },
        { MqttTransport.WebSocket, MqttProtocolVersion.V500 },
    };

    [Theory]
    [MemberData(nameof(Connections))]
    public async Task A_sensor_publishes_at_every_qos_and_its_own_subscriber_receives(MqttTransport transport, MqttProtocolVersion version)
    {
        var sensor = await app.NewSensorAsync();
        using var listener = await app.ConnectSensorAsync(sensor, transport, version);
        var inbox = listener.Inbox();
        var subscribed = await listener.SubscribeAsync($"{sensor.Topic}/#", MqttQualityOfServiceLevel.ExactlyOnce, Token);
        Assert.True((int)subscribed.Items.Single().ResultCode <= 2, subscribed.Items.Single().ResultCode.ToString());
        using var device = await app.ConnectSensorAsync(sensor, transport, version);

        foreach (var qos in new[] { MqttQualityOfServiceLevel.AtMostOnce, MqttQualityOfServiceLevel.AtLeastOnce, MqttQualityOfServiceLevel.ExactlyOnce })
        {
            var payload = $"{{\"temperature\":{(int)qos + 20}}}";
            var published = await device.PublishStringAsync($"{sensor.Topic}/tele", payload, qos, cancellationToken: Token);
            Assert.True(published.IsSuccess, published.ReasonCode.ToString());
            await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{sensor.Topic}/tele", payload)), TimeSpan.FromSeconds(20), $"the QoS {qos} message");
        }
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Wrong_passwords_unknown_users_and_anonymous_clients_are_refused(MqttProtocolVersion version)
    {
        var sensor = await app.NewSensorAsync();

        var wrong = await RefusalAsync(app.Options(MqttTransport.Tcp, version, sensor.Username, sensor.Password + "x"));
        var unknown = await RefusalAsync(app.Options(MqttTransport.Tcp, version, "s-nobodyatall1", sensor.Password));
        var anonymous = await RefusalAsync(app.Options(MqttTransport.Tcp, version, null, null));
        var overWebSocket = await RefusalAsync(app.Options(MqttTransport.WebSocket, version, sensor.Username, "nope"));

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, wrong);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, unknown);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, overWebSocket);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, anonymous);
    }

    [Fact]
    public async Task Regenerating_the_password_closes_the_open_connection_and_only_the_new_one_works()
    {
        var sensor = await app.NewSensorAsync();
        using var device = await app.ConnectSensorAsync(sensor);

        var renewed = (await app.Services.GetRequiredService<SensorService>().RegeneratePasswordAsync(sensor.Owner, sensor.Credentials.SensorId, Token)).Expect();

        await Poll.UntilAsync(() => Task.FromResult(!device.IsConnected), TimeSpan.FromSeconds(20), "the old connection to be closed");
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword,
            await RefusalAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, sensor.Username, sensor.Password)));
        using var again = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, sensor.Username, renewed.Password));
        Assert.True(again.IsConnected);
    }

    [Fact]
    public async Task Deleting_the_sensor_closes_its_connection()
    {
        var sensor = await app.NewSensorAsync();
        using var device = await app.ConnectSensorAsync(sensor, MqttTransport.WebSocket, MqttProtocolVersion.V311);

        var deleted = await app.Services.GetRequiredService<SensorService>().DeleteAsync(sensor.Owner, sensor.Credentials.SensorId, Token);

        Assert.True(deleted.Succeeded, deleted.Message);
        await Poll.UntilAsync(() => Task.FromResult(!device.IsConnected), TimeSpan.FromSeconds(20), "the deleted sensor's connection to be closed");
    }

    [Fact]
    public async Task Another_account_cannot_take_over_a_sessions_client_id()
    {
        var first = await app.NewSensorAsync();
        var second = await app.NewSensorAsync();
        var clientId = $"shared-{Guid.NewGuid():N}";
        using var device = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, first.Username, first.Password, clientId));

        var refused = await RefusalAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, second.Username, second.Password, clientId));

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, refused);
        Assert.True(device.IsConnected);
    }

    [Fact]
    public async Task An_empty_client_id_gets_one_assigned_in_mqtt_5()
    {
        var sensor = await app.NewSensorAsync();
        var (client, result) = await app.TryConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, sensor.Username, sensor.Password, clientId: ""));
        using (client)
        {
            Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
            Assert.StartsWith(sensor.Username, result.AssignedClientIdentifier);
        }
    }

    [Fact]
    public async Task Readiness_reports_the_broker_with_its_port()
    {
        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Name == "broker", Token);

        var broker = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Healthy, broker.Status);
        Assert.Equal(app.MqttPort, broker.Data["tcpPort"]);
        Assert.NotEqual(0, app.MqttPort);
    }

    private async Task<MqttClientConnectResultCode> RefusalAsync(MqttClientOptionsBuilder options)
    {
        var (client, result) = await app.TryConnectAsync(options);
        using (client)
        {
            Assert.False(client.IsConnected);
            return result.ResultCode;
        }
    }
}
