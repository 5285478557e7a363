using System.Diagnostics.Metrics;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>The ingestion's instruments, in the <c>Datawiz.Telemetry</c> meter (exported at <c>/metrics</c>).</summary>
public sealed class TelemetryMetrics
{
    public const string MeterName = "Datawiz.Telemetry";

    private readonly Meter meter;
    private readonly Counter<long> received;
    private readonly Counter<long> stored;
    private readonly Counter<long> rejected;
    private readonly Counter<long> refused;
    private readonly Histogram<int> batchSize;
    private readonly Histogram<double> commitLatency;
    private readonly Counter<long> exportRows;
    private readonly UpDownCounter<int> exportsActive;

    public TelemetryMetrics(IMeterFactory meters)
    {
        meter = meters.Create(MeterName);
        received = meter.CreateCounter<long>("datawiz.telemetry.messages.received", description: "Messages handed to ingestion by the broker or the HTTP endpoint.");
        stored = meter.CreateCounter<long>("datawiz.telemetry.messages.stored", description: "Messages whose readings are committed.");
        rejected = meter.CreateCounter<long>("datawiz.telemetry.messages.rejected", description: "Messages that are not telemetry, by reason.");
        refused = meter.CreateCounter<long>("datawiz.telemetry.messages.refused", description: "Messages not taken: over the rate limit, refused by the topic ACL, or while the queue or database was unavailable.");
        batchSize = meter.CreateHistogram<int>("datawiz.telemetry.batch.size", unit: "{message}", description: "Messages per committed batch.");
        commitLatency = meter.CreateHistogram<double>("datawiz.telemetry.commit.duration", unit: "ms", description: "Time to write and commit one batch.");
        exportRows = meter.CreateCounter<long>("datawiz.telemetry.export.rows", unit: "{row}", description: "CSV rows written by exports of readings.");
        exportsActive = meter.CreateUpDownCounter<int>("datawiz.telemetry.exports.active", unit: "{export}", description: "Exports of readings being written now.");
    }

    public void Received() => received.Add(1);

    public void Stored(int messages) => stored.Add(messages);

    public void Rejected(string kind) => rejected.Add(1, new KeyValuePair<string, object?>("reason", kind));

    public void Refused(string why) => refused.Add(1, new KeyValuePair<string, object?>("reason", why));

    public void Committed(int messages, TimeSpan elapsed)
    {
        batchSize.Record(messages);
        commitLatency.Record(elapsed.TotalMilliseconds);
    }

    /// <summary>Counts an export as running until the returned handle is disposed.</summary>
    public IDisposable ExportStarted()
    {
        exportsActive.Add(1);
        return new ExportEnd(exportsActive);
    }

    public void Exported(int rows) => exportRows.Add(rows);

    private sealed class ExportEnd(UpDownCounter<int> active) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                active.Add(-1);
            }
        }
    }

    /// <summary>Reports the queue's depth whenever the metrics are read.</summary>
    public void ObserveQueueDepth(Func<int> depth) =>
        meter.CreateObservableGauge("datawiz.telemetry.queue.depth", depth, unit: "{message}", description: "Messages waiting for the batch writer.");
}
