using Datawiz.Web.Tests.Harness;
using Datawiz.Web.Tests.Telemetry;
using Microsoft.EntityFrameworkCore;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Datawiz.Web.Tests.Broker;

public sealed class AcknowledgementTestsOnSqlite(SqliteApp app) : AcknowledgementTests(app), IClassFixture<SqliteApp>;

public sealed class AcknowledgementTestsOnPostgres(PostgresApp app) : AcknowledgementTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// A sensor's QoS 1/2 publish is acknowledged only once its readings are committed, while the connection keeps
/// many publishes in flight; subscribers get only what was stored, in the order it was sent.
/// </summary>
public abstract class AcknowledgementTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfServiceLevel.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfServiceLevel.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfServiceLevel.ExactlyOnce)]
    public async Task Every_acknowledged_publish_is_already_stored_when_its_acknowledgement_arrives(MqttProtocolVersion version, MqttQualityOfServiceLevel qos)
    {
        var sensor = await app.NewTelemetrySensorAsync();
        using var device = await ConnectAsync(sensor, version);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            device.PublishStringAsync(sensor.Sender.SensorTopic, $$"""{"temperature":{{i}}}""", qos, cancellationToken: Token)));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.ReasonCode.ToString()));
        // Read at once, not polled: an acknowledgement before the commit would show here as missing readings.
        var stored = await app.ReadingsAsync(sensor.Sender.SensorId);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (double)i).Order(), stored.Select(r => r.Value).Order());
    }

    [Fact]
    public async Task A_subscriber_receives_a_sensors_messages_after_they_are_stored_and_in_the_order_sent()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        using var listener = await ConnectAsync(sensor, MqttProtocolVersion.V500);
        var inbox = listener.Inbox();
        await listener.SubscribeAsync(sensor.Sender.SensorTopic, MqttQualityOfServiceLevel.AtLeastOnce, Token);
        using var device = await ConnectAsync(sensor, MqttProtocolVersion.V500);

        // QoS 0 goes out in call order without waiting; the QoS 1 publish at the end waits for its own commit.
        for (var i = 0; i < 50; i++)
        {
            await device.PublishStringAsync(sensor.Sender.SensorTopic, $$"""{"temperature":{{i}}}""", MqttQualityOfServiceLevel.AtMostOnce, cancellationToken: Token);
        }
        await device.PublishStringAsync(sensor.Sender.SensorTopic, """{"temperature":50}""", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);

        await Poll.UntilAsync(() => Task.FromResult(Count(inbox) == 51), TimeSpan.FromSeconds(30), "all 51 messages at the subscriber");
        lock (inbox)
        {
            Assert.Equal(Enumerable.Range(0, 51).Select(i => $$"""{"temperature":{{i}}}"""), inbox.Select(m => m.PayloadText()));
        }
        Assert.Equal(51, (await app.ReadingsAsync(sensor.Sender.SensorId)).Count);
    }

    [Fact]
    public async Task Over_the_rate_limit_mqtt_5_gets_quota_exceeded_and_the_refused_messages_reach_no_one()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        await app.LimitMessagesAsync(sensor.Owner.UserId, perMinute: 3);
        var other = await app.NewTelemetrySensorAsync();
        using var listener = await ConnectAsync(sensor, MqttProtocolVersion.V500);
        var inbox = listener.Inbox();
        await listener.SubscribeAsync(sensor.Sender.SensorTopic, MqttQualityOfServiceLevel.AtLeastOnce, Token);
        using var otherListener = await ConnectAsync(other, MqttProtocolVersion.V500);
        var otherInbox = otherListener.Inbox();
        await otherListener.SubscribeAsync(other.Sender.SensorTopic, MqttQualityOfServiceLevel.AtLeastOnce, Token);
        using var device = await ConnectAsync(sensor, MqttProtocolVersion.V500);
        using var otherDevice = await ConnectAsync(other, MqttProtocolVersion.V500);

        var codes = new List<MqttClientPublishReasonCode>();
        for (var i = 0; i < 5; i++)
        {
            codes.Add((await device.PublishStringAsync(sensor.Sender.SensorTopic, $$"""{"temperature":{{i}}}""", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token)).ReasonCode);
        }
        // Deliveries leave in the order the broker took the messages in: once this later one arrived, the refused ones were passed over.
        await otherDevice.PublishStringAsync(other.Sender.SensorTopic, """{"temperature":99}""", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        await Poll.UntilAsync(() => Task.FromResult(Count(otherInbox) == 1 && Count(inbox) >= 3), TimeSpan.FromSeconds(30), "the stored messages at the subscribers");

        Assert.Equal([.. Enumerable.Repeat(MqttClientPublishReasonCode.Success, 3), .. Enumerable.Repeat(MqttClientPublishReasonCode.QuotaExceeded, 2)], codes);
        Assert.Equal(3, Count(inbox));
        Assert.Equal(3, (await app.ReadingsAsync(sensor.Sender.SensorId)).Count);
    }

    [Fact]
    public async Task Over_the_rate_limit_mqtt_3_is_acknowledged_but_the_messages_are_dropped_and_counted_on_the_sensor()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        await app.LimitMessagesAsync(sensor.Owner.UserId, perMinute: 2);
        using var listener = await ConnectAsync(sensor, MqttProtocolVersion.V311);
        var inbox = listener.Inbox();
        await listener.SubscribeAsync(sensor.Sender.SensorTopic, MqttQualityOfServiceLevel.AtLeastOnce, Token);
        using var device = await ConnectAsync(sensor, MqttProtocolVersion.V311);

        var results = new List<MqttClientPublishResult>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await device.PublishStringAsync(sensor.Sender.SensorTopic, $$"""{"temperature":{{i}}}""", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token));
        }

        // 3.1.1 has no negative PUBACK: each publish is acknowledged and the connection stays.
        Assert.All(results, r => Assert.True(r.IsSuccess, r.ReasonCode.ToString()));
        Assert.True(device.IsConnected);
        await Poll.UntilAsync(async () => (await app.CountersAsync(sensor.Sender.SensorId))?.RateLimited == 3, TimeSpan.FromSeconds(30), "the dropped messages to be counted");
        var counters = await app.CountersAsync(sensor.Sender.SensorId);
        Assert.Equal(2, counters!.Stored);
        Assert.Contains("More than 2 messages a minute", counters.LastReason);
        Assert.Equal(2, (await app.ReadingsAsync(sensor.Sender.SensorId)).Count);
        // Deliveries follow the stored messages in order; the refused ones never come.
        await Poll.UntilAsync(() => Task.FromResult(Count(inbox) >= 2), TimeSpan.FromSeconds(30), "the stored messages at the subscriber");
        Assert.Equal(["""{"temperature":0}""", """{"temperature":1}"""], Payloads(inbox));
    }

    private static List<string> Payloads(List<MqttApplicationMessage> inbox)
    {
        lock (inbox)
        {
            return inbox.Select(m => m.PayloadText()).ToList();
        }
    }

    private Task<IMqttClient> ConnectAsync(TelemetrySensor sensor, MqttProtocolVersion version) =>
        app.ConnectAsync(app.Options(MqttTransport.Tcp, version, sensor.Credentials.Username, sensor.Credentials.Password));

    private static int Count(List<MqttApplicationMessage> inbox)
    {
        lock (inbox)
        {
            return inbox.Count;
        }
    }
}

