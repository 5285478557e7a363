using System.Globalization;
using System.Text;
using Datawiz.Domain.Common;
using Datawiz.Domain.Telemetry.History;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Telemetry.History;

/// <summary>An export that was checked and may be written: its lines, buckets and the name the file is saved under.</summary>
public sealed record ExportPlan(HistoryRequest Request, IReadOnlyList<HistoryLine> Lines, string FileName);

/// <summary>
/// A sensor's readings as CSV, raw or in buckets, written row by row as the database returns them: a year of
/// one-second readings passes through without being held, and a reader that goes away cancels the query.
/// </summary>
public sealed class ReadingExport(IDbContextFactory<DatawizDbContext> contexts, IReadingAggregates aggregates, TelemetryMetrics metrics)
{
    /// <summary>Buckets asked of the database at once: bounded, so a year of minutes is not one huge parameter.</summary>
    private const int BucketsPerQuery = HistoryLimits.MaxPoints;

    /// <param name="fields">The fields to export; none means every field of the sensor.</param>
    public async Task<Outcome<ExportPlan>> PlanAsync(
        Actor actor, Guid sensorId, IReadOnlyList<string> fields, DateTimeOffset from, DateTimeOffset to, HistoryResolution resolution, string timeZoneId,
        CancellationToken cancellationToken)
    {
        // Auto means "fit a chart", which a file need not: it gets every reading.
        resolution = resolution == HistoryResolution.Auto ? HistoryResolution.Raw : resolution;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await SensorAccess.VisibleTo(db, actor).AnyAsync(s => s.Id == sensorId, cancellationToken))
        {
            return Outcome<ExportPlan>.NotFound("The sensor");
        }
        if (fields.Count == 0)
        {
            fields = await HistoryLines.AllFieldsAsync(db, sensorId, cancellationToken);
            if (fields.Count == 0)
            {
                return Outcome<ExportPlan>.Invalid("This sensor's type declares no fields and it has stored none, so there is nothing to export.");
            }
        }
        var request = new HistoryRequest(fields.Distinct().Select(f => new SeriesKey(sensorId, f)).ToList(), from, to, resolution, timeZoneId);
        if (request.Errors(forChart: false) is { Count: > 0 } errors)
        {
            return Outcome<ExportPlan>.Invalid(errors);
        }
        var resolved = await HistoryLines.ResolveAsync(db, actor, request.Series, cancellationToken);
        return resolved.TryGetValue(out var lines)
            ? Outcome<ExportPlan>.Success(new ExportPlan(request, lines, FileName(lines[0].SensorName, request)))
            : Outcome<ExportPlan>.From(resolved);
    }

    public async Task WriteAsync(ExportPlan plan, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var request = plan.Request;
        var zone = request.Zone;
        var from = request.From.ToUniversalTime();
        var to = request.To.ToUniversalTime();
        using var running = metrics.ExportStarted();
        // A byte order mark, so that spreadsheets read units such as °C as UTF-8.
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024, leaveOpen: true);
        writer.NewLine = "\r\n";
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (request.Resolution == HistoryResolution.Raw)
        {
            await writer.WriteLineAsync("time,field,unit,value");
            foreach (var line in plan.Lines)
            {
                var prefix = $",{Csv.Text(line.Key.Field)},{Csv.Text(line.Unit)},";
                var readings = db.Readings.AsNoTracking()
                    .Where(r => r.SensorId == line.Key.SensorId && r.Field == line.Key.Field && r.Timestamp >= from && r.Timestamp < to)
                    .OrderBy(r => r.Timestamp)
                    .Select(r => new { r.Timestamp, r.Value })
                    .AsAsyncEnumerable();
                await foreach (var reading in readings.WithCancellation(cancellationToken))
                {
                    // Checked per row: the server ignores writes once the reader is gone, and a driver reading
                    // rows it already holds does not look at the token, so neither would end the export.
                    cancellationToken.ThrowIfCancellationRequested();
                    await writer.WriteLineAsync(string.Concat(Time(reading.Timestamp, zone), prefix, Csv.Number(reading.Value)));
                    metrics.Exported(1);
                }
            }
        }
        else
        {
            await writer.WriteLineAsync("bucket_start,field,unit,average,minimum,maximum,readings");
            foreach (var line in plan.Lines)
            {
                var prefix = $",{Csv.Text(line.Key.Field)},{Csv.Text(line.Unit)},";
                foreach (var chunk in HistoryBuckets.Cover(from, to, request.Resolution, zone).Chunk(BucketsPerQuery))
                {
                    await foreach (var bucket in aggregates.ReadAsync(db, [line.Key], chunk, cancellationToken))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await writer.WriteLineAsync(string.Concat(
                            Time(chunk[bucket.Bucket].Start, zone), prefix, Csv.Number(bucket.Average), ",", Csv.Number(bucket.Minimum), ",",
                            Csv.Number(bucket.Maximum), ",", bucket.Count.ToString(CultureInfo.InvariantCulture)));
                        metrics.Exported(1);
                    }
                }
            }
        }
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>ISO 8601 with the viewer's offset, to the millisecond: what spreadsheets and scripts parse.</summary>
    private static string Time(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>The sensor's name and the range in the viewer's zone, in characters every file system accepts.</summary>
    public static string FileName(string sensorName, HistoryRequest request)
    {
        var zone = request.Zone;
        var name = new StringBuilder();
        foreach (var c in sensorName)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(c);
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }
        var slug = name.ToString().TrimEnd('-');
        var range = string.Create(CultureInfo.InvariantCulture,
            $"{TimeZoneInfo.ConvertTime(request.From, zone):yyyyMMdd'T'HHmm}_{TimeZoneInfo.ConvertTime(request.To, zone):yyyyMMdd'T'HHmm}");
        return $"{(slug.Length == 0 ? "sensor" : slug[..Math.Min(slug.Length, 60)])}_{range}_{request.Resolution.Code()}.csv";
    }
}
