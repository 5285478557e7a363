using Datawiz.Web.Tests.Harness;
using MQTTnet;
using MQTTnet.Formatter;

namespace Datawiz.Web.Tests.Broker;

public sealed class ConnectionLimitTestsOnSqlite(SqliteApp app) : ConnectionLimitTests(app), IClassFixture<SqliteApp>;

public sealed class ConnectionLimitTestsOnPostgres(PostgresApp app) : ConnectionLimitTests(app), IClassFixture<PostgresApp>;

/// <summary>A user class' limit of sensors connected at once: who is refused, how, and when a slot is free again.</summary>
public abstract class ConnectionLimitTests(DatawizApp app)
{
    private const string Refusals = "datawiz_broker_refused_connects_total{reason=\"connection_limit\"}";

    [Fact]
    public async Task The_sensor_past_the_limit_is_refused_with_the_limit_named_and_gets_in_once_another_disconnects()
    {
        var first = await app.NewSensorAsync();
        var second = await app.NewSensorAsync(first.Owner);
        var third = await app.NewSensorAsync(first.Owner);
        var userClass = await app.LimitConnectedSensorsAsync(first.Owner.UserId, 2);
        var refusedBefore = await RefusedConnectsAsync();
        using var one = await app.ConnectSensorAsync(first);
        using var two = await app.ConnectSensorAsync(second, MqttTransport.WebSocket, MqttProtocolVersion.V311);

        var (refused, result) = await app.TryConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, third.Username, third.Password));
        refused.Dispose();
        var (refusedOld, resultOld) = await app.TryConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V311, third.Username, third.Password));
        refusedOld.Dispose();

        Assert.Equal(MqttClientConnectResultCode.QuotaExceeded, result.ResultCode);
        Assert.Contains($"'{userClass.Name}' allows at most 2 sensors connected at once", result.ReasonString);
        Assert.Equal(MqttClientConnectResultCode.ServerUnavailable, resultOld.ResultCode);
        Assert.Equal(refusedBefore + 2, await RefusedConnectsAsync());
        Assert.True(one.IsConnected && two.IsConnected);

        await one.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var admitted = await ConnectOnceAdmittedAsync(third);
        Assert.True(admitted.IsConnected);
    }

    [Fact]
    public async Task A_sensor_reconnecting_or_connected_twice_counts_once()
    {
        var first = await app.NewSensorAsync();
        var second = await app.NewSensorAsync(first.Owner);
        var third = await app.NewSensorAsync(first.Owner);
        await app.LimitConnectedSensorsAsync(first.Owner.UserId, 2);
        var clientId = $"device-{Guid.NewGuid():N}";
        using var original = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, first.Username, first.Password, clientId));

        using var takeover = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V311, first.Username, first.Password, clientId));
        using var secondConnection = await app.ConnectAsync(app.Options(MqttTransport.WebSocket, MqttProtocolVersion.V500, first.Username, first.Password));
        using var other = await app.ConnectSensorAsync(second);
        var (refused, result) = await app.TryConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, third.Username, third.Password));
        refused.Dispose();

        Assert.Equal(MqttClientConnectResultCode.QuotaExceeded, result.ResultCode);
        Assert.True(takeover.IsConnected && secondConnection.IsConnected && other.IsConnected);
        // The sensor keeps its slot while one of its connections is open, and frees it with the last.
        await takeover.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
        var (stillRefused, stillResult) = await app.TryConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, third.Username, third.Password));
        stillRefused.Dispose();
        Assert.Equal(MqttClientConnectResultCode.QuotaExceeded, stillResult.ResultCode);
        await secondConnection.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var admitted = await ConnectOnceAdmittedAsync(third);
        Assert.True(admitted.IsConnected);
    }

    // The slot is freed when the broker has handled the disconnect, which is after the client's DisconnectAsync returns.
    private async Task<IMqttClient> ConnectOnceAdmittedAsync(TestSensor sensor)
    {
        IMqttClient? admitted = null;
        await Poll.UntilAsync(async () =>
        {
            var (client, attempt) = await app.TryConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, sensor.Username, sensor.Password));
            if (attempt.ResultCode == MqttClientConnectResultCode.Success)
            {
                admitted = client;
                return true;
            }
            client.Dispose();
            return false;
        }, TimeSpan.FromSeconds(20), $"{sensor.Username} to get the freed slot");
        return admitted!;
    }

    private async Task<double> RefusedConnectsAsync()
    {
        var text = await app.ScrapeAsync();
        return PrometheusText.ValueOrZero(text, Refusals);
    }
}
