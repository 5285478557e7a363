namespace Datawiz.Infrastructure.Telemetry;

// The placeholder keeps instance members because the real ingestion (its own branch) needs them; without this the Release build fails on CA1822.
#pragma warning disable CA1822

/// <summary>
/// Where the broker and the HTTP endpoint hand over what sensors publish. PLACEHOLDER while ingestion is
/// built on its own branch: it stores nothing. Its public members are the contract both sides code against.
/// </summary>
public sealed class TelemetryIngestion
{
    /// <summary>Parses, rate-limits and stores one message; completes once its readings are committed, or it was refused.</summary>
    public ValueTask<IngestionResult> IngestAsync(TelemetryMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(IngestionResult.Stored);
    }

    /// <summary>Counts, on the sensor, a publish the topic ACL refused.</summary>
    public void RecordRefusedByAcl(Guid sensorId, string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        _ = sensorId;
    }
}
