namespace Datawiz.Domain.Telemetry;

/// <summary>
/// The count, sum, minimum and maximum of one field of one sensor over one quarter hour, kept in the same
/// transaction as the readings themselves: a year in day buckets then reads 35,040 of these per line instead of every
/// reading. A quarter hour because every zone in use today is a whole number of quarter hours from UTC (Nepal +5:45,
/// Chatham +12:45), so hours and days of any viewer's zone are made of whole slots.
/// </summary>
public sealed class ReadingRollup
{
    public static readonly TimeSpan Slot = TimeSpan.FromMinutes(15);

    public Guid SensorId { get; set; }

    public string Field { get; set; } = "";

    /// <summary>The start of the quarter hour, counted from the Unix epoch (UTC).</summary>
    public DateTimeOffset Start { get; set; }

    public long Count { get; set; }

    public double Sum { get; set; }

    public double Minimum { get; set; }

    public double Maximum { get; set; }

    /// <summary>The start of the quarter hour that holds <paramref name="time"/>.</summary>
    public static DateTimeOffset SlotOf(DateTimeOffset time)
    {
        var utc = time.UtcTicks;
        return new DateTimeOffset(utc - (utc % Slot.Ticks), TimeSpan.Zero);
    }

    /// <summary>The start of the first quarter hour that begins at or after <paramref name="time"/>.</summary>
    public static DateTimeOffset SlotAtOrAfter(DateTimeOffset time)
    {
        var start = SlotOf(time);
        return start == time ? start : start + Slot;
    }

    public static bool IsSlotStart(DateTimeOffset time) => time.UtcTicks % Slot.Ticks == 0;

    /// <summary>One rollup per sensor, field and quarter hour of <paramref name="readings"/>, ordered by that key.</summary>
    public static List<ReadingRollup> Of(IEnumerable<Reading> readings)
    {
        var rollups = new Dictionary<(Guid, string, DateTimeOffset), ReadingRollup>();
        foreach (var reading in readings)
        {
            var key = (reading.SensorId, reading.Field, SlotOf(reading.Timestamp));
            if (rollups.TryGetValue(key, out var rollup))
            {
                rollup.Count++;
                rollup.Sum += reading.Value;
                rollup.Minimum = Math.Min(rollup.Minimum, reading.Value);
                rollup.Maximum = Math.Max(rollup.Maximum, reading.Value);
            }
            else
            {
                rollups[key] = new ReadingRollup
                {
                    SensorId = key.SensorId, Field = key.Field, Start = key.Item3, Count = 1, Sum = reading.Value, Minimum = reading.Value, Maximum = reading.Value,
                };
            }
        }
        // Writers that upsert overlapping rollups in the same order wait for each other instead of deadlocking.
        return rollups.Values
            .OrderBy(r => r.SensorId).ThenBy(r => r.Field, StringComparer.Ordinal).ThenBy(r => r.Start)
            .ToList();
    }
}
