using Datawiz.Infrastructure.Broker.Durability;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Datawiz.Web.Tests.Broker;

/// <summary>
/// Retained messages and persistent sessions outlive the broker's process (MQTTnet 5.2 keeps both in memory only):
/// the app is stopped and a new one started on the same database, as after a restart.
/// </summary>
public sealed class BrokerRestartTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Retained_messages_are_saved_before_their_acknowledgement_and_survive_a_restart(DatabaseProvider provider)
    {
        DatawizApp restarted;
        TestMqttUser user;
        TestSensor sensor;
        await using (var first = DatawizApp.Create(provider))
        {
            await first.InitializeAsync();
            user = await first.NewMqttUserAsync();
            sensor = await first.NewSensorAsync(user.Actor);
            using var publisher = await first.ConnectUserAsync(user);
            await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{user.Prefix}/lamp").WithPayload("on")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().WithContentType("text/plain")
                .WithUserProperty("room", new ReadOnlyMemory<byte>("hall"u8.ToArray())).Build(), Token);
            // The PUBACK has arrived, so the database must hold the message already.
            Assert.True(await HasRetainedAsync(first, $"{user.Prefix}/lamp"));

            await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{user.Prefix}/gone").WithPayload("soon")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build(), Token);
            await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{user.Prefix}/gone").WithPayload([])
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build(), Token);
            Assert.False(await HasRetainedAsync(first, $"{user.Prefix}/gone"));

            using var device = await first.ConnectSensorAsync(sensor, version: MqttProtocolVersion.V311);
            await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(sensor.Topic).WithPayload("""{"temperature":21}""")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build(), Token);
            Assert.True(await HasRetainedAsync(first, sensor.Topic));
            restarted = first.CreateRestartedApp();
        }

        await using (restarted)
        {
            await restarted.InitializeAsync();
            using var subscriber = await restarted.ConnectUserAsync(user);
            var inbox = subscriber.Inbox();
            await subscriber.SubscribeAsync($"{user.Prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);

            await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{user.Prefix}/lamp", "on") && inbox.Contains(sensor.Topic, """{"temperature":21}""")),
                Deadline, "both retained messages after the restart");
            MqttApplicationMessage lamp;
            lock (inbox)
            {
                lamp = inbox.Single(m => m.Topic == $"{user.Prefix}/lamp");
                Assert.DoesNotContain(inbox, m => m.Topic == $"{user.Prefix}/gone");
            }
            Assert.True(lamp.Retain);
            Assert.Equal("text/plain", lamp.ContentType);
            Assert.Equal("hall"u8.ToArray(), Assert.Single(lamp.UserProperties!, p => p.Name == "room").ValueBuffer.ToArray());
            Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, lamp.QualityOfServiceLevel);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, MqttProtocolVersion.V311)]
    [InlineData(DatabaseProvider.Sqlite, MqttProtocolVersion.V500)]
    [InlineData(DatabaseProvider.Postgres, MqttProtocolVersion.V311)]
    [InlineData(DatabaseProvider.Postgres, MqttProtocolVersion.V500)]
    public async Task A_persistent_session_keeps_its_subscriptions_and_queued_messages_across_a_restart(DatabaseProvider provider, MqttProtocolVersion version)
    {
        var clientId = $"node-red-{Guid.NewGuid():N}";
        DatawizApp restarted;
        TestMqttUser user;
        TestSensor sensor;
        await using (var first = DatawizApp.Create(provider))
        {
            await first.InitializeAsync();
            user = await first.NewMqttUserAsync();
            sensor = await first.NewSensorAsync(user.Actor);
            using (var away = await first.ConnectAsync(Persistent(first, user, clientId, version)))
            {
                await away.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(sensor.Topic, MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithTopicFilter($"{user.Prefix}/cmd/#", MqttQualityOfServiceLevel.ExactlyOnce).Build(), Token);
                await away.DisconnectAsync(cancellationToken: Token);
            }
            using var device = await first.ConnectSensorAsync(sensor);
            for (var i = 1; i <= 3; i++)
            {
                await device.PublishStringAsync(sensor.Topic, $$"""{"temperature":{{i}}}""", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
            }
            await Poll.UntilAsync(async () => await first.QueryAsync(db => db.QueuedMqttMessages.CountAsync(m => m.ClientId == clientId, Token)) == 3,
                Deadline, "the three messages queued for the absent client to be written");
            restarted = first.CreateRestartedApp();
        }

        await using (restarted)
        {
            await restarted.InitializeAsync();
            var (client, result, inbox) = await MqttTestClients.TryResumeAsync(Persistent(restarted, user, clientId, version));
            using (client)
            {
                Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
                Assert.True(result.IsSessionPresent);
                await Poll.UntilAsync(() => Task.FromResult(Count(inbox) == 3), Deadline, "the three queued messages after the restart");
                lock (inbox)
                {
                    Assert.Equal(["""{"temperature":1}""", """{"temperature":2}""", """{"temperature":3}"""], inbox.Select(m => m.PayloadText()));
                    Assert.All(inbox, m => Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, m.QualityOfServiceLevel));
                }

                // Both subscriptions are back without a SUBSCRIBE, the second with its QoS 2.
                using var commander = await restarted.ConnectUserAsync(user);
                await commander.PublishStringAsync($"{user.Prefix}/cmd/fan", "off", MqttQualityOfServiceLevel.ExactlyOnce, cancellationToken: Token);
                await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{user.Prefix}/cmd/fan", "off")), Deadline, "a live message on a restored subscription");
                lock (inbox)
                {
                    Assert.Equal(MqttQualityOfServiceLevel.ExactlyOnce, inbox.Single(m => m.Topic == $"{user.Prefix}/cmd/fan").QualityOfServiceLevel);
                }
                await Poll.UntilAsync(async () => await restarted.QueryAsync(db => db.QueuedMqttMessages.CountAsync(m => m.ClientId == clientId, Token)) == 0,
                    Deadline, "the delivered queue to be forgotten");
            }
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task After_a_restart_a_stored_session_is_still_its_owners_and_one_that_expired_meanwhile_is_gone(DatabaseProvider provider)
    {
        var kept = $"kept-{Guid.NewGuid():N}";
        var brief = $"brief-{Guid.NewGuid():N}";
        DatawizApp restarted;
        TestMqttUser owner;
        TestMqttUser stranger;
        await using (var first = DatawizApp.Create(provider))
        {
            await first.InitializeAsync();
            owner = await first.NewMqttUserAsync();
            stranger = await first.NewMqttUserAsync();
            foreach (var (clientId, expiry) in new[] { (kept, 3600u), (brief, 60u) })
            {
                using var client = await first.ConnectAsync(first.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, owner.Username, owner.Password, clientId)
                    .WithCleanStart(false).WithSessionExpiryInterval(expiry));
                await client.SubscribeAsync($"{owner.Prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);
                await client.DisconnectAsync(cancellationToken: Token);
            }
            await first.Services.GetRequiredService<BrokerStateWriter>().FlushAsync();
            restarted = first.CreateRestartedApp();
        }

        await using (restarted)
        {
            // The broker was down for two minutes: longer than the brief session's minute.
            restarted.Clock.Advance(TimeSpan.FromMinutes(2));
            await restarted.InitializeAsync();

            var (taken, refusal) = await restarted.TryConnectAsync(restarted.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, stranger.Username, stranger.Password, kept)
                .WithCleanStart(false).WithSessionExpiryInterval(3600));
            taken.Dispose();
            Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, refusal.ResultCode);

            foreach (var (clientId, present) in new[] { (kept, true), (brief, false) })
            {
                var (client, result) = await restarted.TryConnectAsync(restarted.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, owner.Username, owner.Password, clientId)
                    .WithCleanStart(false).WithSessionExpiryInterval(3600));
                using (client)
                {
                    Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
                    Assert.Equal(present, result.IsSessionPresent);
                }
            }
            Assert.Equal(0, await restarted.QueryAsync(db => db.BrokerSubscriptions.CountAsync(s => s.ClientId == brief, Token)));
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task After_a_restart_a_resumed_session_still_gets_its_subscription_identifiers(DatabaseProvider provider)
    {
        var clientId = $"node-red-{Guid.NewGuid():N}";
        DatawizApp restarted;
        TestMqttUser user;
        await using (var first = DatawizApp.Create(provider))
        {
            await first.InitializeAsync();
            user = await first.NewMqttUserAsync();
            using (var away = await first.ConnectAsync(Persistent(first, user, clientId, MqttProtocolVersion.V500)))
            {
                await away.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter($"{user.Prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce).WithSubscriptionIdentifier(7).Build(), Token);
                await away.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter($"{user.Prefix}/a/+", MqttQualityOfServiceLevel.AtLeastOnce).WithSubscriptionIdentifier(9).Build(), Token);
                await away.DisconnectAsync(cancellationToken: Token);
            }
            await first.Services.GetRequiredService<BrokerStateWriter>().FlushAsync();
            restarted = first.CreateRestartedApp();
        }

        await using (restarted)
        {
            await restarted.InitializeAsync();
            var (client, result, inbox) = await MqttTestClients.TryResumeAsync(Persistent(restarted, user, clientId, MqttProtocolVersion.V500));
            using (client)
            {
                Assert.True(result.IsSessionPresent);
                using var publisher = await restarted.ConnectUserAsync(user);
                await publisher.PublishStringAsync($"{user.Prefix}/a/b", "both", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
                await publisher.PublishStringAsync($"{user.Prefix}/c", "one", MqttQualityOfServiceLevel.AtMostOnce, cancellationToken: Token);

                await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{user.Prefix}/c", "one")), Deadline, "both messages on the restored subscriptions");
                lock (inbox)
                {
                    Assert.Equal([7u, 9u], Assert.Single(inbox, m => m.PayloadText() == "both").SubscriptionIdentifiers.Order());
                    Assert.Equal([7u], Assert.Single(inbox, m => m.PayloadText() == "one").SubscriptionIdentifiers);
                }
            }
        }
    }

    /// <summary>
    /// MQTT 3.1.1 §4.4 and 5.0 §4.4: on reconnect, what was sent and not acknowledged is sent again with its packet
    /// identifier and the DUP flag, and a QoS 2 message the client has answered with PUBREC gets its PUBREL, not the
    /// PUBLISH again; MQTTnet 5.2 gives both new identifiers and sends the PUBLISH, and after a restart has neither.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 4, true)]
    [InlineData(DatabaseProvider.Postgres, 5, true)]
    [InlineData(DatabaseProvider.Sqlite, 5, false)]
    [InlineData(DatabaseProvider.Postgres, 4, false)]
    public async Task On_reconnect_an_unacknowledged_message_goes_again_with_its_packet_identifier_and_a_received_one_gets_its_release(
        DatabaseProvider provider, byte level, bool restart)
    {
        var clientId = $"raw-{Guid.NewGuid():N}";
        var app = DatawizApp.Create(provider);
        try
        {
            await app.InitializeAsync();
            var user = await app.NewMqttUserAsync();
            ushort one;
            ushort two;
            using (var raw = await RawMqttClient.OpenAsync(app.MqttPort))
            {
                Assert.Equal(0, await raw.SendConnectAsync(level, clientId, user.Username, user.Password, cleanSession: false, sessionExpirySeconds: 3600));
                Assert.Equal(2, await raw.SubscribeAsync($"{user.Prefix}/#", qos: 2, packetId: 1, level));
                using var publisher = await app.ConnectUserAsync(user);
                // Identifiers used up before, so that those from before the reconnect are not the ones a fresh count would give.
                for (var i = 0; i < 3; i++)
                {
                    await publisher.PublishStringAsync($"{user.Prefix}/warm-up", "w", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
                    var (header, body) = await ReadAsync(raw);
                    await raw.AcknowledgeAsync(0x40, RawMqttClient.PacketIdentifierOf(header, body));
                }
                await publisher.PublishStringAsync($"{user.Prefix}/one", "one", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
                await publisher.PublishStringAsync($"{user.Prefix}/two", "two", MqttQualityOfServiceLevel.ExactlyOnce, cancellationToken: Token);
                var sent = new[] { await ReadAsync(raw), await ReadAsync(raw) };
                Assert.Equal(["one", "two"], sent.Select(p => RawMqttClient.ReadPublish(p.Type, p.Body, level).Payload));
                (one, two) = (RawMqttClient.PacketIdentifierOf(sent[0].Type, sent[0].Body), RawMqttClient.PacketIdentifierOf(sent[1].Type, sent[1].Body));
                Assert.True(one > 3 && two > 3);
                // "one" is not acknowledged; "two" is received (PUBREC), and its PUBREL not completed.
                await raw.AcknowledgeAsync(0x50, two);
                var release = await ReadAsync(raw);
                Assert.Equal((0x62, two), (release.Type, RawMqttClient.PacketIdentifierOf(release.Type, release.Body)));
                await Poll.UntilAsync(async () =>
                {
                    var rows = await app.QueryAsync(db => db.QueuedMqttMessages.Where(m => m.ClientId == clientId).ToListAsync(Token));
                    return rows.Count == 2 && rows.Single(m => m.Topic.EndsWith("/one", StringComparison.Ordinal)).PacketIdentifier == one
                        && rows.Single(m => m.Topic.EndsWith("/two", StringComparison.Ordinal)) is { PacketIdentifier: var id, Released: true } && id == two;
                }, Deadline, "the packet identifiers and the PUBREC to be written");
            }
            if (restart)
            {
                var restarted = app.CreateRestartedApp();
                await app.DisposeAsync();
                app = restarted;
                await app.InitializeAsync();
            }

            using var again = await RawMqttClient.OpenAsync(app.MqttPort);
            Assert.Equal(0, await again.SendConnectAsync(level, clientId, user.Username, user.Password, cleanSession: false, sessionExpirySeconds: 3600));
            Assert.True(again.SessionPresent);
            using (var publisher = await app.ConnectUserAsync(user))
            {
                // After a restart MQTTnet counts from 1 again: these would reach "one"'s identifier, which is still the client's.
                for (var i = 0; i < 4; i++)
                {
                    await publisher.PublishStringAsync($"{user.Prefix}/live", $"live {i}", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
                }
            }
            var packets = new List<(byte Type, byte[] Body)>();
            while (packets.Count < 6)
            {
                packets.Add(await ReadAsync(again));
            }
            var resent = packets[0];
            Assert.Equal(0x30 | 0x08 | (1 << 1), resent.Type);
            Assert.Equal("one", RawMqttClient.ReadPublish(resent.Type, resent.Body, level).Payload);
            Assert.Equal(one, RawMqttClient.PacketIdentifierOf(resent.Type, resent.Body));
            Assert.Equal((0x62, two), (packets[1].Type, RawMqttClient.PacketIdentifierOf(packets[1].Type, packets[1].Body)));
            var live = packets[2..];
            Assert.All(live, p => Assert.Equal(0x30 | (1 << 1), p.Type));
            Assert.Equal(["live 0", "live 1", "live 2", "live 3"], live.Select(p => RawMqttClient.ReadPublish(p.Type, p.Body, level).Payload));
            var inFlight = packets.Select(p => RawMqttClient.PacketIdentifierOf(p.Type, p.Body)).ToList();
            Assert.Equal(inFlight.Count, inFlight.Distinct().Count());

            await again.AcknowledgeAsync(0x40, one);
            await again.AcknowledgeAsync(0x70, two);
            foreach (var packet in live)
            {
                await again.AcknowledgeAsync(0x40, RawMqttClient.PacketIdentifierOf(packet.Type, packet.Body));
            }
            await Poll.UntilAsync(async () => await app.QueryAsync(db => db.QueuedMqttMessages.CountAsync(m => m.ClientId == clientId, Token)) == 0,
                Deadline, "every row to go once its exchange is complete");
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static Task<(byte Type, byte[] Body)> ReadAsync(RawMqttClient client) => client.ReadPacketAsync().WaitAsync(Deadline, Token);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_3_1_1_session_ends_once_its_client_has_been_away_longer_than_the_configured_expiry(DatabaseProvider provider)
    {
        await using var app = DatawizApp.Create(provider);
        app.Settings["Mqtt:SessionExpiryFor311"] = "00:01:00";
        await app.InitializeAsync();
        var user = await app.NewMqttUserAsync();
        var clientId = $"node-red-{Guid.NewGuid():N}";
        // Handlers run in order, so once this one has counted a disconnect the session has noted when its client went.
        var disconnects = 0;
        app.Services.GetRequiredService<MQTTnet.Server.MqttServer>().ClientDisconnectedAsync += disconnected =>
        {
            if (disconnected.ClientId == clientId)
            {
                Interlocked.Increment(ref disconnects);
            }
            return Task.CompletedTask;
        };
        using (var client = await app.ConnectAsync(Persistent(app, user, clientId, MqttProtocolVersion.V311)))
        {
            await client.SubscribeAsync($"{user.Prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);
            await client.DisconnectAsync(cancellationToken: Token);
        }
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref disconnects) == 1), Deadline, "the first connection to end");
        var (back, present) = await app.TryConnectAsync(Persistent(app, user, clientId, MqttProtocolVersion.V311));
        using (back)
        {
            Assert.True(present.IsSessionPresent);
            await back.DisconnectAsync(cancellationToken: Token);
        }
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref disconnects) == 2), Deadline, "the second connection to end");

        app.Clock.Advance(TimeSpan.FromSeconds(61));

        await Poll.UntilAsync(async () => !await app.QueryAsync(db => db.BrokerSessions.AnyAsync(s => s.ClientId == clientId, Token)),
            Deadline, "the session to expire after its minute");
        Assert.Equal(0, await app.QueryAsync(db => db.BrokerSubscriptions.CountAsync(s => s.ClientId == clientId, Token)));
        var (late, fresh) = await app.TryConnectAsync(Persistent(app, user, clientId, MqttProtocolVersion.V311));
        using (late)
        {
            Assert.False(fresh.IsSessionPresent);
        }
    }

    private static MqttClientOptionsBuilder Persistent(DatawizApp app, TestMqttUser user, string clientId, MqttProtocolVersion version)
    {
        var options = app.Options(MqttTransport.Tcp, version, user.Username, user.Password, clientId).WithCleanSession(false);
        return version == MqttProtocolVersion.V500 ? options.WithSessionExpiryInterval(3600) : options;
    }

    private static int Count(List<MqttApplicationMessage> inbox)
    {
        lock (inbox)
        {
            return inbox.Count;
        }
    }

    private static Task<bool> HasRetainedAsync(DatawizApp app, string topic) =>
        app.QueryAsync(db => db.RetainedMqttMessages.AnyAsync(m => m.Topic == topic, Token));
}
