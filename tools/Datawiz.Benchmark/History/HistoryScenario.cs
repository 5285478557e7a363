using System.Diagnostics;
using Datawiz.Benchmark.Postgres;
using Datawiz.Benchmark.Reporting;
using Datawiz.Benchmark.Targets;
using Datawiz.Domain.Common;
using Datawiz.Domain.Telemetry;
using Datawiz.Domain.Telemetry.History;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Infrastructure.Telemetry.History;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Datawiz.Benchmark.History;

/// <summary>
/// Issue 8's figures for history on PostgreSQL: a year of one-minute readings for 100 sensors (52 million rows,
/// written here through the portal's own store: binary COPY and the quarter-hour rollups), then a chart's three
/// queries of one sensor (a year in day buckets, 30 days in hour buckets, 24 hours raw) through the portal's
/// ReadingHistory, and a year's raw export of one sensor through ReadingExport: rows per second and the memory it took.
/// </summary>
public static class HistoryScenario
{
    public const double QueryMilliseconds = 200;
    public const double ExportRowsPerSecond = 200_000;
    public const long ExportPeakBytes = 100L << 20;

    /// <summary>Each query is timed on this many sensors (each once, so no answer comes from the previous one's pages).</summary>
    private const int Repeats = 5;

    private const string Zone = "Europe/Vienna";

    public static async Task RunAsync(
        string title, BenchmarkSettings settings, Report report, Action<string> progress, CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync(settings.Postgres, cancellationToken);
        // The portal creates its schema (migrations) and the benchmark's sensors; the queries then run in this process.
        var (app, _) = await DatawizProcess.StartAsync(settings.AppDll, database.ConnectionString, settings.HistorySensors, progress, cancellationToken);
        await app.DisposeAsync();
        var sensors = await SensorIdsAsync(database.ConnectionString, cancellationToken);
        var end = DateTimeOffset.UtcNow;
        var start = end - TimeSpan.FromDays(settings.HistoryDays);

        using var host = InfrastructureHost.Build(database.ConnectionString);
        var written = await GenerateAsync(host.Services.GetRequiredService<ITelemetryStore>(), database.ConnectionString, sensors, start, end, progress, cancellationToken);
        report.Add(title, "readings generated (one per minute per sensor)", written.Rows, "rows");
        report.Add(title, "generated through the portal's store (COPY and rollups)", written.Rows / written.Elapsed.TotalSeconds, "rows/s");

        var history = host.Services.GetRequiredService<ReadingHistory>();
        var export = host.Services.GetRequiredService<ReadingExport>();
        var admin = new Actor(Guid.NewGuid(), "benchmark", IsAdmin: true);
        // The first call pays for the model, the JIT and the pool: not a figure of the queries.
        await QueryAsync(history, admin, sensors[^1], end - TimeSpan.FromHours(1), end, HistoryResolution.Raw, cancellationToken);

        var year = TimeSpan.FromDays(Math.Min(365, settings.HistoryDays));
        foreach (var (what, range, resolution) in new[]
        {
            ($"{year.TotalDays:0} days in 1-day buckets", year, HistoryResolution.Day),
            ("30 days in 1-hour buckets", TimeSpan.FromDays(30), HistoryResolution.Hour),
            ("24 hours raw", TimeSpan.FromDays(1), HistoryResolution.Raw),
        })
        {
            var times = new List<double>();
            foreach (var sensor in sensors.Take(Repeats))
            {
                var watch = Stopwatch.StartNew();
                var points = await QueryAsync(history, admin, sensor, end - range, end, resolution, cancellationToken);
                times.Add(watch.Elapsed.TotalMilliseconds);
                if (points == 0)
                {
                    throw new BenchmarkFailedException($"The query of {what} found no readings.");
                }
            }
            times.Sort();
            var median = times[times.Count / 2];
            report.Add(title, $"query, one sensor, {what} (median of {times.Count}; slowest {times[^1]:0} ms)", median, "ms",
                $"< {QueryMilliseconds:0}", median < QueryMilliseconds);
        }

        var (rows, elapsed, peak) = await ExportAsync(export, admin, sensors[Math.Min(Repeats, sensors.Count - 1)], start, end, cancellationToken);
        report.Add(title, $"raw export of one sensor, {settings.HistoryDays} days ({rows:N0} rows)", rows / elapsed.TotalSeconds, "rows/s",
            $">= {ExportRowsPerSecond:N0}", rows / elapsed.TotalSeconds >= ExportRowsPerSecond);
        report.Add(title, "export: process memory above the level before it (peak)", peak / (1024.0 * 1024.0), "MiB",
            $"< {ExportPeakBytes >> 20}", peak < ExportPeakBytes);
    }

