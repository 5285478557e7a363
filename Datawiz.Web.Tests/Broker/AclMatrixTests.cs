using Datawiz.Domain.Accounts;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Datawiz.Web.Tests.Broker;

public sealed class AclMatrixTestsOnSqlite(SqliteApp app) : AclMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class AclMatrixTestsOnPostgres(PostgresApp app) : AclMatrixTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// The topic ACL for every kind of account, with real clients: a sensor, its owner, a member of a group the
/// sensor is shared with, a stranger and an administrator, each with its own credentials.
/// </summary>
public abstract class AclMatrixTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <param name="Shared">Owned by <paramref name="Owner"/>, shared with a group of his that <paramref name="Member"/> belongs to.</param>
    /// <param name="Unshared">Owned by <paramref name="Owner"/>, shared with nobody.</param>
    private sealed record World(TestMqttUser Owner, TestSensor Shared, TestSensor Unshared, TestMqttUser Member, TestMqttUser Stranger, TestMqttUser Admin);

    private async Task<World> WorldAsync()
    {
        var owner = await app.NewMqttUserAsync();
        var member = await app.NewMqttUserAsync();
        var shared = await app.NewSensorAsync(owner.Actor);
        var unshared = await app.NewSensorAsync(owner.Actor);
        var group = await app.CreateGroupAsync(owner.Actor.UserId, member.Actor.UserId);
        var sharing = await app.Services.GetRequiredService<SensorSharing>().SetGroupsAsync(owner.Actor, shared.Credentials.SensorId, [group.Id], Token);
        Assert.True(sharing.Succeeded, sharing.Message);
        return new World(owner, shared, unshared, member, await app.NewMqttUserAsync(), await app.NewMqttUserAsync(role: Roles.Admin));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Each_account_may_subscribe_where_the_acl_says_and_gets_a_failure_code_elsewhere(MqttProtocolVersion version)
    {
        var (owner, shared, unshared, member, stranger, admin) = await WorldAsync();

        await AssertSubscriptionsAsync(version, shared.Username, shared.Password,
            allowed: [shared.Topic, $"{shared.Topic}/cmnd/#"],
            refused: [$"{unshared.Topic}/#", "#", $"{owner.Prefix}/#", $"{stranger.Prefix}/#", "$SYS/#"]);
        await AssertSubscriptionsAsync(version, owner.Username, owner.Password,
            allowed: [$"{owner.Prefix}/#", $"{shared.Topic}/#", $"{unshared.Topic}/#"],
            refused: [$"{stranger.Prefix}/#", "#", "+/+/sensors/#", "$SYS/#"]);
        await AssertSubscriptionsAsync(version, member.Username, member.Password,
            allowed: [$"{member.Prefix}/#", shared.Topic, $"{shared.Topic}/#"],
            refused: [$"{unshared.Topic}/#", $"{owner.Prefix}/#", $"{owner.Prefix}/sensors/+", "#", "$SYS/#"]);
        await AssertSubscriptionsAsync(version, stranger.Username, stranger.Password,
            allowed: [$"{stranger.Prefix}/#"],
            refused: [$"{shared.Topic}/#", $"{unshared.Topic}/#", $"{owner.Prefix}/#", "$SYS/#"]);
        await AssertSubscriptionsAsync(version, admin.Username, admin.Password,
            allowed: ["#", "$SYS/#", $"{shared.Topic}/#", $"{stranger.Prefix}/#"],
            refused: []);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Refused_publishes_are_not_delivered_and_allowed_ones_are(MqttProtocolVersion version)
    {
        var (owner, shared, unshared, member, stranger, admin) = await WorldAsync();
        // The administrator's "#" receives every delivered message outside $SYS; the member's subscription is read-only access to the shared sensor.
        using var everything = await app.ConnectUserAsync(admin);
        var delivered = everything.Inbox();
        await SubscribeGrantedAsync(everything, "#");
        using var reader = await app.ConnectUserAsync(member);
        var read = reader.Inbox();
        await SubscribeGrantedAsync(reader, $"{shared.Topic}/#");

        using var sensor = await app.ConnectAsync(app.Options(MqttTransport.Tcp, version, shared.Username, shared.Password));
        using var ownerApp = await app.ConnectAsync(app.Options(MqttTransport.Tcp, version, owner.Username, owner.Password));
        using var memberApp = await app.ConnectAsync(app.Options(MqttTransport.Tcp, version, member.Username, member.Password));
        using var strangerApp = await app.ConnectAsync(app.Options(MqttTransport.Tcp, version, stranger.Username, stranger.Password));
        using var adminApp = await app.ConnectAsync(app.Options(MqttTransport.Tcp, version, admin.Username, admin.Password));

        var refused = new (IMqttClient Client, string Topic)[]
        {
            (sensor, unshared.Topic),
            (sensor, $"{owner.Prefix}/apps/flow"),
            (memberApp, $"{shared.Topic}/cmnd/POWER"),
            (memberApp, $"{owner.Prefix}/apps/flow"),
            (strangerApp, $"{shared.Topic}/cmnd/POWER"),
            (ownerApp, $"{stranger.Prefix}/apps/flow"),
            (ownerApp, "$SYS/broker/fake"),
        };
        var allowed = new (IMqttClient Client, string Topic)[]
        {
            (sensor, shared.Topic),
            (ownerApp, $"{owner.Prefix}/apps/flow"),
            (ownerApp, $"{shared.Topic}/cmnd/POWER"),
            (memberApp, $"{member.Prefix}/apps/flow"),
            (strangerApp, $"{stranger.Prefix}/apps/flow"),
            (adminApp, $"{unshared.Topic}/cmnd/POWER"),
            (adminApp, $"{stranger.Prefix}/apps/flow"),
        };

        foreach (var (client, topic) in refused)
        {
            var result = await client.PublishStringAsync(topic, Refused, MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
            // MQTT 3.1.1 cannot say no in a PUBACK: the publish is acknowledged and dropped.
            var expected = version == MqttProtocolVersion.V500 ? MqttClientPublishReasonCode.NotAuthorized : MqttClientPublishReasonCode.Success;
            Assert.True(expected == result.ReasonCode, $"{topic}: {result.ReasonCode}");
        }
        foreach (var (client, topic) in allowed)
        {
            var result = await client.PublishStringAsync(topic, Allowed, MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
            Assert.True(result.IsSuccess, $"{topic}: {result.ReasonCode}");
        }
        // Published last: once it arrives, any refused publish would have arrived before it.
        await adminApp.PublishStringAsync($"{shared.Topic}/marker", "m", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        await Poll.UntilAsync(() => Task.FromResult(delivered.Contains($"{shared.Topic}/marker", "m") && read.Contains($"{shared.Topic}/marker", "m")),
            TimeSpan.FromSeconds(20), "the marker");

        Assert.All(allowed, p => Assert.True(delivered.Contains(p.Topic, Allowed), $"{p.Topic} was not delivered"));
        Assert.All(refused, p => Assert.False(delivered.Contains(p.Topic, Refused), $"{p.Topic} was delivered"));
        Assert.True(read.Contains(shared.Topic, Allowed), "the member did not receive the shared sensor's reading");
        Assert.False(read.Contains($"{shared.Topic}/cmnd/POWER", Refused));
        Assert.All([sensor, ownerApp, memberApp, strangerApp, adminApp], client => Assert.True(client.IsConnected));
    }

    private const string Allowed = "{\"temperature\":21,\"note\":\"allowed\"}";
    private const string Refused = "{\"temperature\":21,\"note\":\"refused\"}";

    private async Task AssertSubscriptionsAsync(MqttProtocolVersion version, string username, string password, string[] allowed, string[] refused)
    {
        using var client = await app.ConnectAsync(app.Options(MqttTransport.Tcp, version, username, password));
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in allowed.Concat(refused))
        {
            subscribe.WithTopicFilter(filter);
        }
        var result = await client.SubscribeAsync(subscribe.Build(), Token);

        var codes = result.Items.Select(item => (item.TopicFilter.Topic, item.ResultCode)).ToList();
        var refusal = version == MqttProtocolVersion.V500 ? MqttClientSubscribeResultCode.NotAuthorized : MqttClientSubscribeResultCode.UnspecifiedError;
        Assert.All(codes.Take(allowed.Length), c => Assert.True((int)c.ResultCode <= 2, $"{username} to {c.Topic}: {c.ResultCode}"));
        Assert.All(codes.Skip(allowed.Length), c => Assert.True(c.ResultCode == refusal, $"{username} to {c.Topic}: {c.ResultCode}"));
        Assert.Equal(allowed.Length + refused.Length, codes.Count);
    }

    private static async Task SubscribeGrantedAsync(IMqttClient client, string filter)
    {
        var result = await client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, Token);
        Assert.True((int)result.Items.Single().ResultCode <= 2, result.Items.Single().ResultCode.ToString());
    }
}
