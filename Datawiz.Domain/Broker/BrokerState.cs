namespace Datawiz.Domain.Broker;

/// <summary>
/// What the broker keeps of an MQTT application message so that it outlives the process: the fields of a PUBLISH
/// that MQTT 3.1.1 and 5.0 let a subscriber see.
/// </summary>
public abstract class StoredMqttMessage
{
    public string Topic { get; set; } = "";

    public byte[] Payload { get; set; } = [];

    public int QualityOfService { get; set; }

    public string? ContentType { get; set; }

    public string? ResponseTopic { get; set; }

    public byte[]? CorrelationData { get; set; }

    public int PayloadFormat { get; set; }

    /// <summary>Seconds, as the publisher gave it (MQTT 5); 0 for none.</summary>
    public long MessageExpiryInterval { get; set; }

    /// <summary>MQTT 5 user properties as JSON (name and base64 value pairs), or null for none.</summary>
    public string? UserProperties { get; set; }

    /// <summary>A row of its own with the same values (the byte arrays are shared: nothing changes them once stored).</summary>
    public T Copy<T>()
        where T : StoredMqttMessage => (T)MemberwiseClone();
}

/// <summary>The retained message of one topic (MQTT 3.1.1 §3.3.1.3, 5.0 §3.3.1.3).</summary>
public sealed class RetainedMqttMessage : StoredMqttMessage
{
    public DateTimeOffset StoredAt { get; set; }

    /// <summary>When its message expiry interval runs out; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}

/// <summary>A QoS 1 or 2 message for a persistent session that its client has not acknowledged yet.</summary>
public sealed class QueuedMqttMessage : StoredMqttMessage
{
    public long Id { get; set; }

    public string ClientId { get; set; } = "";

    /// <summary>Whether the subscriber gets it with the retain flag (MQTT 5 Retain As Published).</summary>
    public bool Retain { get; set; }

    /// <summary>The identifiers of the subscriptions it matched, comma-separated, or null for none.</summary>
    public string? SubscriptionIdentifiers { get; set; }

    /// <summary>
    /// The packet identifier it was sent to the client with, or 0 if it has not been sent: a message sent and not
    /// acknowledged is sent again with the same identifier and the DUP flag (MQTT 3.1.1 §4.4, MQTT 5 §4.4).
    /// </summary>
    public int PacketIdentifier { get; set; }

    /// <summary>Whether the client has answered this QoS 2 message with PUBREC: it is not sent again, a PUBREL is.</summary>
    public bool Released { get; set; }

    public DateTimeOffset QueuedAt { get; set; }
}

/// <summary>
/// A session that outlives its connection (MQTT 3.1.1 clean session 0, MQTT 5 a session expiry interval above 0).
/// </summary>
public sealed class BrokerSession
{
    public string ClientId { get; set; } = "";

    /// <summary>The MQTT username that opened it: no other account may resume it.</summary>
    public string Owner { get; set; } = "";

    /// <summary>Seconds the session stays after its client disconnects; <see cref="uint.MaxValue"/> for never (MQTT 5 0xFFFFFFFF).</summary>
    public long ExpiryInterval { get; set; }

    /// <summary>When its client went away; null while connected.</summary>
    public DateTimeOffset? DisconnectedAt { get; set; }
}

/// <summary>One subscription of a <see cref="BrokerSession"/>.</summary>
public sealed class BrokerSubscription
{
    public string ClientId { get; set; } = "";

    public string TopicFilter { get; set; } = "";

    public int QualityOfService { get; set; }

    public bool NoLocal { get; set; }

    public bool RetainAsPublished { get; set; }

    public int RetainHandling { get; set; }

    /// <summary>The MQTT 5 subscription identifier; 0 for none.</summary>
    public long SubscriptionIdentifier { get; set; }
}
