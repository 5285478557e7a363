namespace Datawiz.Infrastructure.Telemetry;

/// <summary>The sensor a message came from, as the broker or the HTTP endpoint resolved it from its credentials.</summary>
public sealed record TelemetrySender(Guid SensorId, Guid OwnerId, string SensorTopic);

/// <summary>One message a sensor published, on <paramref name="Topic"/> (its own topic or below it).</summary>
public sealed record TelemetryMessage(TelemetrySender Sender, string Topic, ReadOnlyMemory<byte> Payload, DateTimeOffset ReceivedAt);

public enum IngestionStatus
{
    /// <summary>Its readings are committed: a QoS 1/2 publish may be acknowledged, HTTP answers 202.</summary>
    Stored,

    /// <summary>Not telemetry (not JSON, not numeric, too large…): nothing stored, counted on the sensor; <see cref="IngestionResult.Reason"/> says why.</summary>
    Rejected,

    /// <summary>The owner's class allows no more messages this minute (MQTT 5 QuotaExceeded, HTTP 429).</summary>
    RateLimited,

    /// <summary>The queue is full or the database unreachable: do not acknowledge (back-pressure; the device retries).</summary>
    Unavailable,
}

public sealed record IngestionResult(IngestionStatus Status, string? Reason = null)
{
    public static readonly IngestionResult Stored = new(IngestionStatus.Stored);
}
