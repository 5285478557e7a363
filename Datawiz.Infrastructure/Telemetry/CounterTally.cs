using Datawiz.Domain.Telemetry;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>What changed for one sensor since the summary was last written.</summary>
public sealed class CounterDelta
{
    /// <summary>The newest committed value of each field.</summary>
    public Dictionary<string, LatestReading> Latest { get; } = new(StringComparer.Ordinal);

    public long Received { get; set; }

    public long Stored { get; set; }

    public long Rejected { get; set; }

    public long RefusedByAcl { get; set; }

    public long RateLimited { get; set; }

    public string? LastReason { get; set; }

    public DateTimeOffset? LastReasonAt { get; set; }

    public DateTimeOffset? LastSeenAt { get; set; }

    public void Add(CounterDelta other)
    {
        Received += other.Received;
        Stored += other.Stored;
        Rejected += other.Rejected;
        RefusedByAcl += other.RefusedByAcl;
        RateLimited += other.RateLimited;
        if (other.LastReasonAt is { } at && (LastReasonAt is null || at >= LastReasonAt))
        {
            LastReason = other.LastReason;
            LastReasonAt = at;
        }
        if (other.LastSeenAt is { } seen && (LastSeenAt is null || seen > LastSeenAt))
        {
            LastSeenAt = seen;
        }
        foreach (var latest in other.Latest.Values)
        {
            Newest(latest);
        }
    }

    public void Newest(LatestReading reading)
    {
        if (!Latest.TryGetValue(reading.Field, out var newest) || reading.Timestamp >= newest.Timestamp)
        {
            Latest[reading.Field] = reading;
        }
    }
}

/// <summary>
/// Per-sensor counters, last-seen times and newest values gathered in memory and written together every so often
/// (<see cref="TelemetrySummaryWriter"/>), so that neither a message nor a batch of readings pays for them; a failed
/// write puts them back.
/// </summary>
public sealed class CounterTally
{
    private readonly Lock gate = new();
    private Dictionary<Guid, CounterDelta> pending = [];

    public bool IsEmpty
    {
        get
        {
            lock (gate)
            {
                return pending.Count == 0;
            }
        }
    }

    public void Received(Guid sensorId, DateTimeOffset at) => Change(sensorId, d =>
    {
        d.Received++;
        if (d.LastSeenAt is null || at > d.LastSeenAt)
        {
            d.LastSeenAt = at;
        }
    });

    public void Rejected(Guid sensorId, string reason, DateTimeOffset at) => Change(sensorId, d => { d.Rejected++; Reason(d, reason, at); });

    public void RateLimited(Guid sensorId, string reason, DateTimeOffset at) => Change(sensorId, d => { d.RateLimited++; Reason(d, reason, at); });

    public void RefusedByAcl(Guid sensorId, string reason, DateTimeOffset at) => Change(sensorId, d => { d.RefusedByAcl++; Reason(d, reason, at); });

    /// <summary>Counts the committed messages of a batch and keeps each sensor's newest values.</summary>
    public void Stored(IReadOnlyList<QueuedMessage> messages)
    {
        lock (gate)
        {
            foreach (var message in messages)
            {
                var delta = DeltaOf(message.SensorId);
                delta.Stored++;
                var timestamp = message.Payload.Timestamp.ToUniversalTime();
                foreach (var reading in message.Payload.Readings)
                {
                    delta.Newest(new LatestReading { SensorId = message.SensorId, Field = reading.Field, Value = reading.Value, Timestamp = timestamp });
                }
            }
        }
    }

    /// <summary>Everything gathered so far; the tally starts again empty.</summary>
    public Dictionary<Guid, CounterDelta> TakeAll()
    {
        lock (gate)
        {
            var taken = pending;
            pending = [];
            return taken;
        }
    }

    /// <summary>Puts back what a failed commit could not write.</summary>
    public void Restore(IReadOnlyDictionary<Guid, CounterDelta> deltas)
    {
        foreach (var (sensorId, delta) in deltas)
        {
            Change(sensorId, d => d.Add(delta));
        }
    }

    private void Change(Guid sensorId, Action<CounterDelta> change)
    {
        lock (gate)
        {
            change(DeltaOf(sensorId));
        }
    }

    private CounterDelta DeltaOf(Guid sensorId)
    {
        if (!pending.TryGetValue(sensorId, out var delta))
        {
            delta = new CounterDelta();
            pending[sensorId] = delta;
        }
        return delta;
    }

    private static void Reason(CounterDelta delta, string reason, DateTimeOffset at)
    {
        delta.LastReason = reason.Length <= 300 ? reason : reason[..299] + "…";
        delta.LastReasonAt = at;
    }
}
