using Datawiz.Domain.Telemetry;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>
/// What one commit writes: every reading of its messages, and once per sensor (not per message) the newest value
/// of each field, the counters and the last-seen time.
/// </summary>
public sealed class TelemetryBatch
{
    private TelemetryBatch(List<Reading> readings, List<LatestReading> latest, Dictionary<Guid, CounterDelta> counters)
    {
        Readings = readings;
        Latest = latest;
        Counters = counters;
    }

    public IReadOnlyList<Reading> Readings { get; }

    public IReadOnlyList<LatestReading> Latest { get; }

    /// <summary>Per sensor: what the tally gathered plus the messages this batch stores.</summary>
    public IReadOnlyDictionary<Guid, CounterDelta> Counters { get; }

    public static TelemetryBatch Build(IReadOnlyList<QueuedMessage> messages, Dictionary<Guid, CounterDelta> tally)
    {
        var readings = new List<Reading>(messages.Count * 2);
        var latest = new Dictionary<(Guid, string), LatestReading>();
        foreach (var message in messages)
        {
            var timestamp = message.Payload.Timestamp.ToUniversalTime();
            foreach (var reading in message.Payload.Readings)
            {
                readings.Add(new Reading { SensorId = message.SensorId, Timestamp = timestamp, Field = reading.Field, Value = reading.Value });
                var key = (message.SensorId, reading.Field);
                if (!latest.TryGetValue(key, out var newest) || timestamp >= newest.Timestamp)
                {
                    latest[key] = new LatestReading { SensorId = message.SensorId, Field = reading.Field, Value = reading.Value, Timestamp = timestamp };
                }
            }
            if (!tally.TryGetValue(message.SensorId, out var delta))
            {
                delta = new CounterDelta();
                tally[message.SensorId] = delta;
            }
            delta.Stored++;
        }
        return new TelemetryBatch(readings, latest.Values.ToList(), tally);
    }
}

/// <summary>Where batches are committed: PostgreSQL by binary COPY, SQLite by prepared inserts in one transaction.</summary>
public interface ITelemetryStore
{
    /// <summary>Writes the whole batch in one transaction; throws when it could not be committed.</summary>
    Task WriteAsync(TelemetryBatch batch, CancellationToken cancellationToken);

    /// <summary>Completes when the database answers again.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
