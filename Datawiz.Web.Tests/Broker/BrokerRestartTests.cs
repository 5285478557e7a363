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
