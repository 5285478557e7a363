using System.Diagnostics;
using Datawiz.Infrastructure.Broker;
using Datawiz.Web.Tests.Harness;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Datawiz.Web.Tests.Broker;

public sealed class Mqtt5FeatureTestsOnSqlite(SqliteApp app) : Mqtt5FeatureTests(app), IClassFixture<SqliteApp>;

public sealed class Mqtt5FeatureTestsOnPostgres(PostgresApp app) : Mqtt5FeatureTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// What the MQTT 5.0 and 3.1.1 specifications ask of a broker beyond publish and subscribe: wills, session expiry,
/// topic aliases, subscription identifiers, client ids, packet sizes and reason strings. Skipped tests name what MQTTnet 5.2 lacks.
/// </summary>
public abstract class Mqtt5FeatureTests(DatawizApp app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData((byte)4)]
    [InlineData((byte)5)]
    public async Task A_will_is_published_when_the_connection_drops_and_not_after_a_clean_disconnect(byte protocolLevel)
    {
        var user = await app.NewMqttUserAsync();
        using var listener = await app.ConnectUserAsync(user);
        var inbox = listener.Inbox();
        await listener.SubscribeAsync($"{user.Prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);

        using (var dropped = await RawMqttClient.OpenAsync(app.MqttPort))
        {
            Assert.Equal(0, await dropped.SendConnectAsync(protocolLevel, $"raw-{Guid.NewGuid():N}", user.Username, user.Password,
                will: ($"{user.Prefix}/will", "gone")));
        }
        await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{user.Prefix}/will", "gone")), Deadline, "the will of the dropped connection");

        using (var polite = await RawMqttClient.OpenAsync(app.MqttPort))
        {
            Assert.Equal(0, await polite.SendConnectAsync(protocolLevel, $"raw-{Guid.NewGuid():N}", user.Username, user.Password,
                will: ($"{user.Prefix}/will", "polite")));
            await polite.SendPacketAsync(0xE0, protocolLevel == 5 ? [0] : []);
            Assert.True(await polite.IsClosedByServerAsync());
        }
        // The marker is sent after the clean disconnect: once it has arrived, a will would have too.
        using var other = await app.ConnectUserAsync(user);
        await other.PublishStringAsync($"{user.Prefix}/marker", "after", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{user.Prefix}/marker", "after")), Deadline, "the marker");
        Assert.False(inbox.Contains($"{user.Prefix}/will", "polite"));
    }

    [Fact]
    public async Task A_will_with_a_delay_waits_for_it_and_is_dropped_when_the_client_returns_in_time()
    {
        var user = await app.NewMqttUserAsync();
        using var listener = await app.ConnectUserAsync(user);
        var inbox = listener.Inbox();
        await listener.SubscribeAsync($"{user.Prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);

        var returning = $"raw-{Guid.NewGuid():N}";
        using (var first = await RawMqttClient.OpenAsync(app.MqttPort))
        {
            Assert.Equal(0, await first.SendConnectAsync(5, returning, user.Username, user.Password,
                will: ($"{user.Prefix}/will", "returned"), willDelaySeconds: 1, sessionExpirySeconds: 3600));
        }
        using (var back = await RawMqttClient.OpenAsync(app.MqttPort))
        {
            Assert.Equal(0, await back.SendConnectAsync(5, returning, user.Username, user.Password, cleanSession: false, sessionExpirySeconds: 3600));
        }

        // Held for 1 s only: had the return not dropped it, it would arrive before the next will, held for 2 s.
        var delayed = Stopwatch.StartNew();
        using (var gone = await RawMqttClient.OpenAsync(app.MqttPort))
        {
            Assert.Equal(0, await gone.SendConnectAsync(5, $"raw-{Guid.NewGuid():N}", user.Username, user.Password,
                will: ($"{user.Prefix}/will", "late"), willDelaySeconds: 2, sessionExpirySeconds: 60));
        }
        await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{user.Prefix}/will", "late")), Deadline, "the delayed will");

        Assert.True(delayed.Elapsed >= TimeSpan.FromSeconds(1.9), $"the will came after {delayed.Elapsed}");
        Assert.False(inbox.Contains($"{user.Prefix}/will", "returned"));
    }

    [Fact]
    public async Task A_session_with_expiry_0_ends_with_its_connection_and_one_with_an_interval_stays_until_it_passes()
    {
        var user = await app.NewMqttUserAsync();
        var server = app.Services.GetRequiredService<MqttServer>();

        var ephemeral = $"test-{Guid.NewGuid():N}";
        await ConnectAndLeaveAsync(user, ephemeral, expiry: 0);
        Assert.False(await ReconnectSessionPresentAsync(user, ephemeral, expiry: 0));

        var kept = $"test-{Guid.NewGuid():N}";
        await ConnectAndLeaveAsync(user, kept, expiry: 3600);
        Assert.True(await ReconnectSessionPresentAsync(user, kept, expiry: 3600));

        var brief = $"test-{Guid.NewGuid():N}";
        await ConnectAndLeaveAsync(user, brief, expiry: 1);
        await Poll.UntilAsync(async () => !await HasSessionAsync(server, brief), Deadline, "the session to expire after 1 s");
        Assert.False(await ReconnectSessionPresentAsync(user, brief, expiry: 0));
    }

    /// <remarks>MQTTnet 5.2 keeps the interval of the CONNECT that made the session; PersistentSessions applies the DISCONNECT's.</remarks>
    [Fact]
    public async Task A_session_expiry_interval_changed_in_disconnect_applies()
    {
        var user = await app.NewMqttUserAsync();
        var server = app.Services.GetRequiredService<MqttServer>();
        var clientId = $"test-{Guid.NewGuid():N}";
        var client = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, user.Username, user.Password, clientId)
            .WithCleanStart(false).WithSessionExpiryInterval(3600));
        await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithSessionExpiryInterval(1).Build(), Token);
        client.Dispose();

        await Poll.UntilAsync(async () => !await HasSessionAsync(server, clientId), Deadline, "the session to expire after the 1 s given at DISCONNECT");
    }

    [Fact]
    public async Task A_topic_alias_carries_the_topic_and_its_acl_and_one_above_the_maximum_closes_the_connection()
    {
        var user = await app.NewMqttUserAsync();
        var stranger = await app.NewMqttUserAsync();
        using var listener = await app.ConnectUserAsync(user);
        var inbox = listener.Inbox();
        await listener.SubscribeAsync($"{user.Prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);
        var (publisher, connected) = await app.TryConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, user.Username, user.Password));
        using (publisher)
        {
            Assert.Equal((ushort)10, connected.TopicAliasMaximum);
            var topic = $"{user.Prefix}/aliased";
            await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload("first").WithTopicAlias(1)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), Token);
            var second = await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("").WithPayload("second").WithTopicAlias(1)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), Token);
            Assert.True(second.IsSuccess, second.ReasonCode.ToString());

            await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{stranger.Prefix}/x").WithPayload("a").WithTopicAlias(2)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), Token);
            var refused = await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("").WithPayload("b").WithTopicAlias(2)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), Token);
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, refused.ReasonCode);
        }
        await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{user.Prefix}/aliased", "second")), Deadline, "the aliased message on its topic");

        using var raw = await RawMqttClient.OpenAsync(app.MqttPort);
        Assert.Equal(0, await raw.SendConnectAsync(5, $"raw-{Guid.NewGuid():N}", user.Username, user.Password));
        // PUBLISH QoS 0 to the user's topic with Topic Alias (0x23) 11, one above the announced maximum.
        var topicBytes = System.Text.Encoding.UTF8.GetBytes($"{user.Prefix}/over");
        await raw.SendPacketAsync(0x30, [(byte)(topicBytes.Length >> 8), (byte)topicBytes.Length, .. topicBytes, 3, 0x23, 0, 11, (byte)'x']);
        var (type, body) = await raw.ReadPacketAsync();
        Assert.Equal(0xE0, type);
        Assert.Equal((byte)MqttDisconnectReasonCode.TopicAliasInvalid, body[0]);
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Fact]
    public async Task A_message_carries_the_identifiers_of_every_matching_subscription()
    {
        var user = await app.NewMqttUserAsync();
        using var listener = await app.ConnectUserAsync(user);
        var inbox = listener.Inbox();
        await listener.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"{user.Prefix}/#").WithSubscriptionIdentifier(7).Build(), Token);
        await listener.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"{user.Prefix}/a/+").WithSubscriptionIdentifier(9).Build(), Token);
        using var publisher = await app.ConnectUserAsync(user);

        await publisher.PublishStringAsync($"{user.Prefix}/a/b", "both", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        await publisher.PublishStringAsync($"{user.Prefix}/c", "one", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);

        await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{user.Prefix}/c", "one")), Deadline, "both messages");
        lock (inbox)
        {
            var both = Assert.Single(inbox, m => m.PayloadText() == "both");
            Assert.Equal([7u, 9u], both.SubscriptionIdentifiers.Order());
            Assert.Equal([7u], Assert.Single(inbox, m => m.PayloadText() == "one").SubscriptionIdentifiers);
        }
    }

    [Fact]
    public async Task Queued_and_retained_messages_expire_and_a_late_one_carries_the_remaining_interval()
    {
        var user = await app.NewMqttUserAsync();
        var clientId = $"test-{Guid.NewGuid():N}";
        await ConnectAndLeaveAsync(user, clientId, expiry: 3600);
        using var publisher = await app.ConnectUserAsync(user);
        await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{user.Prefix}/short").WithPayload("expires")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithMessageExpiryInterval(1).Build(), Token);
        await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{user.Prefix}/long").WithPayload("stays")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithMessageExpiryInterval(3600).Build(), Token);
        await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{user.Prefix}/retained").WithPayload("old").WithRetainFlag()
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithMessageExpiryInterval(1).Build(), Token);
        // The app's clock moves on instead of the test waiting out the intervals.
        app.Clock.Advance(TimeSpan.FromSeconds(5));

        var (client, _, inbox) = await MqttTestClients.TryResumeAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, user.Username, user.Password, clientId)
            .WithCleanStart(false).WithSessionExpiryInterval(3600));
        using (client)
        {
            await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{user.Prefix}/long", "stays")), Deadline, "the unexpired message");
            lock (inbox)
            {
                Assert.DoesNotContain(inbox, m => m.PayloadText() == "expires");
                var stays = Assert.Single(inbox, m => m.PayloadText() == "stays");
                Assert.InRange(stays.MessageExpiryInterval, 3590u, 3595u);
                Assert.Null(stays.UserProperties);
            }
            // The expired ones are never sent, so their stored rows go as the acknowledged one's does.
            await Poll.UntilAsync(async () => await app.QueryAsync(db => db.QueuedMqttMessages.CountAsync(m => m.ClientId == clientId, Token)) == 0,
                Deadline, "the session's stored messages to go");
        }
        using var newcomer = await app.ConnectUserAsync(user);
        var retained = newcomer.Inbox();
        await newcomer.SubscribeAsync($"{user.Prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);
        await publisher.PublishStringAsync($"{user.Prefix}/marker", "after", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        await Poll.UntilAsync(() => Task.FromResult(retained.Contains($"{user.Prefix}/marker", "after")), Deadline, "the marker");
        Assert.False(retained.Contains($"{user.Prefix}/retained", "old"));
    }

    [Fact]
    public async Task No_more_unacknowledged_publishes_are_in_flight_than_the_clients_receive_maximum()
    {
        var user = await app.NewMqttUserAsync();
        var held = new Queue<MqttApplicationMessageReceivedEventArgs>();
        var maxInFlight = 0;
        using var listener = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, user.Username, user.Password)
            .WithReceiveMaximum(2));
        listener.ApplicationMessageReceivedAsync += received =>
        {
            received.AutoAcknowledge = false;
            lock (held)
            {
                held.Enqueue(received);
                maxInFlight = Math.Max(maxInFlight, held.Count);
            }
            return Task.CompletedTask;
        };
        await listener.SubscribeAsync($"{user.Prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);
        using var publisher = await app.ConnectUserAsync(user);
        for (var i = 0; i < 5; i++)
        {
            await publisher.PublishStringAsync($"{user.Prefix}/n", $"{i}", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        }

        var acknowledged = 0;
        await Poll.UntilAsync(async () =>
        {
            MqttApplicationMessageReceivedEventArgs? next;
            lock (held)
            {
                held.TryDequeue(out next);
            }
            if (next is not null)
            {
                await next.AcknowledgeAsync(Token);
                acknowledged++;
            }
            return acknowledged == 5;
        }, Deadline, "all five messages");
        Assert.InRange(maxInFlight, 1, 2);
    }

    [Fact]
    public async Task A_clients_receive_maximum_and_maximum_packet_size_are_forgotten_when_it_disconnects()
    {
        var user = await app.NewMqttUserAsync();
        var clientId = $"test-{Guid.NewGuid():N}";
        var receiveMaximum = app.Services.GetRequiredService<ReceiveMaximum>();
        var maximumPacketSize = app.Services.GetRequiredService<ClientMaximumPacketSize>();
        using (var client = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, user.Username, user.Password, clientId)
            .WithReceiveMaximum(2).WithMaximumPacketSize(4096)))
        {
            Assert.True(receiveMaximum.Tracks(clientId) && maximumPacketSize.Tracks(clientId));
            await client.DisconnectAsync(cancellationToken: Token);
        }

        // Else a client that connects with a new id each time would make the broker's memory grow without end.
        await Poll.UntilAsync(() => Task.FromResult(!receiveMaximum.Tracks(clientId) && !maximumPacketSize.Tracks(clientId)), Deadline, "the limits to be forgotten");
    }

    [Fact]
    public async Task A_message_larger_than_the_clients_maximum_packet_size_is_not_sent_to_it_but_to_others()
    {
        var user = await app.NewMqttUserAsync();
        using var small = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, user.Username, user.Password)
            .WithMaximumPacketSize(512));
        var inbox = small.Inbox();
        await small.SubscribeAsync($"{user.Prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);
        using var roomy = await app.ConnectUserAsync(user);
        var roomyInbox = roomy.Inbox();
        await roomy.SubscribeAsync($"{user.Prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);
        using var publisher = await app.ConnectUserAsync(user);
        await publisher.PublishStringAsync($"{user.Prefix}/big", new string('x', 2048), MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        await publisher.PublishStringAsync($"{user.Prefix}/marker", "after", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{user.Prefix}/marker", "after")), Deadline, "the marker");
        lock (inbox)
        {
            Assert.DoesNotContain(inbox, m => m.Topic == $"{user.Prefix}/big");
        }
        await Poll.UntilAsync(() => Task.FromResult(roomyInbox.Contains($"{user.Prefix}/big", new string('x', 2048))), Deadline, "the large message elsewhere");
        Assert.True(small.IsConnected);
    }

    [Theory]
    [InlineData(MqttTransport.Tcp)]
    [InlineData(MqttTransport.WebSocket)]
    public async Task Connack_announces_the_maximum_packet_size_and_a_packet_of_exactly_that_size_is_accepted(MqttTransport transport)
    {
        var user = await app.NewMqttUserAsync();
        var (client, connected) = await app.TryConnectAsync(app.Options(transport, MqttProtocolVersion.V500, user.Username, user.Password));
        client.Dispose();
        Assert.Equal((uint)MaximumPacketSize, connected.MaximumPacketSize);

        using var listener = await app.ConnectUserAsync(user);
        var inbox = listener.Inbox();
        await listener.SubscribeAsync($"{user.Prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);
        using var raw = await RawMqttClient.OpenAsync(app, transport);
        Assert.Equal(0, await raw.SendConnectAsync(5, $"raw-{Guid.NewGuid():N}", user.Username, user.Password));
        var largest = RawMqttClient.PublishPacketOfSize($"{user.Prefix}/largest", MaximumPacketSize, protocolLevel: 5);
        await raw.SendBytesAsync(largest);

        var (type, pubAck) = await raw.ReadPacketAsync();
        Assert.Equal(0x40, type);
        // A PUBACK of two bytes means Success, as does reason code 0.
        Assert.True(pubAck.Length == 2 || pubAck[2] == 0, $"PUBACK {Convert.ToHexString(pubAck)}");
        await Poll.UntilAsync(() => Task.FromResult(Received(inbox, $"{user.Prefix}/largest")), Deadline, "the largest packet's message");
    }

    [Theory]
    [InlineData(MqttTransport.Tcp)]
    [InlineData(MqttTransport.WebSocket)]
    public async Task An_oversize_packet_from_a_client_is_refused_with_packet_too_large_and_the_app_stays_up(MqttTransport transport)
    {
        var user = await app.NewMqttUserAsync();
        using var listener = await app.ConnectUserAsync(user);
        var inbox = listener.Inbox();
        await listener.SubscribeAsync($"{user.Prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);
        var refusedBefore = await PacketsTooLargeAsync();

        using var raw = await RawMqttClient.OpenAsync(app, transport);
        Assert.Equal(0, await raw.SendConnectAsync(5, $"raw-{Guid.NewGuid():N}", user.Username, user.Password, will: ($"{user.Prefix}/will", "too large")));
        // One byte over the maximum, of which only the first kilobyte is sent: the refusal cannot have waited for the body.
        var oversize = RawMqttClient.PublishPacketOfSize($"{user.Prefix}/huge", MaximumPacketSize + 1, protocolLevel: 5);
        await raw.SendBytesAsync(oversize.AsMemory(0, 1024));

        var (type, body) = await raw.ReadPacketAsync();
        Assert.Equal(0xE0, type);
        Assert.Equal((byte)MqttDisconnectReasonCode.PacketTooLarge, body[0]);
        Assert.True(await raw.IsClosedByServerAsync());
        Assert.Equal(refusedBefore + 1, await PacketsTooLargeAsync());
        // Not a clean disconnect, so the will goes out; everyone else carries on.
        await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{user.Prefix}/will", "too large")), Deadline, "the will of the refused connection");
        using var other = await app.ConnectUserAsync(user, transport);
        await other.PublishStringAsync($"{user.Prefix}/after", "still up", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{user.Prefix}/after", "still up")), Deadline, "a message after the refusal");
        Assert.True(listener.IsConnected);
        Assert.False(Received(inbox, $"{user.Prefix}/huge"));
    }

    [Fact]
    public async Task An_oversize_packet_on_mqtt_3_1_1_closes_the_connection_without_an_answer()
    {
        var user = await app.NewMqttUserAsync();
        var refusedBefore = await PacketsTooLargeAsync();

        using var raw = await RawMqttClient.OpenAsync(app.MqttPort);
        Assert.Equal(0, await raw.SendConnectAsync(4, $"raw-{Guid.NewGuid():N}", user.Username, user.Password));
        var oversize = RawMqttClient.PublishPacketOfSize($"{user.Prefix}/huge", MaximumPacketSize + 1, protocolLevel: 4);
        await raw.SendBytesAsync(oversize.AsMemory(0, 1024));

        // Closed with nothing sent first: 3.1.1 has no DISCONNECT from the server.
        Assert.True(await raw.IsClosedByServerAsync());
        Assert.Equal(refusedBefore + 1, await PacketsTooLargeAsync());
        using var stillUp = await app.ConnectUserAsync(user, version: MqttProtocolVersion.V311);
        Assert.True(stillUp.IsConnected);
    }

    [Fact]
    public async Task An_oversize_connect_is_closed_without_a_connack()
    {
        var refusedBefore = await PacketsTooLargeAsync();
        using var raw = await RawMqttClient.OpenAsync(app.MqttPort);

        // CONNECT with a remaining length of 2,097,151 bytes, then the start of its body.
        await raw.SendBytesAsync(new byte[] { 0x10, 0xFF, 0xFF, 0x7F, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0b10, 0, 60 });

        Assert.True(await raw.IsClosedByServerAsync());
        Assert.Equal(refusedBefore + 1, await PacketsTooLargeAsync());
    }

    [Fact]
    public async Task An_empty_client_id_on_mqtt_3_1_1_with_a_persistent_session_is_rejected_with_identifier_rejected()
    {
        var user = await app.NewMqttUserAsync();

        // By hand: MQTTnet's and paho's clients refuse to send this CONNECT at all.
        using var raw = await RawMqttClient.OpenAsync(app.MqttPort);
        byte? code;
        try
        {
            code = await raw.SendConnectAsync(4, "", user.Username, user.Password, cleanSession: false);
        }
        catch (IOException)
        {
            // The refusing CONNACK is followed at once by a reset, which on Linux may discard it unread.
            code = null;
        }

        Assert.True(code is null or 0x02, $"CONNACK return code {code}");
        Assert.True(await raw.IsClosedByServerAsync());
    }

    [Theory]
    [InlineData(MqttTransport.Tcp)]
    [InlineData(MqttTransport.WebSocket)]
    public async Task An_empty_client_id_on_mqtt_3_1_1_with_a_clean_session_is_accepted(MqttTransport transport)
    {
        var user = await app.NewMqttUserAsync();
        var server = app.Services.GetRequiredService<MqttServer>();
        // mosquitto_pub and mosquitto_sub send this CONNECT when not given -i.
        using var first = await RawMqttClient.OpenAsync(app, transport);
        Assert.Equal(0, await first.SendConnectAsync(4, "", user.Username, user.Password, cleanSession: true));
        Assert.Equal(1, await first.SubscribeAsync($"{user.Prefix}/#", qos: 1, packetId: 1, protocolLevel: 4));

        await first.SendBytesAsync(RawMqttClient.PublishPacket($"{user.Prefix}/own", "echo"u8.ToArray(), qos: 1, packetId: 2, protocolLevel: 4));
        var answers = new[] { await first.ReadPacketAsync(), await first.ReadPacketAsync() };
        Assert.Contains(answers, a => a.Type == 0x40 && a.Body is [0, 2]);
        var echo = Assert.Single(answers, a => (a.Type & 0xF0) == 0x30);
        Assert.Equal(($"{user.Prefix}/own", "echo"), RawMqttClient.ReadPublish(echo.Type, echo.Body, protocolLevel: 4));

        // A second one gets an id of its own: it does not take the first one's over.
        using var second = await RawMqttClient.OpenAsync(app, transport);
        Assert.Equal(0, await second.SendConnectAsync(4, "", user.Username, user.Password, cleanSession: true));
        await second.SendBytesAsync(RawMqttClient.PublishPacket($"{user.Prefix}/other", "hello"u8.ToArray(), qos: 0, packetId: 0, protocolLevel: 4));
        var (type, body) = await first.ReadPacketAsync();
        Assert.Equal(($"{user.Prefix}/other", "hello"), RawMqttClient.ReadPublish(type, body, protocolLevel: 4));
        // Both ids are the server's, naming the account, and differ.
        var ids = (await server.GetClientsAsync()).Select(c => c.Id).Where(id => id.StartsWith($"{user.Username}-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, ids.Distinct().Count());
    }

    [Fact]
    public async Task Refusals_on_mqtt_5_carry_a_reason_string()
    {
        var user = await app.NewMqttUserAsync();
        var stranger = await app.NewMqttUserAsync();

        var (refused, connect) = await app.TryConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, user.Username, "wrong"));
        refused.Dispose();
        using var client = await app.ConnectUserAsync(user);
        var publish = await client.PublishStringAsync($"{stranger.Prefix}/x", "1", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        var subscribe = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"{stranger.Prefix}/#").Build(), Token);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, connect.ResultCode);
        Assert.False(string.IsNullOrWhiteSpace(connect.ReasonString));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, publish.ReasonCode);
        Assert.False(string.IsNullOrWhiteSpace(publish.ReasonString));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, Assert.Single(subscribe.Items).ResultCode);
        Assert.False(string.IsNullOrWhiteSpace(subscribe.ReasonString));
    }

    private int MaximumPacketSize => app.Services.GetRequiredService<IOptions<MqttOptions>>().Value.MaximumPacketSize;

    private async Task<double> PacketsTooLargeAsync() =>
        PrometheusText.ValueOrZero(await app.ScrapeAsync(), "datawiz_broker_protocol_errors_total{kind=\"packet_too_large\"}");

    private static bool Received(List<MqttApplicationMessage> inbox, string topic)
    {
        lock (inbox)
        {
            return inbox.Any(m => m.Topic == topic);
        }
    }

    private async Task ConnectAndLeaveAsync(TestMqttUser user, string clientId, uint expiry)
    {
        using var client = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, user.Username, user.Password, clientId)
            .WithCleanStart(false).WithSessionExpiryInterval(expiry));
        await client.SubscribeAsync($"{user.Prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);
        await client.DisconnectAsync(cancellationToken: Token);
    }

    private async Task<bool> ReconnectSessionPresentAsync(TestMqttUser user, string clientId, uint expiry)
    {
        var (client, result) = await app.TryConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, user.Username, user.Password, clientId)
            .WithCleanStart(false).WithSessionExpiryInterval(expiry));
        using (client)
        {
            Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
            await client.DisconnectAsync(cancellationToken: Token);
            return result.IsSessionPresent;
        }
    }

    private static async Task<bool> HasSessionAsync(MqttServer server, string clientId)
    {
        try
        {
            await server.GetSessionAsync(clientId);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
