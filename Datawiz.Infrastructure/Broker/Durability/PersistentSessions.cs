using System.Collections.Concurrent;
using Datawiz.Domain.Broker;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker.Durability;

/// <summary>
/// Persistent sessions (3.1.1 clean session 0, 5.0 a session expiry interval) kept in the database, so that a
/// client's subscriptions and the QoS 1/2 messages queued while it was away survive a restart of the broker.
/// </summary>
/// <remarks>
/// MQTTnet 5.2 keeps sessions in memory only (its PreparingSession event is a stub whose answers it ignores), and
/// it expires a disconnected session only when it next looks it up, so an expired session goes on collecting
/// messages. Here every session is mirrored in memory and written behind (<see cref="BrokerStateWriter"/>); when a
/// client resumes a session MQTTnet no longer has, the CONNACK is held while its subscriptions and queued messages
/// are put back, and it says Session Present. Expiry is applied on a timer, with the interval a 5.0 DISCONNECT sets.
/// Messages are written for a session only while its client is away; those in flight to a connected client when
/// the process dies are not redelivered after a restart.
/// </remarks>
public sealed partial class PersistentSessions(
    BrokerStateWriter writer, IDbContextFactory<DatawizDbContext> contexts, TimeProvider clock, ILogger<PersistentSessions> logger)
{
    private const string SubscriptionIdItem = "datawiz.subscription-id";
    /// <summary>3.1.1 sessions, and 5.0 ones with 0xFFFFFFFF, never expire.</summary>
    private const long Never = uint.MaxValue;

    private readonly ConcurrentDictionary<string, KeptSession> sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> queuedBy = new(StringComparer.Ordinal);
    private MqttServer? server;
    private int maxQueued = 1000;

    public bool IsLoaded { get; private set; }

    public void Attach(MqttServer mqttServer, int maxPendingMessagesPerClient)
    {
        server = mqttServer;
        maxQueued = maxPendingMessagesPerClient;
        server.InterceptingInboundPacketAsync += OnInboundAsync;
        server.InterceptingOutboundPacketAsync += OnOutboundAsync;
        server.ClientSubscribedTopicAsync += OnSubscribedAsync;
        server.ClientUnsubscribedTopicAsync += OnUnsubscribedAsync;
        server.ApplicationMessageEnqueuedOrDroppedAsync += OnEnqueuedAsync;
        server.ClientDisconnectedAsync += OnDisconnectedAsync;
        server.SessionDeletedAsync += OnDeletedAsync;
    }

    /// <summary>Reads the stored sessions; sessions that expired while the broker was down are deleted.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.BrokerSessions.AsNoTracking().ToListAsync(cancellationToken);
        var subscriptions = (await db.BrokerSubscriptions.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(s => s.ClientId, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        foreach (var row in stored)
        {
            // A session whose client was connected when the process ended has been away since now.
            var kept = new KeptSession(row.Owner, row.ExpiryInterval, row.DisconnectedAt ?? now);
            foreach (var subscription in subscriptions[row.ClientId])
            {
                kept.Subscriptions[subscription.TopicFilter] = subscription;
            }
            if (kept.HasExpired(now))
            {
                End(row.ClientId);
                continue;
            }
            sessions[row.ClientId] = kept;
        }
        IsLoaded = true;
        LogLoaded(sessions.Count);
    }

    /// <summary>
    /// Completes once the messages that <paramref name="senderClientId"/>'s publishes queued for absent clients so far
    /// are written (or their first attempt failed; the writer goes on trying), so that the publisher's acknowledgement
    /// can wait for them (<see cref="AcknowledgementGate"/>): a message acknowledged is not lost when the process dies.
    /// </summary>
    public Task QueuedBy(string senderClientId) => queuedBy.TryGetValue(senderClientId, out var written) ? written : Task.CompletedTask;

    /// <summary>The account whose session <paramref name="clientId"/> is, if one is kept.</summary>
    public string? OwnerOf(string clientId) => sessions.TryGetValue(clientId, out var kept) ? kept.Owner : null;

    /// <summary>Called for a CONNECT that is accepted: starts, resumes or ends the kept session of its client id.</summary>
    public void Connecting(ValidatingConnectionEventArgs connect, string clientId)
    {
        var expiry = connect.ProtocolVersion == MqttProtocolVersion.V500 ? connect.SessionExpiryInterval : (connect.CleanSession is true ? 0 : Never);
        // An expired session the timer has not swept yet is gone all the same (MQTT 5 §3.1.2.11.2).
        if (sessions.TryGetValue(clientId, out var old) && (connect.CleanSession is true || old.HasExpired(clock.GetUtcNow()))
            && sessions.TryRemove(new KeyValuePair<string, KeptSession>(clientId, old)))
        {
            End(clientId);
        }
        if (sessions.TryGetValue(clientId, out var kept))
        {
            lock (kept)
            {
                kept.ExpiryInterval = expiry;
                kept.DisconnectedAt = null;
                kept.Resuming = true;
            }
            Save(clientId, kept);
        }
        else if (expiry > 0)
        {
            kept = sessions[clientId] = new KeptSession(connect.UserName, expiry, null);
            Save(clientId, kept);
        }
    }

    private Task OnInboundAsync(InterceptingPacketEventArgs inbound)
    {
        if (inbound.Packet is MqttSubscribePacket subscribe && inbound.SessionItems is { } items)
        {
            // MQTTnet tells ClientSubscribedTopic the filter but not the SUBSCRIBE's identifier.
            items[SubscriptionIdItem] = subscribe.SubscriptionIdentifier;
        }
        return Task.CompletedTask;
    }

    private async Task OnOutboundAsync(InterceptingPacketEventArgs outbound)
    {
        if (outbound.Packet is not MqttConnAckPacket { ReasonCode: MqttConnectReasonCode.Success } connAck
            || !sessions.TryGetValue(outbound.ClientId, out var kept) || !kept.Resuming)
        {
            return;
        }
        kept.Resuming = false;
        if (connAck.IsSessionPresent)
        {
            // MQTTnet still has the session and its queue: what was written for the time away is delivered from there.
            writer.Queue(Forget(outbound.ClientId, long.MaxValue));
            return;
        }
        try
        {
            await RestoreAsync(outbound.ClientId, kept);
            connAck.IsSessionPresent = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The client is told its session is gone (Session Present 0) and subscribes afresh, as after a clean start.
            LogRestoreFailed(ex, outbound.ClientId);
        }
    }

    private async Task RestoreAsync(string clientId, KeptSession kept)
    {
        // Queued messages still on their way to the database are read too.
        await writer.FlushAsync();
        List<QueuedMqttMessage> queued;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            queued = await db.QueuedMqttMessages.AsNoTracking().Where(m => m.ClientId == clientId)
                .OrderByDescending(m => m.Id).Take(maxQueued).ToListAsync();
        }
        queued.Reverse();

        var filters = kept.Subscriptions.Values.Select(s => new MqttTopicFilter
        {
            Topic = s.TopicFilter,
            QualityOfServiceLevel = (MqttQualityOfServiceLevel)s.QualityOfService,
            NoLocal = s.NoLocal,
            RetainAsPublished = s.RetainAsPublished,
            // A resumed subscription is not a new one: its retained messages were sent when it was made.
            RetainHandling = MqttRetainHandling.DoNotSendOnSubscribe,
        }).ToList();
        if (filters.Count > 0)
        {
            kept.Restoring = true;
            try
            {
                // Through MQTTnet's subscribe, so the topic ACL is asked again: a share withdrawn meanwhile stays withdrawn.
                await server!.SubscribeAsync(clientId, filters);
            }
            finally
            {
                kept.Restoring = false;
            }
        }
        var session = await server!.GetSessionAsync(clientId);
        foreach (var row in queued)
        {
            var message = StoredMessages.Restore(row);
            message.Retain = row.Retain;
            message.SubscriptionIdentifiers = row.SubscriptionIdentifiers?.Split(',').Select(uint.Parse).ToList();
            session.TryEnqueueApplicationMessage(message, out _);
        }
        if (queued.Count > 0)
        {
            writer.Queue(Forget(clientId, queued[^1].Id));
        }
        LogRestored(clientId, filters.Count, queued.Count);
    }

    private Task OnSubscribedAsync(ClientSubscribedTopicEventArgs subscribed)
    {
        if (!sessions.TryGetValue(subscribed.ClientId, out var kept) || kept.Restoring)
        {
            return Task.CompletedTask;
        }
        var filter = subscribed.TopicFilter;
        var subscription = new BrokerSubscription
        {
            ClientId = subscribed.ClientId,
            TopicFilter = filter.Topic,
            QualityOfService = (int)filter.QualityOfServiceLevel,
            NoLocal = filter.NoLocal,
            RetainAsPublished = filter.RetainAsPublished,
            RetainHandling = (int)filter.RetainHandling,
            SubscriptionIdentifier = subscribed.SessionItems?[SubscriptionIdItem] as uint? ?? 0,
        };
        kept.Subscriptions[filter.Topic] = subscription;
        var (clientId, topic) = (subscription.ClientId, subscription.TopicFilter);
        writer.Queue(BrokerStateChange.Replace(
            () => new BrokerSubscription
            {
                ClientId = subscription.ClientId,
                TopicFilter = subscription.TopicFilter,
                QualityOfService = subscription.QualityOfService,
                NoLocal = subscription.NoLocal,
                RetainAsPublished = subscription.RetainAsPublished,
                RetainHandling = subscription.RetainHandling,
                SubscriptionIdentifier = subscription.SubscriptionIdentifier,
            },
            db => db.BrokerSubscriptions.Where(s => s.ClientId == clientId && s.TopicFilter == topic).ExecuteDeleteAsync()));
        return Task.CompletedTask;
    }

    private Task OnUnsubscribedAsync(ClientUnsubscribedTopicEventArgs unsubscribed)
    {
        var (clientId, topic) = (unsubscribed.ClientId, unsubscribed.TopicFilter);
        if (sessions.TryGetValue(clientId, out var kept) && kept.Subscriptions.TryRemove(topic, out _))
        {
            writer.Queue(BrokerStateChange.Replace(null,
                db => db.BrokerSubscriptions.Where(s => s.ClientId == clientId && s.TopicFilter == topic).ExecuteDeleteAsync()));
        }
        return Task.CompletedTask;
    }

    private Task OnEnqueuedAsync(ApplicationMessageEnqueuedEventArgs enqueued)
    {
        if (enqueued.IsDropped || !sessions.TryGetValue(enqueued.ReceiverClientId, out var kept) || kept.DisconnectedAt is null)
        {
            return Task.CompletedTask;
        }
        var message = enqueued.ApplicationMessage;
        // What MQTTnet worked out for the packet it queued, from the same subscriptions (MQTT 5 §3.3.4).
        var quality = MqttQualityOfServiceLevel.AtMostOnce;
        var retain = false;
        var identifiers = new List<long>();
        foreach (var subscription in kept.Subscriptions.Values)
        {
            if (MqttTopicFilterComparer.Compare(message.Topic, subscription.TopicFilter) != MqttTopicFilterCompareResult.IsMatch)
            {
                continue;
            }
            var granted = (MqttQualityOfServiceLevel)Math.Min(subscription.QualityOfService, (int)message.QualityOfServiceLevel);
            quality = granted > quality ? granted : quality;
            retain |= subscription.RetainAsPublished && message.Retain;
            if (subscription.SubscriptionIdentifier != 0)
            {
                identifiers.Add(subscription.SubscriptionIdentifier);
            }
        }
        if (quality == MqttQualityOfServiceLevel.AtMostOnce)
        {
            // QoS 0 messages are queued in memory only (MQTT allows, not requires, keeping them).
            return Task.CompletedTask;
        }
        var row = StoredMessages.Store(new QueuedMqttMessage
        {
            ClientId = enqueued.ReceiverClientId,
            Retain = retain,
            SubscriptionIdentifiers = identifiers.Count == 0 ? null : string.Join(',', identifiers),
            QueuedAt = clock.GetUtcNow(),
        }, message);
        row.QualityOfService = (int)quality;
        var written = writer.Write(BrokerStateChange.Replace(row.Copy<QueuedMqttMessage>));
        // The writer keeps the order, so a sender's newest write covers its earlier ones.
        var sender = enqueued.SenderClientId;
        queuedBy[sender] = written;
        _ = written.ContinueWith(_ => queuedBy.TryRemove(new KeyValuePair<string, Task>(sender, written)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    private Task OnDisconnectedAsync(ClientDisconnectedEventArgs disconnected)
    {
        if (disconnected.DisconnectType == MqttClientDisconnectType.Takeover || !sessions.TryGetValue(disconnected.ClientId, out var kept))
        {
            return Task.CompletedTask;
        }
        lock (kept)
        {
            // MQTT 5 §3.14.2.2.2: an interval in DISCONNECT replaces the one from CONNECT.
            if (disconnected.SessionExpiryInterval > 0)
            {
                kept.ExpiryInterval = disconnected.SessionExpiryInterval;
            }
            kept.DisconnectedAt = clock.GetUtcNow();
        }
        if (kept.ExpiryInterval == 0)
        {
            sessions.TryRemove(disconnected.ClientId, out _);
            End(disconnected.ClientId);
        }
        else
        {
            Save(disconnected.ClientId, kept);
        }
        return Task.CompletedTask;
    }

    private Task OnDeletedAsync(SessionDeletedEventArgs deleted)
    {
        if (sessions.TryGetValue(deleted.Id, out var kept) && kept.DisconnectedAt is not null && sessions.TryRemove(deleted.Id, out _))
        {
            End(deleted.Id);
        }
        return Task.CompletedTask;
    }

    /// <summary>Ends the sessions whose clients have been away longer than their expiry interval.</summary>
    public async Task ExpireAsync()
    {
        var now = clock.GetUtcNow();
        foreach (var (clientId, kept) in sessions)
        {
            if (!kept.HasExpired(now) || !sessions.TryRemove(new KeyValuePair<string, KeptSession>(clientId, kept)))
            {
                continue;
            }
            End(clientId);
            if (server is { IsStarted: true } && (await server.GetSessionsAsync()).FirstOrDefault(s => s.Id == clientId) is { DisconnectedTimestamp: not null } session)
            {
                await session.DeleteAsync();
            }
            LogExpired(clientId);
        }
    }

    private void Save(string clientId, KeptSession kept)
    {
        string owner;
        long expiry;
        DateTimeOffset? disconnectedAt;
        lock (kept)
        {
            (owner, expiry, disconnectedAt) = (kept.Owner, kept.ExpiryInterval, kept.DisconnectedAt);
        }
        writer.Queue(BrokerStateChange.Replace(
            () => new BrokerSession { ClientId = clientId, Owner = owner, ExpiryInterval = expiry, DisconnectedAt = disconnectedAt },
            db => db.BrokerSessions.Where(s => s.ClientId == clientId).ExecuteDeleteAsync()));
    }

    private void End(string clientId) => writer.Queue(BrokerStateChange.Replace(null,
        db => db.BrokerSessions.Where(s => s.ClientId == clientId).ExecuteDeleteAsync(),
        db => db.BrokerSubscriptions.Where(s => s.ClientId == clientId).ExecuteDeleteAsync(),
        db => db.QueuedMqttMessages.Where(m => m.ClientId == clientId).ExecuteDeleteAsync()));

    private static BrokerStateChange Forget(string clientId, long upToId) => BrokerStateChange.Replace(null,
        db => db.QueuedMqttMessages.Where(m => m.ClientId == clientId && m.Id <= upToId).ExecuteDeleteAsync());

    private sealed class KeptSession(string owner, long expiryInterval, DateTimeOffset? disconnectedAt)
    {
        public string Owner { get; } = owner;

        public long ExpiryInterval { get; set; } = expiryInterval;

        public DateTimeOffset? DisconnectedAt { get; set; } = disconnectedAt;

        public ConcurrentDictionary<string, BrokerSubscription> Subscriptions { get; } = new(StringComparer.Ordinal);

        /// <summary>Set by a CONNECT that resumes this session, until its CONNACK.</summary>
        public volatile bool Resuming;

        /// <summary>Set while its subscriptions are put back, which need not be written again.</summary>
        public volatile bool Restoring;

        public bool HasExpired(DateTimeOffset now)
        {
            lock (this)
            {
                return ExpiryInterval != Never && DisconnectedAt is { } away && now >= away.AddSeconds(ExpiryInterval);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT sessions: {Count} persistent sessions loaded")]
    private partial void LogLoaded(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT session {ClientId} restored from the database: {Subscriptions} subscriptions, {Messages} queued messages")]
    private partial void LogRestored(string clientId, int subscriptions, int messages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT session {ClientId} could not be restored from the database")]
    private partial void LogRestoreFailed(Exception exception, string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT session {ClientId} expired")]
    private partial void LogExpired(string clientId);
}
