using Datawiz.Domain.Common;
using Datawiz.Domain.Telemetry.History;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Telemetry.History;

/// <summary>One point of a line: a raw reading (average, minimum and maximum alike) or a bucket's aggregate.</summary>
public readonly record struct HistoryPoint(DateTimeOffset Time, double Average, double Minimum, double Maximum, long Count);

public sealed record HistoryLineData(HistoryLine Line, IReadOnlyList<HistoryPoint> Points);

/// <summary>What a chart draws: its lines over the range, at the resolution used (Auto's choice is named).</summary>
public sealed record HistoryResult(DateTimeOffset From, DateTimeOffset To, HistoryResolution Resolution, IReadOnlyList<HistoryLineData> Lines);

/// <summary>
/// Readings over a range for a chart: raw, or aggregated by the database into buckets of the viewer's zone, with
/// at most <see cref="HistoryLimits.MaxPoints"/> points per line whatever the range.
/// </summary>
public sealed class ReadingHistory(IDbContextFactory<DatawizDbContext> contexts, IReadingAggregates aggregates)
{
    public async Task<Outcome<HistoryResult>> GetAsync(Actor actor, HistoryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Errors(forChart: true) is { Count: > 0 } errors)
        {
            return Outcome<HistoryResult>.Invalid(errors);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var resolved = await HistoryLines.ResolveAsync(db, actor, request.Series, cancellationToken);
        if (!resolved.TryGetValue(out var lines))
        {
            return Outcome<HistoryResult>.From(resolved);
        }
        var zone = request.Zone;
        var from = request.From.ToUniversalTime();
        var to = request.To.ToUniversalTime();

        if (request.Resolution is HistoryResolution.Raw or HistoryResolution.Auto)
        {
            var raw = new List<HistoryLineData>(lines.Count);
            foreach (var line in lines)
            {
                var points = await RawAsync(db, line.Key, from, to, zone, cancellationToken);
                if (points.Count > HistoryLimits.MaxPoints)
                {
                    if (request.Resolution == HistoryResolution.Raw)
                    {
                        return Outcome<HistoryResult>.Invalid(
                            $"{line.SensorName} has more than {HistoryLimits.MaxPoints:N0} readings of {line.Label} in this range, more than a chart shows. Choose buckets (Auto picks them) or a shorter range.");
                    }
                    raw = null;
                    break;
                }
                raw.Add(new HistoryLineData(line, points));
            }
            if (raw is not null)
            {
                return Outcome<HistoryResult>.Success(new HistoryResult(request.From, request.To, HistoryResolution.Raw, raw));
            }
        }

        var resolution = request.Resolution == HistoryResolution.Auto ? Finest(from, to) : request.Resolution;
        var buckets = HistoryBuckets.Cover(from, to, resolution, zone).ToList();
        var byLine = lines.Select(_ => new List<HistoryPoint>()).ToList();
        await foreach (var bucket in aggregates.ReadAsync(db, request.Series, buckets, cancellationToken))
        {
            byLine[bucket.Series].Add(new HistoryPoint(
                TimeZoneInfo.ConvertTime(buckets[bucket.Bucket].Start, zone), bucket.Average, bucket.Minimum, bucket.Maximum, bucket.Count));
        }
        return Outcome<HistoryResult>.Success(new HistoryResult(
            request.From, request.To, resolution, lines.Select((line, i) => new HistoryLineData(line, byLine[i])).ToList()));
    }

    /// <summary>Every field of a sensor the viewer may see, named as a chart names its lines.</summary>
    public async Task<Outcome<IReadOnlyList<HistoryLine>>> FieldsAsync(Actor actor, Guid sensorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var fields = await HistoryLines.AllFieldsAsync(db, sensorId, cancellationToken);
        var lines = await HistoryLines.ResolveAsync(db, actor, [.. fields.Select(f => new SeriesKey(sensorId, f))], cancellationToken);
        // A sensor without fields resolves to no lines whether or not the viewer may see it: ask about the sensor itself.
        return fields.Count == 0 && !await Sensors.SensorAccess.VisibleTo(db, actor).AnyAsync(s => s.Id == sensorId, cancellationToken)
            ? Outcome<IReadOnlyList<HistoryLine>>.NotFound("The sensor")
            : lines;
    }

    /// <summary>The finest buckets that keep every line within the bound; the request's range is known to fit day buckets.</summary>
    public static HistoryResolution Finest(DateTimeOffset from, DateTimeOffset to) =>
        HistoryResolutions.Buckets.First(r => r == HistoryResolution.Day || HistoryBuckets.Estimate(from, to, r) <= HistoryLimits.MaxPoints);

    /// <summary>Up to one more reading than a line may hold, so that too many is known without counting them all.</summary>
    private static async Task<List<HistoryPoint>> RawAsync(DatawizDbContext db, SeriesKey key, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var readings = await db.Readings.AsNoTracking()
            .Where(r => r.SensorId == key.SensorId && r.Field == key.Field && r.Timestamp >= from && r.Timestamp < to)
            .OrderBy(r => r.Timestamp)
            .Take(HistoryLimits.MaxPoints + 1)
            .Select(r => new { r.Timestamp, r.Value })
            .ToListAsync(cancellationToken);
        return readings.Select(r => new HistoryPoint(TimeZoneInfo.ConvertTime(r.Timestamp, zone), r.Value, r.Value, r.Value, 1)).ToList();
    }
}
