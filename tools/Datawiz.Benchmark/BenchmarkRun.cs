using Datawiz.Benchmark.Load;
using Datawiz.Benchmark.Postgres;
using Datawiz.Benchmark.Reporting;
using Datawiz.Benchmark.Targets;

namespace Datawiz.Benchmark;

/// <summary>Runs the chosen scenarios one after the other (never two at once: they share the machine) and reports.</summary>
public sealed class BenchmarkRun(BenchmarkSettings settings)
{
    private readonly Report report = new();
    private double? datawizAcknowledged;
    private double? mosquittoAcknowledged;
    private double? bareAcknowledged;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine($"Datawiz benchmark on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; " +
            $"{settings.Clients} clients × {settings.Window} in flight at QoS 1 for {settings.Duration.TotalSeconds:0} s.");
        // Latency first, in a fresh load generator: after the throughput scenarios in the same generator its p99 was
        // 112-900 ms, against 16 ms in a fresh generator after those scenarios had run in another one.
        await Step(Scenario.Latency, "e. latency", LatencyAsync, cancellationToken);
        await Step(Scenario.Datawiz, "a. Datawiz (PostgreSQL)", DatawizThroughputAsync, cancellationToken);
        await Step(Scenario.Bare, "b. bare MQTTnet server", BareAsync, cancellationToken);
        await Step(Scenario.Mosquitto, "c. Mosquitto", MosquittoAsync, cancellationToken);
        await Step(Scenario.Copy, "d. raw binary COPY", CopyAsync, cancellationToken);
        await Step(Scenario.Memory, "f. memory", MemoryAsync, cancellationToken);
        await Step(Scenario.History, "g. history (PostgreSQL)", (title, token) => History.HistoryScenario.RunAsync(title, settings, report, Progress, token), cancellationToken);
        Ratios();
        report.Print(Console.Out);
        return report.Failures.Count == 0 ? 0 : 1;
    }

    private async Task Step(Scenario scenario, string title, Func<string, CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        if (!settings.Scenarios.Contains(scenario))
        {
            return;
        }
        Console.WriteLine();
        Console.WriteLine($"== {title}");
        try
        {
            await run(title, cancellationToken);
        }
        catch (BenchmarkFailedException ex)
        {
            report.Fail(title, ex.Message);
        }
    }

    private static void Progress(string message) => Console.WriteLine($"  … {message}");

    private async Task DatawizThroughputAsync(string title, CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync(settings.Postgres, cancellationToken);
        var (app, sensors) = await DatawizProcess.StartAsync(settings.AppDll, database.ConnectionString, settings.Clients, Progress, cancellationToken);
        await using (app)
        {
            var before = await StoredReadings.CountAsync(database.ConnectionString, cancellationToken);
            var result = await ThroughputLoad.RunAsync(new BrokerTarget("Datawiz", app.MqttPort, sensors), settings.Duration, settings.Window, cancellationToken);
            var stored = await DrainedCountAsync(database.ConnectionString, result.Acknowledged * Payload.ReadingsPerMessage, cancellationToken) - before;
            datawizAcknowledged = result.PerSecond;
            report.Add(title, "acknowledged messages/s", result.PerSecond, "msg/s");
            report.Add(title, "readings persisted/s", stored / result.Elapsed.TotalSeconds, "readings/s",
                $">= {Goals.ReadingsPerSecond:N0}", stored / result.Elapsed.TotalSeconds >= Goals.ReadingsPerSecond);
            var lost = (result.Acknowledged * Payload.ReadingsPerMessage) - stored;
            report.Add(title, "acknowledged minus stored readings", lost, "readings", "0", lost == 0);
            ReportRefusals(title, result);
            await ReportCommitsAsync(title, app, cancellationToken);
        }
    }

    /// <summary>How the batch writer grouped the load: the figures that explain the throughput.</summary>
    private async Task ReportCommitsAsync(string title, DatawizProcess app, CancellationToken cancellationToken)
    {
        var metrics = await app.MetricsAsync(cancellationToken);
        double Get(string series) => metrics.TryGetValue(series, out var value) ? value : 0;
        var commits = Get("datawiz_telemetry_batch_size_count");
        if (commits > 0)
        {
            report.Add(title, "commits", commits, "");
            report.Add(title, "messages per commit (mean)", Get("datawiz_telemetry_batch_size_sum") / commits, "msg");
            report.Add(title, "commit duration (mean)", Get("datawiz_telemetry_commit_duration_sum") / Get("datawiz_telemetry_commit_duration_count"), "ms");
        }
    }

    /// <summary>Ingestion may still be committing the last batches: wait until the count reaches what was acknowledged or stops growing.</summary>
    private static async Task<long> DrainedCountAsync(string connectionString, long expected, CancellationToken cancellationToken)
    {
        var count = await StoredReadings.CountAsync(connectionString, cancellationToken);
        var unchangedSince = DateTime.UtcNow;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (count < expected && DateTime.UtcNow - unchangedSince < TimeSpan.FromSeconds(3) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, cancellationToken);
            var now = await StoredReadings.CountAsync(connectionString, cancellationToken);
            if (now != count)
            {
                count = now;
                unchangedSince = DateTime.UtcNow;
            }
        }
        return count;
    }

    private async Task BareAsync(string title, CancellationToken cancellationToken)
    {
        await using var server = await BareMqttServer.StartAsync(cancellationToken);
        var result = await ThroughputLoad.RunAsync(new BrokerTarget("bare MQTTnet", BareMqttServer.BarePort, AnonymousClients(settings.Clients)),
            settings.Duration, settings.Window, cancellationToken);
        bareAcknowledged = result.PerSecond;
        report.Add(title, "acknowledged messages/s", result.PerSecond, "msg/s");
        ReportRefusals(title, result);
    }

    private async Task MosquittoAsync(string title, CancellationToken cancellationToken)
    {
        var (process, port) = await Mosquitto.StartAsync(cancellationToken);
        await using (process)
        {
            var result = await ThroughputLoad.RunAsync(new BrokerTarget("Mosquitto", port, AnonymousClients(settings.Clients)),
                settings.Duration, settings.Window, cancellationToken);
            mosquittoAcknowledged = result.PerSecond;
            report.Add(title, "acknowledged messages/s", result.PerSecond, "msg/s");
            ReportRefusals(title, result);
        }
    }

    private async Task CopyAsync(string title, CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync(settings.Postgres, cancellationToken);
        var (rows, elapsed) = await CopyScenario.RunAsync(database.ConnectionString, settings.Clients, settings.Duration, cancellationToken);
        report.Add(title, "readings/s", rows / elapsed.TotalSeconds, "readings/s");
    }

    private async Task LatencyAsync(string title, CancellationToken cancellationToken)
    {
        const int publishers = 20;
        var (mosquitto, port) = await Mosquitto.StartAsync(cancellationToken);
        await using (mosquitto)
        {
            var baseline = await LatencyLoad.RunAsync(new BrokerTarget("Mosquitto", port, AnonymousClients(publishers)),
                settings.LatencyRate, settings.LatencyDuration, cancellationToken);
            ReportLatency(title + " (Mosquitto)", baseline, target: false);
        }
        await using var database = await BenchDatabase.CreateAsync(settings.Postgres, cancellationToken);
        var (app, sensors) = await DatawizProcess.StartAsync(settings.AppDll, database.ConnectionString, publishers, Progress, cancellationToken);
        await using (app)
        {
            var result = await LatencyLoad.RunAsync(new BrokerTarget("Datawiz", app.MqttPort, sensors), settings.LatencyRate, settings.LatencyDuration, cancellationToken);
            ReportLatency(title + " (Datawiz)", result, target: true);
        }
    }

    private void ReportLatency(string title, LatencyResult result, bool target)
    {
        if (settings.LatencyLog is { } folder)
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"latency-{(target ? "datawiz" : "mosquitto")}.csv");
            File.WriteAllLines(path, result.Samples.Select(sample => FormattableString.Invariant($"{sample.SentSeconds:0.0000},{sample.Milliseconds:0.000}")).Prepend("sent_s,latency_ms"));
            Progress($"latencies written to {path}");
        }
        report.Add(title, $"p50 at {settings.LatencyRate:N0} msg/s", result.P50Milliseconds, "ms");
        report.Add(title, $"p99 at {settings.LatencyRate:N0} msg/s", result.P99Milliseconds, "ms",
            target ? $"< {Goals.P99Milliseconds} ms" : "", target ? result.P99Milliseconds < Goals.P99Milliseconds : null);
        if (result.Received < result.Sent)
        {
            report.Add(title, "published but not delivered", result.Sent - result.Received, "messages");
        }
    }

    private async Task MemoryAsync(string title, CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync(settings.Postgres, cancellationToken);
        var (app, sensors) = await DatawizProcess.StartAsync(settings.AppDll, database.ConnectionString, settings.MemorySensors, Progress, cancellationToken);
        await using (app)
        {
            var result = await IdleSensorsLoad.RunAsync(new BrokerTarget("Datawiz", app.MqttPort, sensors), settings.MemoryPeriod, settings.MemoryDuration, Progress, cancellationToken);
            var peak = app.Process.PeakWorkingSet();
            report.Add(title, $"sensors connected at the end (of {settings.MemorySensors:N0})", result.Connected, "");
            report.Add(title, "messages acknowledged", result.Published, "");
            report.Add(title, "peak working set (VmHWM)", peak / 1024.0 / 1024.0, "MiB", "< 1 GiB", peak < Goals.PeakBytes);
        }
    }

    private void Ratios()
    {
        if (datawizAcknowledged is { } datawiz && mosquittoAcknowledged is { } mosquitto)
        {
            report.Add("ratios", "Datawiz / Mosquitto (acknowledged/s)", datawiz / mosquitto, "", $">= {Goals.ShareOfMosquitto}", datawiz / mosquitto >= Goals.ShareOfMosquitto);
        }
        if (datawizAcknowledged is { } d && bareAcknowledged is { } bare)
        {
            report.Add("ratios", "Datawiz / bare MQTTnet (acknowledged/s)", d / bare, "", $">= {Goals.ShareOfBare}", d / bare >= Goals.ShareOfBare);
        }
    }

    private void ReportRefusals(string title, ThroughputResult result)
    {
        if (result.Refused > 0)
        {
            report.Add(title, "publishes not acknowledged", result.Refused, $"(first: {result.FirstRefusal})");
        }
    }

    private static List<BenchClient> AnonymousClients(int count) =>
        Enumerable.Range(1, count).Select(i => new BenchClient($"bench-{i}", "bench", $"bench/sensors/bench-{i}")).ToList();
}
