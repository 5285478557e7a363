namespace Datawiz.Infrastructure.Telemetry;

/// <summary>
/// Where the broker and the HTTP endpoint hand over what sensors publish. PLACEHOLDER while ingestion is
/// built on its own branch: it stores nothing. Its public members are the contract both sides code against.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Placeholder: the real ingestion keeps state; its members stay instance members of the contract.")]
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
