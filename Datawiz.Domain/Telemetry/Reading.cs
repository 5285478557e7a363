namespace Datawiz.Domain.Telemetry;

/// <summary>One stored value: what a sensor measured in one field at one moment.</summary>
public sealed class Reading
{
    public long Id { get; set; }

    public Guid SensorId { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    public string Field { get; set; } = "";

    public double Value { get; set; }
}

/// <summary>The newest value of one field of one sensor, for the dashboard and maps without a scan of the readings.</summary>
public sealed class LatestReading
{
    public Guid SensorId { get; set; }

    public string Field { get; set; } = "";

    public double Value { get; set; }

    public DateTimeOffset Timestamp { get; set; }
}

/// <summary>What happened to the messages of one sensor, for its owner to see why data is missing.</summary>
public sealed class SensorTelemetryCounters
{
    public Guid SensorId { get; set; }

    public long Received { get; set; }

    public long Stored { get; set; }

    public long Rejected { get; set; }

    public long RefusedByAcl { get; set; }

    public long RateLimited { get; set; }

    /// <summary>Why the last message was not stored (rejected, refused or over the rate).</summary>
    public string? LastReason { get; set; }

    public DateTimeOffset? LastReasonAt { get; set; }
}
