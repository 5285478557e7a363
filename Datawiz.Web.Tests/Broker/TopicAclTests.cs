using Datawiz.Web.Tests.Harness;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Datawiz.Web.Tests.Broker;

public sealed class TopicAclTestsOnSqlite(SqliteApp app) : TopicAclTests(app), IClassFixture<SqliteApp>;

public sealed class TopicAclTestsOnPostgres(PostgresApp app) : TopicAclTests(app), IClassFixture<PostgresApp>;

/// <summary>The topic ACL as clients see it: SUBACK failure codes, refused publishes not delivered, protocol errors closing the connection.</summary>
public abstract class TopicAclTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task A_sensor_may_subscribe_only_under_its_own_topic(MqttProtocolVersion version)
    {
        var sensor = await app.NewSensorAsync();
        var other = await app.NewSensorAsync();
        using var device = await app.ConnectAsync(app.Options(MqttTransport.Tcp, version, sensor.Username, sensor.Password));

        var result = await device.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter($"{sensor.Topic}/cmnd/#")
            .WithTopicFilter(sensor.Topic)
            .WithTopicFilter("#")
            .WithTopicFilter($"{other.Topic}/#")
            .WithTopicFilter($"{sensor.Topic}x/#")
            .WithTopicFilter("$SYS/#")
            .Build(), Token);

        var codes = result.Items.Select(item => item.ResultCode).ToList();
        Assert.All(codes.Take(2), code => Assert.True((int)code <= 2, code.ToString()));
        var refusal = version == MqttProtocolVersion.V500 ? MqttClientSubscribeResultCode.NotAuthorized : MqttClientSubscribeResultCode.UnspecifiedError;
        Assert.All(codes.Skip(2), code => Assert.Equal(refusal, code));
    }

    [Fact]
    public async Task A_publish_under_another_sensors_topic_is_refused_and_not_delivered()
    {
        var sensor = await app.NewSensorAsync();
        var victim = await app.NewSensorAsync();
        using var listener = await app.ConnectSensorAsync(victim);
        var inbox = listener.Inbox();
        await listener.SubscribeAsync($"{victim.Topic}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);
        using var intruder = await app.ConnectSensorAsync(sensor);

        var refused = await intruder.PublishStringAsync($"{victim.Topic}/cmnd/POWER", "OFF", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        var system = await intruder.PublishStringAsync("$SYS/broker/fake", "1", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        // A marker published afterwards by the victim itself: once it arrives, the refused one would have too.
        using (var own = await app.ConnectSensorAsync(victim))
        {
            await own.PublishStringAsync($"{victim.Topic}/marker", "m", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        }
        await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{victim.Topic}/marker", "m")), TimeSpan.FromSeconds(20), "the marker");

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, refused.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, system.ReasonCode);
        Assert.False(inbox.Contains($"{victim.Topic}/cmnd/POWER", "OFF"));
        Assert.True(intruder.IsConnected);
    }

    [Theory]
    [InlineData("/+/x")]
    [InlineData("/#")]
    [InlineData("/a\0b")]
    public async Task Wildcards_or_a_nul_in_a_publish_topic_close_the_connection(string suffix)
    {
        var sensor = await app.NewSensorAsync();
        using var raw = await RawMqttClient.ConnectAsync(app.MqttPort, sensor.Username, sensor.Password);

        await raw.PublishAsync(sensor.Topic + suffix, "{\"temperature\":1}");

        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task An_oversize_topic_closes_the_connection_and_an_oversize_filter_is_refused()
    {
        var sensor = await app.NewSensorAsync();
        var tooLong = $"{sensor.Topic}/{new string('a', 1100)}";
        using var raw = await RawMqttClient.ConnectAsync(app.MqttPort, sensor.Username, sensor.Password);
        using var client = await app.ConnectSensorAsync(sensor);

        await raw.PublishAsync(tooLong, "1");
        var subscribed = await client.SubscribeAsync(tooLong, cancellationToken: Token);

        Assert.True(await raw.IsClosedByServerAsync());
        Assert.Equal(MqttClientSubscribeResultCode.TopicFilterInvalid, subscribed.Items.Single().ResultCode);
    }
}
