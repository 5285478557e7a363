namespace Datawiz.Infrastructure.Telemetry;

/// <summary>A value of a field at one moment, as a page draws it.</summary>
public readonly record struct TimedValue(DateTimeOffset Timestamp, double Value);

/// <summary>What arrived for one sensor since the last update: per field, its values in time order (the last is the newest).</summary>
public sealed record SensorUpdate(Guid SensorId, IReadOnlyDictionary<string, IReadOnlyList<TimedValue>> Fields)
{
    public TimedValue? Latest(string field) => Fields.TryGetValue(field, out var values) && values.Count > 0 ? values[^1] : null;
}

/// <summary>
/// Gathers committed readings between two updates of a view, so that the view renders once per interval however
/// often its sensors publish. Bounded: past <see cref="MaxValuesPerField"/> values of one field since the last
/// update, the first to arrive are dropped (a chart cannot show more in one step; the latest to arrive are kept).
/// </summary>
public sealed class ReadingsCoalescer
{
    public const int MaxValuesPerField = 500;

    private readonly Lock gate = new();
    private Dictionary<Guid, Dictionary<string, Queue<TimedValue>>> pending = [];

    public void Add(CommittedReadings committed)
    {
        lock (gate)
        {
            if (!pending.TryGetValue(committed.SensorId, out var fields))
            {
                pending[committed.SensorId] = fields = new Dictionary<string, Queue<TimedValue>>(StringComparer.Ordinal);
            }
            foreach (var reading in committed.Readings)
            {
                if (!fields.TryGetValue(reading.Field, out var values))
                {
                    fields[reading.Field] = values = new Queue<TimedValue>();
                }
                if (values.Count == MaxValuesPerField)
                {
                    values.Dequeue();
                }
                values.Enqueue(new TimedValue(reading.Timestamp, reading.Value));
            }
        }
    }

    /// <summary>Everything gathered since the last call, one entry per sensor; empty if nothing arrived.</summary>
    public IReadOnlyList<SensorUpdate> Take()
    {
        Dictionary<Guid, Dictionary<string, Queue<TimedValue>>> taken;
        lock (gate)
        {
            if (pending.Count == 0)
            {
                return [];
            }
            (taken, pending) = (pending, []);
        }
        // In time order, as a chart draws them: messages committed together need not have arrived in it.
        return taken.Select(sensor => new SensorUpdate(sensor.Key, sensor.Value.ToDictionary(
            field => field.Key, IReadOnlyList<TimedValue> (field) => field.Value.OrderBy(v => v.Timestamp).ToArray(), StringComparer.Ordinal))).ToList();
    }
}
