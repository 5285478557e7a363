using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Components.Shared.Charts;

namespace Datawiz.Web.Components.Pages.Sensors;

/// <summary>
/// The newest value per field as a sensor's page shows it, fed by two sources: the stored summary (re-read every few
/// seconds, written once a second) and the live feed (after each commit). The newer value of a field wins, so a
/// re-read that lags the live feed never moves a value back. Type fields come first in the type's order, then the
/// others by name, as <see cref="TelemetryOverview"/> orders them.
/// </summary>
public sealed class LiveLatestValues
{
    private readonly IReadOnlyList<TypeField> typeFields;
    private readonly Dictionary<string, int> typeOrder;
    private readonly Dictionary<string, LatestValue> byField = new(StringComparer.Ordinal);

    public LiveLatestValues(IReadOnlyList<TypeField> typeFields)
    {
        this.typeFields = typeFields;
        typeOrder = typeFields.Select((field, index) => (field.Key, index)).DistinctBy(f => f.Key).ToDictionary(f => f.Key, f => f.index, StringComparer.Ordinal);
        Order();
    }

    public IReadOnlyList<LatestValue> Values { get; private set; } = [];

    /// <summary>A line per type field, then one per other field that has a value.</summary>
    public IReadOnlyList<ChartSeries> Series { get; private set; } = [];

    public void Merge(IEnumerable<LatestValue> read)
    {
        foreach (var value in read)
        {
            Keep(value);
        }
        Order();
    }

    public void Apply(SensorUpdate update)
    {
        foreach (var (field, values) in update.Fields)
        {
            if (values.Count > 0)
            {
                var newest = values[^1];
                var type = typeOrder.TryGetValue(field, out var index) ? typeFields[index] : null;
                Keep(new LatestValue(field, type?.Label ?? field, type?.Unit ?? "", newest.Value, newest.Timestamp, type is not null));
            }
        }
        Order();
    }

    private void Keep(LatestValue value)
    {
        if (!byField.TryGetValue(value.Field, out var known) || known.Timestamp <= value.Timestamp)
        {
            byField[value.Field] = value;
        }
    }

    private void Order()
    {
        Values = [.. byField.Values
            .OrderBy(v => typeOrder.GetValueOrDefault(v.Field, int.MaxValue))
            .ThenBy(v => v.Field, StringComparer.Ordinal)];
        var series = typeFields.Select(f => new ChartSeries(f.Key, f.Label, f.Unit))
            .Concat(Values.Where(v => !v.IsTypeField).Select(v => new ChartSeries(v.Field, v.Label, v.Unit)))
            .ToList();
        // A new list only when a line was added, so that the chart is not reconfigured on every value.
        if (!series.SequenceEqual(Series))
        {
            Series = series;
        }
    }
}