/// <summary>Acknowledgements with settings of their own: slow batches, a database that goes away.</summary>
public sealed class AcknowledgementFaultTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publishes_in_flight_on_one_connection_share_commits()
    {
        // Each batch stays open for half a second: one message in flight per connection would need 20 commits.
        await using var slow = new SqliteApp();
        slow.Settings["Telemetry:MaxBatchDelay"] = "00:00:00.500";
        await slow.InitializeAsync();
        var sensor = await slow.NewTelemetrySensorAsync();
        using var device = await slow.ConnectAsync(slow.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, sensor.Credentials.Username, sensor.Credentials.Password));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            device.PublishStringAsync(sensor.Sender.SensorTopic, $$"""{"temperature":{{i}}}""", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token)));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.ReasonCode.ToString()));
        var commits = PrometheusText.Value(await slow.ScrapeAsync(), "datawiz_telemetry_batch_size_count");
        Assert.InRange(commits, 1, 5);
    }

    [Fact]
    public async Task Without_the_database_mqtt_5_hears_an_error_mqtt_3_is_closed_unacknowledged_and_only_acknowledged_messages_are_stored()
    {
        await using var database = await DatabaseOutage.StartAsync();
        var outage = database.App;
        var sensor = await outage.NewTelemetrySensorAsync();
        var options = (MqttProtocolVersion version) => outage.Options(MqttTransport.Tcp, version, sensor.Credentials.Username, sensor.Credentials.Password);
        using var device5 = await outage.ConnectAsync(options(MqttProtocolVersion.V500));
        var acknowledged = 0;
        var sent = 0;
        async Task<MqttClientPublishReasonCode> PublishAsync(IMqttClient client)
        {
            var result = await client.PublishStringAsync(sensor.Sender.SensorTopic, $$"""{"temperature":{{sent++}}}""", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
            acknowledged += result.IsSuccess ? 1 : 0;
            return result.ReasonCode;
        }
        // Through the proxy, with its 2 s connect timeout, a loaded machine can miss a first commit; it is retried, not failed.
        await Poll.UntilAsync(async () => await PublishAsync(device5) == MqttClientPublishReasonCode.Success, TimeSpan.FromSeconds(30), "a first message to be stored");

        await database.CutAsync();
        await Poll.UntilAsync(async () => await PublishAsync(device5) == MqttClientPublishReasonCode.ImplementationSpecificError,
            TimeSpan.FromSeconds(30), "MQTT 5 to hear that nothing can be stored");
        Assert.True(device5.IsConnected);
        using var device3 = await outage.ConnectAsync(options(MqttProtocolVersion.V311));
        await Assert.ThrowsAnyAsync<Exception>(() => PublishAsync(device3));
        await Poll.UntilAsync(() => Task.FromResult(!device3.IsConnected), TimeSpan.FromSeconds(30), "the MQTT 3.1.1 connection to be closed");

        database.Restore();
        await Poll.UntilAsync(async () => await PublishAsync(device5) == MqttClientPublishReasonCode.Success, TimeSpan.FromSeconds(60), "storing to resume");

        Assert.Equal(acknowledged, (await outage.ReadingsAsync(sensor.Sender.SensorId)).Count);
        Assert.True(sent > acknowledged);
    }

    [Fact]
    public async Task Without_the_database_a_qos_2_publish_on_mqtt_5_gets_a_failing_pubrec_and_sensors_not_cached_hear_server_unavailable()
    {
        await using var database = await DatabaseOutage.StartAsync();
        var outage = database.App;
        var sensor = await outage.NewTelemetrySensorAsync();
        // Credentials not cached; and credentials cached (a telemetry sensor's are) but its class not.
        var unseen = await outage.NewSensorAsync();
        var unprofiled = await outage.NewTelemetrySensorAsync();
        using var device = await outage.ConnectAsync(outage.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, sensor.Credentials.Username, sensor.Credentials.Password));
        var acknowledged = 0;
        async Task<MqttClientPublishResult> PublishAsync(int value)
        {
            var result = await device.PublishStringAsync(sensor.Sender.SensorTopic, $$"""{"temperature":{{value}}}""", MqttQualityOfServiceLevel.ExactlyOnce, cancellationToken: Token);
            acknowledged += result.IsSuccess ? 1 : 0;
            return result;
        }
        var sent = 0;
        // As above: a first commit missed on a loaded machine is retried.
        await Poll.UntilAsync(async () => (await PublishAsync(sent++)).IsSuccess, TimeSpan.FromSeconds(30), "a first message to be stored");

        await database.CutAsync();
        MqttClientPublishResult refused = null!;
        await Poll.UntilAsync(async () => !(refused = await PublishAsync(sent++)).IsSuccess, TimeSpan.FromSeconds(30), "the PUBREC to report the outage");
        var (unseenClient, unseenResult) = await outage.TryConnectAsync(
            outage.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, unseen.Username, unseen.Password));
        unseenClient.Dispose();
        var (unprofiledClient, unprofiledResult) = await outage.TryConnectAsync(
            outage.Options(MqttTransport.Tcp, MqttProtocolVersion.V311, unprofiled.Credentials.Username, unprofiled.Credentials.Password));
        unprofiledClient.Dispose();

        // MQTTnet's client drops a PUBREC's reason string (its QoS 2 result takes the code alone), so only the code is seen here.
        Assert.Equal(MqttClientPublishReasonCode.ImplementationSpecificError, refused.ReasonCode);
        Assert.True(device.IsConnected);
        Assert.Equal(MqttClientConnectResultCode.ServerUnavailable, unseenResult.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.ServerUnavailable, unprofiledResult.ResultCode);
        database.Restore();
        await Poll.UntilAsync(async () => (await PublishAsync(sent++)).IsSuccess, TimeSpan.FromSeconds(60), "storing to resume");
        Assert.Equal(acknowledged, (await outage.ReadingsAsync(sensor.Sender.SensorId)).Count);
    }

    [Fact]
    public async Task Without_the_database_a_message_for_an_absent_session_is_acknowledged_and_written_once_the_database_answers()
    {
        await using var database = await DatabaseOutage.StartAsync();
        var outage = database.App;
        var user = await outage.NewMqttUserAsync();
        var clientId = $"away-{Guid.NewGuid():N}";
        var topic = $"{user.Prefix}/commands";
        var persistent = outage.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, user.Username, user.Password, clientId)
            .WithCleanStart(false).WithSessionExpiryInterval(3600);
        using (var away = await outage.ConnectAsync(persistent))
        {
            await away.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce, Token);
            await away.DisconnectAsync(cancellationToken: Token);
        }
        using var publisher = await outage.ConnectUserAsync(user);

        await database.CutAsync();
        // Its row cannot be written: the acknowledgement goes out once writing it failed, instead of never.
        var published = await publisher.PublishStringAsync(topic, "while the database is away", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        Assert.Equal(MqttClientPublishReasonCode.Success, published.ReasonCode);

        database.Restore();
        await Poll.UntilAsync(() => outage.QueryAsync(db => db.QueuedMqttMessages.AnyAsync(m => m.ClientId == clientId, Token)),
            TimeSpan.FromSeconds(60), "the queued message to be written once the database answers");
        var (client, resumed, inbox) = await MqttTestClients.TryResumeAsync(persistent);
        using (client)
        {
            Assert.True(resumed.IsSessionPresent);
            await Poll.UntilAsync(() => Task.FromResult(inbox.Contains(topic, "while the database is away")), TimeSpan.FromSeconds(30), "the queued message on resuming");
        }
    }
}
