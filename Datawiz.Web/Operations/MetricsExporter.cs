using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Datawiz.Web.Operations;

/// <summary>
/// Every instrument of every <c>Datawiz.*</c> meter, aggregated in memory by a <see cref="MeterListener"/> and
/// written in the Prometheus text format for <c>/metrics</c>. A new meter (the broker's, say) appears without a
/// change here. Meters made by another app's <see cref="IMeterFactory"/> in the same process (tests run several)
/// are left out; meters made without a factory are included.
/// </summary>
public sealed class MetricsExporter : IDisposable
{
    public const string MeterPrefix = "Datawiz.";

    // Fits both counts of things (batch sizes) and milliseconds (latencies).
    private static readonly double[] Buckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private readonly MeterListener listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> instruments = new();

    public MetricsExporter(IMeterFactory meterFactory)
    {
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal)
                    && (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, meterFactory)))
                {
                    instruments.TryAdd(instrument, new InstrumentSeries(instrument));
                    l.EnableMeasurementEvents(instrument);
                }
            },
            MeasurementsCompleted = (instrument, state) => instruments.TryRemove(instrument, out var removed),
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<short>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<byte>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<decimal>((i, v, tags, _) => Record(i, (double)v, tags));
        listener.Start();
    }

    /// <summary>The current values, one family per metric name.</summary>
    public string Render()
    {
        listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var family in instruments.Values.GroupBy(s => s.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = family.First();
            if (!string.IsNullOrEmpty(first.Description))
            {
                text.Append("# HELP ").Append(first.Name).Append(' ').Append(EscapeHelp(first.Description)).Append('\n');
            }
            text.Append("# TYPE ").Append(first.Name).Append(' ').Append(first.Kind switch
            {
                MetricKind.Counter => "counter",
                MetricKind.Histogram => "histogram",
                _ => "gauge",
            }).Append('\n');
            foreach (var instrument in family)
            {
                instrument.WriteTo(text);
            }
        }
        return text.ToString();
    }

    public void Dispose() => listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (instruments.TryGetValue(instrument, out var series))
        {
            series.Record(value, Labels(tags));
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }
        var pairs = new List<KeyValuePair<string, object?>>(tags.Length);
        foreach (var tag in tags)
        {
            pairs.Add(tag);
        }
        return string.Join(',', pairs.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{Sanitize(p.Key)}=\"{EscapeLabel(Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? "")}\""));
    }

    internal static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':' ? c : '_').ToArray();
        return char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }

    private static string EscapeLabel(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private static string EscapeHelp(string value) => value.Replace("\\", "\\\\").Replace("\n", "\\n");

    internal static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    private enum MetricKind
    {
        Counter,
        Gauge,
        Histogram,
    }

    /// <summary>One instrument's values, per label set.</summary>
    private sealed class InstrumentSeries
    {
        private readonly ConcurrentDictionary<string, Values> byLabels = new(StringComparer.Ordinal);
        private readonly bool summed;

        public InstrumentSeries(Instrument instrument)
        {
            var type = instrument.GetType().Name;
            Kind = type.StartsWith("Histogram", StringComparison.Ordinal) ? MetricKind.Histogram
                : type.StartsWith("Counter", StringComparison.Ordinal) || type.StartsWith("ObservableCounter", StringComparison.Ordinal) ? MetricKind.Counter
                : MetricKind.Gauge;
            // Synchronous counters report increments; observable instruments and gauges report the value itself.
            summed = !instrument.IsObservable && (type.StartsWith("Counter", StringComparison.Ordinal) || type.StartsWith("UpDownCounter", StringComparison.Ordinal));
            var name = Sanitize(instrument.Name);
            Name = Kind == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
            Description = instrument.Description;
        }

        public string Name { get; }

        public string? Description { get; }

        public MetricKind Kind { get; }

        public void Record(double value, string labels)
        {
            var values = byLabels.GetOrAdd(labels, _ => new Values());
            lock (values)
            {
                values.Count++;
                values.Sum = summed || Kind == MetricKind.Histogram ? values.Sum + value : value;
                if (Kind == MetricKind.Histogram)
                {
                    for (var i = 0; i < Buckets.Length; i++)
                    {
                        if (value <= Buckets[i])
                        {
                            values.Buckets[i]++;
                        }
                    }
                }
            }
        }

        public void WriteTo(StringBuilder text)
        {
            foreach (var (labels, values) in byLabels.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                lock (values)
                {
                    if (Kind != MetricKind.Histogram)
                    {
                        text.Append(Name).Append(Braces(labels)).Append(' ').Append(Number(values.Sum)).Append('\n');
                        continue;
                    }
                    var separator = labels.Length == 0 ? "" : labels + ",";
                    for (var i = 0; i < Buckets.Length; i++)
                    {
                        text.Append(Name).Append("_bucket{").Append(separator).Append("le=\"").Append(Number(Buckets[i])).Append("\"} ").Append(values.Buckets[i]).Append('\n');
                    }
                    text.Append(Name).Append("_bucket{").Append(separator).Append("le=\"+Inf\"} ").Append(values.Count).Append('\n');
                    text.Append(Name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Number(values.Sum)).Append('\n');
                    text.Append(Name).Append("_count").Append(Braces(labels)).Append(' ').Append(values.Count).Append('\n');
                }
            }
        }

        private static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";
    }

    private sealed class Values
    {
        public long Count { get; set; }

        public double Sum { get; set; }

        public long[] Buckets { get; } = new long[MetricsExporter.Buckets.Length];
    }
}
