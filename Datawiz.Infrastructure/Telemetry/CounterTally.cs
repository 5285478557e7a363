namespace Datawiz.Infrastructure.Telemetry;

/// <summary>What changed for one sensor since the last commit.</summary>
public sealed class CounterDelta
{
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
    }
}

/// <summary>
/// Per-sensor counters gathered in memory and written with the next batch, so that a message costs no write of
/// its own; a failed commit puts them back.
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
            if (!pending.TryGetValue(sensorId, out var delta))
            {
                delta = new CounterDelta();
                pending[sensorId] = delta;
            }
            change(delta);
        }
    }

    private static void Reason(CounterDelta delta, string reason, DateTimeOffset at)
    {
        delta.LastReason = reason.Length <= 300 ? reason : reason[..299] + "…";
        delta.LastReasonAt = at;
    }
}
