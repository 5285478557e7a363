using System.Collections.Concurrent;
using Datawiz.Domain.Broker;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker.Durability;

/// <summary>
/// Persistent sessions (3.1.1 clean session 0, 5.0 a session expiry interval) kept in the database, so that a
/// client's subscriptions and the QoS 1/2 messages it has not acknowledged yet survive a restart of the broker.
/// </summary>
/// <remarks>
/// MQTTnet 5.2 keeps sessions in memory only (its PreparingSession event is a stub whose answers it ignores), and
/// it expires a disconnected session only when it next looks it up, so an expired session goes on collecting
/// messages. Here every session is mirrored in memory and written behind (<see cref="BrokerStateWriter"/>); when a
/// client resumes a session MQTTnet no longer has, the CONNACK is held while its subscriptions and queued messages
/// are put back, and it says Session Present. Expiry is applied on a timer, with the interval a 5.0 DISCONNECT sets.
/// Every QoS 1/2 message queued for a session is written, whether its client is connected or away, and deleted once
/// the client acknowledges it (PUBACK, or PUBREC for QoS 2: from then on the client has it), so that a message in
/// flight when the process dies is delivered again after the restart.
/// </remarks>
public sealed partial class PersistentSessions(
    BrokerStateWriter writer, IDbContextFactory<DatawizDbContext> contexts, IOptions<MqttOptions> options, TimeProvider clock, ILogger<PersistentSessions> logger)
{
    private const string SubscriptionIdItem = "datawiz.subscription-id";
    /// <summary>5.0 sessions with 0xFFFFFFFF never expire.</summary>
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
        server.InterceptingInboundPacketAsync += OnAcknowledgedAsync;
        server.ClientSubscribedTopicAsync += OnSubscribedAsync;
        server.ClientUnsubscribedTopicAsync += OnUnsubscribedAsync;
        server.InterceptingClientEnqueueAsync += OnEnqueuingAsync;
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
        var expiry = connect.ProtocolVersion == MqttProtocolVersion.V500 ? connect.SessionExpiryInterval
            : connect.CleanSession is true ? 0 : (long)options.Value.SessionExpiryFor311.TotalSeconds;
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
                kept.Endpoint = connect.RemoteEndPoint;
            }
            Save(clientId, kept);
        }
        else if (expiry > 0)
        {
            kept = sessions[clientId] = new KeptSession(connect.UserName, expiry, null) { Endpoint = connect.RemoteEndPoint };
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
        if (outbound.Packet is MqttPublishPacket publish)
        {
            if (!sessions.TryGetValue(outbound.ClientId, out var receiver))
            {
                return;
            }
            if (receiver.Restored)
            {
                // MQTTnet's SubscribeAsync takes no identifier, so the subscriptions put back have none; the kept ones
                // have them all, also those the client has made since (MQTT 5 §3.3.4).
                var identifiers = receiver.Matching(publish.Topic).Where(s => s.SubscriptionIdentifier != 0).Select(s => (uint)s.SubscriptionIdentifier).Distinct().ToList();
                if (identifiers.Count > 0)
                {
                    publish.SubscriptionIdentifiers = identifiers;
                }
            }
            if (publish.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce)
            {
                return;
            }
            if (!outbound.ProcessPacket)
            {
                // Expired, or too large for the client: it is never sent, so it is not kept either.
                if (receiver.NotSent(publish) is { } discarded)
                {
                    Delete(discarded);
                }
                return;
            }
            var (sending, mustUpdate) = receiver.Sending(publish);
            if (sending is { Released: true })
            {
                // MQTT §4.3.3: once the client has sent PUBREC, the PUBLISH is not sent again; the PUBREL is.
                outbound.Packet = new MqttPubRelPacket { PacketIdentifier = sending.PacketId };
            }
            if (mustUpdate)
            {
                Update(sending!);
            }
            return;
        }
        if (outbound.Packet is not MqttConnAckPacket { ReasonCode: MqttConnectReasonCode.Success } connAck
            || !sessions.TryGetValue(outbound.ClientId, out var kept) || !kept.Resuming)
        {
            return;
        }
        kept.Resuming = false;
        if (connAck.IsSessionPresent)
        {
            // MQTTnet still has the session and its queue: what was written is delivered from there, and deleted as it is acknowledged.
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
                kept.Restored = true;
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
            // Sent before the restart, it goes again with its packet identifier (Sending sees to that).
            kept.Queued(new Unacknowledged(message) { Row = row, PacketId = (ushort)row.PacketIdentifier, Released = row.Released }, maxQueued);
            session.TryEnqueueApplicationMessage(message, out _);
        }
        if (queued.Count > 0)
        {
            // Older ones would have been dropped from MQTTnet's queue, which holds no more.
            writer.Queue(BrokerStateChange.Replace(null,
                db => db.QueuedMqttMessages.Where(m => m.ClientId == clientId && m.Id < queued[0].Id).ExecuteDeleteAsync()));
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

    // Before MQTTnet queues the packet: once queued, its send loop may send it, and the client acknowledge it, before
    // an event after the queueing has run; the row's write is then queued ahead of its deletion.
    private Task OnEnqueuingAsync(InterceptingClientApplicationMessageEnqueueEventArgs enqueuing)
    {
        if (!sessions.TryGetValue(enqueuing.ReceiverClientId, out var kept))
        {
            return Task.CompletedTask;
        }
        var message = enqueuing.ApplicationMessage;
        // What MQTTnet worked out for the packet it queued, from the same subscriptions (MQTT 5 §3.3.4).
        var quality = MqttQualityOfServiceLevel.AtMostOnce;
        var retain = false;
        var identifiers = new List<long>();
        foreach (var subscription in kept.Matching(message.Topic))
        {
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
            ClientId = enqueuing.ReceiverClientId,
            Retain = retain,
            SubscriptionIdentifiers = identifiers.Count == 0 ? null : string.Join(',', identifiers),
            QueuedAt = clock.GetUtcNow(),
        }, message);
        row.QualityOfService = (int)quality;
        var unacknowledged = new Unacknowledged(message);
        kept.Queued(unacknowledged, maxQueued);
        // The row made for the attempt that commits is the one its acknowledgement deletes.
        var written = writer.Write(BrokerStateChange.Replace(() => unacknowledged.Stored(row)));
        // The writer keeps the order, so a sender's newest write covers its earlier ones.
        var sender = enqueuing.SenderClientId;
        queuedBy[sender] = written;
        _ = written.ContinueWith(_ => queuedBy.TryRemove(new KeyValuePair<string, Task>(sender, written)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    private Task OnEnqueuedAsync(ApplicationMessageEnqueuedEventArgs enqueued)
    {
        // A full queue drops the new message: it will never be sent, so its row goes too.
        if (enqueued.IsDropped && sessions.TryGetValue(enqueued.ReceiverClientId, out var kept) && kept.Dropped(enqueued.ApplicationMessage) is { } dropped)
        {
            Delete(dropped);
        }
        return Task.CompletedTask;
    }

    private Task OnAcknowledgedAsync(InterceptingPacketEventArgs inbound)
    {
        if (inbound.Packet is not (MqttPubAckPacket or MqttPubRecPacket or MqttPubCompPacket) || !sessions.TryGetValue(inbound.ClientId, out var kept))
        {
            return Task.CompletedTask;
        }
        var packetId = ((MqttPacketWithIdentifier)inbound.Packet).PacketIdentifier;
        if (inbound.Packet is MqttPubRecPacket { ReasonCode: < MqttPubRecReasonCode.UnspecifiedError })
        {
            // The client has the message: from now on only the PUBREL is sent again, until PUBCOMP.
            if (kept.Received(packetId) is { } received)
            {
                Update(received);
            }
        }
        // PUBACK, PUBCOMP, or a PUBREC that refuses the message: the exchange is over.
        else if (kept.Acknowledged(packetId) is { } done)
        {
            Delete(done);
        }
        return Task.CompletedTask;
    }

    // Both are queued behind the row's own write, so its id is known when they run (the writer keeps the order).
    private void Delete(Unacknowledged message) => writer.Queue(BrokerStateChange.Replace(null, db => message.Row is { } row
        ? db.QueuedMqttMessages.Where(m => m.Id == row.Id && m.ClientId == row.ClientId).ExecuteDeleteAsync()
        : Task.CompletedTask));

    private void Update(Unacknowledged message) => writer.Queue(BrokerStateChange.Replace(null, db =>
    {
        var (row, packetId, released) = message.State();
        return row is null ? Task.CompletedTask : db.QueuedMqttMessages.Where(m => m.Id == row.Id && m.ClientId == row.ClientId)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.PacketIdentifier, packetId).SetProperty(m => m.Released, released));
    }));

    private Task OnDisconnectedAsync(ClientDisconnectedEventArgs disconnected)
    {
        if (disconnected.DisconnectType == MqttClientDisconnectType.Takeover || !sessions.TryGetValue(disconnected.ClientId, out var kept))
        {
            return Task.CompletedTask;
        }
        lock (kept)
        {
            // MQTTnet tells of a connection's end after it has let the next one in: an older connection that ends
            // late must not mark as away a client that is connected again.
            if (!Equals(kept.Endpoint, disconnected.RemoteEndPoint))
            {
                return Task.CompletedTask;
            }
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
            // MQTTnet's first: once the stored session is gone, a client that comes back must not find it in memory.
            if (server is { IsStarted: true } && (await server.GetSessionsAsync()).FirstOrDefault(s => s.Id == clientId) is { DisconnectedTimestamp: not null } session)
            {
                await session.DeleteAsync();
            }
            End(clientId);
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

    private sealed class KeptSession(string owner, long expiryInterval, DateTimeOffset? disconnectedAt)
    {
        public string Owner { get; } = owner;

        public long ExpiryInterval { get; set; } = expiryInterval;

        public DateTimeOffset? DisconnectedAt { get; set; } = disconnectedAt;

        /// <summary>Where the client's latest accepted connection comes from.</summary>
        public System.Net.EndPoint? Endpoint { get; set; }

        public ConcurrentDictionary<string, BrokerSubscription> Subscriptions { get; } = new(StringComparer.Ordinal);

        /// <summary>Set by a CONNECT that resumes this session, until its CONNACK.</summary>
        public volatile bool Resuming;

        /// <summary>Set while its subscriptions are put back, which need not be written again.</summary>
        public volatile bool Restoring;

        /// <summary>Set once its subscriptions were put back into MQTTnet, without their identifiers.</summary>
        public volatile bool Restored;

        public IEnumerable<BrokerSubscription> Matching(string topic) => Subscriptions.Values
            .Where(s => MqttTopicFilterComparer.Compare(topic, s.TopicFilter) == MqttTopicFilterCompareResult.IsMatch);

        // Oldest first; guarded by the list itself.
        private readonly List<Unacknowledged> unacknowledged = [];

        private int maxTracked = 2000;

        /// <summary>Tracks a message written for this session until its client acknowledges it.</summary>
        public void Queued(Unacknowledged message, int maxQueued)
        {
            lock (unacknowledged)
            {
                // Bounded like MQTTnet's queue (and what is in flight beside it); a row forgotten here is only
                // delivered once more after a restart, or deleted with the session.
                maxTracked = 2 * maxQueued;
                Add(message);
            }
        }

        private void Add(Unacknowledged message)
        {
            if (unacknowledged.Count >= maxTracked)
            {
                unacknowledged.RemoveAt(0);
            }
            unacknowledged.Add(message);
        }

        /// <summary>
        /// Gives a QoS 1/2 PUBLISH going to the client its packet identifier: the one it had if it was sent before
        /// (MQTTnet gives a message it sends again a new one, as it does to every message queued for a client that
        /// reconnects), with the DUP flag, or else one that no message in flight to the client has (after a restart
        /// MQTTnet counts from 1 again, while the client still holds those from before).
        /// </summary>
        /// <returns>The entry of the message (null if it is not written), and whether its row needs the new identifier.</returns>
        public (Unacknowledged? Entry, bool MustUpdate) Sending(MqttPublishPacket publish)
        {
            lock (unacknowledged)
            {
                var entry = unacknowledged.Find(m => ReferenceEquals(m.Packet, publish))
                    ?? unacknowledged.Find(m => m.Packet is null && m.IsCarriedBy(publish));
                if (entry is { PacketId: not 0 })
                {
                    entry.Packet = publish;
                    publish.PacketIdentifier = entry.PacketId;
                    publish.Dup = true;
                    return (entry, false);
                }
                var packetId = publish.PacketIdentifier;
                while (packetId == 0 || unacknowledged.Exists(m => m.PacketId == packetId))
                {
                    packetId = packetId == ushort.MaxValue ? (ushort)1 : (ushort)(packetId + 1);
                }
                publish.PacketIdentifier = packetId;
                if (entry is null)
                {
                    // Not written (a retained message sent on subscribe): tracked only so that its identifier stays its own.
                    Add(new Unacknowledged(null) { Packet = publish, PacketId = packetId });
                    return (null, false);
                }
                entry.Packet = publish;
                return (entry, entry.SentAs(packetId));
            }
        }

        /// <summary>The entry of a message that is not going to be sent after all, no longer tracked.</summary>
        public Unacknowledged? NotSent(MqttPublishPacket publish) => Take(m => ReferenceEquals(m.Packet, publish) || (m.Packet is null && m.IsCarriedBy(publish)));

        /// <summary>The newest unsent entry for <paramref name="message"/>, which MQTTnet's full queue has just refused.</summary>
        public Unacknowledged? Dropped(MqttApplicationMessage message)
        {
            lock (unacknowledged)
            {
                var index = unacknowledged.FindLastIndex(m => m.Packet is null && m.Is(message));
                return index < 0 ? null : TakeAt(index);
            }
        }

        /// <summary>The QoS 2 message the client has just answered with PUBREC, if it is one written for this session.</summary>
        public Unacknowledged? Received(ushort packetId)
        {
            lock (unacknowledged)
            {
                var entry = unacknowledged.Find(m => m.PacketId == packetId && m.Packet is not null);
                return entry is not null && entry.Release() ? entry : null;
            }
        }

        /// <summary>The message whose exchange the client has just completed (PUBACK, PUBCOMP, a refusing PUBREC), no longer tracked.</summary>
        public Unacknowledged? Acknowledged(ushort packetId) => Take(m => m.PacketId == packetId && m.Packet is not null);

        private Unacknowledged? Take(Predicate<Unacknowledged> match)
        {
            lock (unacknowledged)
            {
                var index = unacknowledged.FindIndex(match);
                return index < 0 ? null : TakeAt(index);
            }
        }

        private Unacknowledged TakeAt(int index)
        {
            var entry = unacknowledged[index];
            unacknowledged.RemoveAt(index);
            return entry;
        }

        public bool HasExpired(DateTimeOffset now)
        {
            lock (this)
            {
                return ExpiryInterval != Never && DisconnectedAt is { } away && now >= away.AddSeconds(ExpiryInterval);
            }
        }
    }

    /// <summary>A QoS 1/2 message for a session and not acknowledged by its client yet.</summary>
    /// <remarks>Its packet state is read by the writer while the broker changes it, hence the lock.</remarks>
    private sealed class Unacknowledged(MqttApplicationMessage? message)
    {
        private QueuedMqttMessage? row;
        private ushort packetId;
        private bool released;

        /// <summary>The stored row (its id set once written), or null while the first attempt is being made or if it is not written.</summary>
        public QueuedMqttMessage? Row
        {
            get { lock (this) { return row; } }
            init => row = value;
        }

        /// <summary>The identifier of the PUBLISH that carries it to the client; 0 until it is sent.</summary>
        public ushort PacketId
        {
            get { lock (this) { return packetId; } }
            init => packetId = value;
        }

        /// <summary>Whether the client has answered it with PUBREC (QoS 2).</summary>
        public bool Released
        {
            get { lock (this) { return released; } }
            init => released = value;
        }

        /// <summary>MQTTnet's packet that carried it last: the same one is sent again after a reconnect.</summary>
        public MqttPublishPacket? Packet { get; set; }

        public bool Is(MqttApplicationMessage other) => ReferenceEquals(message, other);

        public bool IsCarriedBy(MqttPublishPacket publish) => message is not null
            && publish.Payload.Start.Equals(message.Payload.Start) && publish.Payload.Length == message.Payload.Length
            && string.Equals(publish.Topic, message.Topic, StringComparison.Ordinal);

        /// <summary>The row to add for <paramref name="queued"/>, with the packet state as it is now.</summary>
        public QueuedMqttMessage Stored(QueuedMqttMessage queued)
        {
            lock (this)
            {
                var copy = queued.Copy<QueuedMqttMessage>();
                (copy.PacketIdentifier, copy.Released) = (packetId, released);
                return row = copy;
            }
        }

        /// <summary>Notes its packet identifier; true if its row is already added, and so must be updated.</summary>
        public bool SentAs(ushort id)
        {
            lock (this)
            {
                packetId = id;
                return row is not null;
            }
        }

        /// <summary>Notes the PUBREC; true if its row is already added, and so must be updated.</summary>
        public bool Release()
        {
            lock (this)
            {
                released = true;
                return row is not null;
            }
        }

        public (QueuedMqttMessage? Row, int PacketId, bool Released) State()
        {
            lock (this)
            {
                return (row, packetId, released);
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
