using Datawiz.Domain.Telemetry;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>
/// Where telemetry is committed: readings by the batch (PostgreSQL by binary COPY, SQLite by prepared inserts), and
/// every so often the summary of what changed per sensor (newest values, counters, last-seen time).
/// </summary>
public interface ITelemetryStore
{
    /// <summary>Writes the readings in one transaction; throws when they could not be committed.</summary>
    Task WriteReadingsAsync(IReadOnlyList<Reading> readings, CancellationToken cancellationToken);

    /// <summary>Writes the sensors' summaries in one transaction; throws when they could not be committed.</summary>
    Task WriteSummaryAsync(IReadOnlyDictionary<Guid, CounterDelta> summary, CancellationToken cancellationToken);

    /// <summary>Completes when the database answers again.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