    private static async Task<int> QueryAsync(
        ReadingHistory history, Actor admin, Guid sensor, DateTimeOffset from, DateTimeOffset to, HistoryResolution resolution, CancellationToken cancellationToken)
    {
        var outcome = await history.GetAsync(admin, new HistoryRequest([new SeriesKey(sensor, "temperature")], from, to, resolution, Zone), cancellationToken);
        return outcome.TryGetValue(out var result)
            ? result.Lines.Sum(l => l.Points.Count)
            : throw new BenchmarkFailedException($"The history query was refused: {outcome.Message}");
    }

    private static async Task<(long Rows, TimeSpan Elapsed, long PeakBytes)> ExportAsync(
        ReadingExport export, Actor admin, Guid sensor, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var plan = await export.PlanAsync(admin, sensor, ["temperature"], from, to, HistoryResolution.Raw, Zone, cancellationToken);
        if (!plan.TryGetValue(out var file))
        {
            throw new BenchmarkFailedException($"The export was refused: {plan.Message}");
        }
        // Warmed up on an hour, then measured against the memory this process holds right before.
        var warmUp = await export.PlanAsync(admin, sensor, ["temperature"], to - TimeSpan.FromHours(1), to, HistoryResolution.Raw, Zone, cancellationToken);
        await export.WriteAsync(warmUp.TryGetValue(out var small) ? small : file, Stream.Null, cancellationToken);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var memory = new PeakMemory();
        var output = new LineCountingStream();
        var watch = Stopwatch.StartNew();
        await export.WriteAsync(file, output, cancellationToken);
        watch.Stop();
        // The header is a line too.
        return (output.Lines - 1, watch.Elapsed, await memory.StopAsync());
    }

    private static async Task<List<Guid>> SensorIdsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""SELECT "Id" FROM "Sensors" ORDER BY "Name" """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }
        return ids;
    }

    /// <summary>
    /// One reading a minute per sensor over the range (a daily wave), sensor by sensor, through the portal's own
    /// store (binary COPY and the quarter-hour rollups, in batches of a week), then VACUUM ANALYZE.
    /// </summary>
    private static async Task<(long Rows, TimeSpan Elapsed)> GenerateAsync(
        ITelemetryStore store, string connectionString, List<Guid> sensors, DateTimeOffset start, DateTimeOffset end, Action<string> progress, CancellationToken cancellationToken)
    {
        const int batchMinutes = 7 * 24 * 60;
        var minutes = (long)(end - start).TotalMinutes;
        var watch = Stopwatch.StartNew();
        long rows = 0;
        var batch = new List<Reading>(batchMinutes);
        for (var i = 0; i < sensors.Count; i++)
        {
            for (long minute = 0; minute < minutes; minute++)
            {
                batch.Add(new Reading
                {
                    SensorId = sensors[i], Field = "temperature", Timestamp = start.AddMinutes(minute), Value = 20 + (5 * Math.Sin(minute * Math.PI / 720)) + (i % 7),
                });
                if (batch.Count == batchMinutes || minute == minutes - 1)
                {
                    await store.WriteReadingsAsync(batch, cancellationToken);
                    rows += batch.Count;
                    batch.Clear();
                }
            }
            if ((i + 1) % 10 == 0 || i == sensors.Count - 1)
            {
                progress($"{rows:N0} readings of {sensors.Count} sensors written ({i + 1} done, {rows / watch.Elapsed.TotalSeconds:N0} rows/s)");
            }
        }
        watch.Stop();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var table in new[] { "Readings", "ReadingRollups" })
        {
            await using var analyze = new NpgsqlCommand($"""VACUUM ANALYZE "{table}" """, connection) { CommandTimeout = 0 };
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
        return (rows, watch.Elapsed);
    }
}
