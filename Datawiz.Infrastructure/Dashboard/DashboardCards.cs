using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Domain.Telemetry.History;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Infrastructure.Telemetry.History;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Dashboard;

/// <summary>
/// The cards of a person's dashboard: his sensors and those shared with his groups, searched, filtered, sorted and
/// paged on the server, his pinned ones first in his order. A page costs a fixed number of queries whatever its
/// size: the cards, their types, their latest values and one aggregate for every sparkline.
/// </summary>
public sealed class DashboardCards(IDbContextFactory<DatawizDbContext> contexts, IReadingAggregates aggregates, TimeProvider clock)
{
    public static readonly TimeSpan SparklineWindow = TimeSpan.FromHours(1);

    /// <summary>One per minute of <see cref="SparklineWindow"/>: a line a card wide shows no more.</summary>
    public const int MaxSparklinePoints = 60;

    public async Task<PagedResult<DashboardCardData>> ListAsync(Actor actor, SensorQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await DashboardPins.ForgetHiddenAsync(db, actor, cancellationToken);

        var sensors = DashboardSensors.Of(db, actor).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Page.Search))
        {
            var term = query.Page.Search.Trim().ToLower();
            sensors = sensors.Where(s => s.Name.ToLower().Contains(term) || s.Tags.Any(t => t.Contains(term)));
        }
        if (query.SensorTypeId is { } typeId)
        {
            sensors = sensors.Where(s => s.SensorTypeId == typeId);
        }
        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = SensorRules.NormaliseTag(query.Tag);
            sensors = sensors.Where(s => s.Tags.Contains(tag));
        }

        var userId = actor.UserId;
        var rows =
            from s in sensors
            join t in db.SensorTypes on s.SensorTypeId equals t.Id
            join u in db.Users on s.OwnerId equals u.Id
            from p in db.DashboardPins.Where(p => p.UserId == userId && p.SensorId == s.Id).DefaultIfEmpty()
            select new CardRow
            {
                Id = s.Id,
                OwnerId = s.OwnerId,
                OwnerName = u.DisplayName,
                OwnerEmail = u.Email,
                Name = s.Name,
                TypeId = t.Id,
                TypeName = t.Name,
                Tags = s.Tags,
                LastSeenAt = s.LastSeenAt,
                ExpectedIntervalSeconds = s.ExpectedIntervalSeconds,
                PinPosition = p == null ? null : (int?)p.Position,
            };
        var total = await rows.CountAsync(cancellationToken);
        var pinnedFirst = rows.OrderBy(r => r.PinPosition == null).ThenBy(r => r.PinPosition);
        var descending = query.Page.Descending;
        // Never-seen sensors sort as the oldest, as in the sensor list: last when the most recent come first.
        var ordered = query.Page.SortBy switch
        {
            DashboardSort.LastSeen => descending
                ? pinnedFirst.ThenByDescending(r => r.LastSeenAt != null).ThenByDescending(r => r.LastSeenAt).ThenBy(r => r.Name).ThenBy(r => r.Id)
                : pinnedFirst.ThenBy(r => r.LastSeenAt != null).ThenBy(r => r.LastSeenAt).ThenBy(r => r.Name).ThenBy(r => r.Id),
            _ => descending ? pinnedFirst.ThenByDescending(r => r.Name).ThenBy(r => r.Id) : pinnedFirst.ThenBy(r => r.Name).ThenBy(r => r.Id),
        };
        var page = await ordered.Skip(query.Page.Skip).Take(query.Page.Take).ToListAsync(cancellationToken);
        if (page.Count == 0)
        {
            return new PagedResult<DashboardCardData>([], total);
        }

        var ids = page.Select(r => r.Id).ToList();
        var typeIds = page.Select(r => r.TypeId).Distinct().ToList();
        var fieldsByType = (await db.SensorTypes.AsNoTracking().Where(t => typeIds.Contains(t.Id))
                .ToDictionaryAsync(t => t.Id, t => t.Fields, cancellationToken))
            .ToDictionary(
                type => type.Key,
                IReadOnlyList<TypeField> (type) => [.. type.Value.Select(f => new TypeField(f.Key, string.IsNullOrWhiteSpace(f.Label) ? f.Key : f.Label, f.Unit))]);
        var latest = (await db.LatestReadings.AsNoTracking().Where(l => ids.Contains(l.SensorId)).ToListAsync(cancellationToken))
            .ToLookup(l => l.SensorId);
        var sparklines = await SparklinesAsync(db, page.Select(r => (r.Id, fieldsByType[r.TypeId])).ToList(), cancellationToken);

        var cards = page.Select(r =>
        {
            var fields = fieldsByType[r.TypeId];
            var shared = r.OwnerId != userId;
            return new DashboardCardData(
                r.Id, r.Name, r.TypeName, r.Tags, shared, shared ? PersonName.Shown(actor, r.OwnerName ?? "", r.OwnerEmail) : null,
                r.LastSeenAt, r.ExpectedIntervalSeconds, r.PinPosition is not null, fields,
                LatestValues(fields, latest[r.Id]), sparklines.GetValueOrDefault(r.Id, []));
        }).ToList();
        return new PagedResult<DashboardCardData>(cards, total);
    }

    /// <summary>The types and tags that occur among the dashboard's sensors, for its filters; no type means no sensor.</summary>
    public async Task<SensorFilterOptions> FilterOptionsAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SensorService.FilterOptionsOfAsync(db, DashboardSensors.Of(db, actor), cancellationToken);
    }

    /// <summary>
    /// Per-minute averages of each card's main field, in one database round trip for the whole page (the history's
    /// aggregate: an index range scan per card and minute). Minutes of the UTC clock, whatever the viewer's zone: a
    /// sparkline has no axis to label.
    /// </summary>
    private async Task<Dictionary<Guid, IReadOnlyList<TimedValue>>> SparklinesAsync(
        DatawizDbContext db, IReadOnlyList<(Guid SensorId, IReadOnlyList<TypeField> Fields)> cards, CancellationToken cancellationToken)
    {
        var series = cards.Where(c => c.Fields.Count > 0).Select(c => new SeriesKey(c.SensorId, c.Fields[0].Key)).ToList();
        var now = clock.GetUtcNow();
        var from = HistoryBuckets.Floor(now, HistoryResolution.Minute, TimeZoneInfo.Utc) - SparklineWindow + TimeSpan.FromMinutes(1);
        var buckets = HistoryBuckets.Cover(from, now, HistoryResolution.Minute, TimeZoneInfo.Utc).Take(MaxSparklinePoints).ToList();
        var points = new Dictionary<Guid, List<TimedValue>>();
        await foreach (var bucket in aggregates.ReadAsync(db, series, buckets, cancellationToken))
        {
            var sensorId = series[bucket.Series].SensorId;
            if (!points.TryGetValue(sensorId, out var line))
            {
                points[sensorId] = line = [];
            }
            line.Add(new TimedValue(buckets[bucket.Bucket].Start, bucket.Average));
        }
        return points.ToDictionary(p => p.Key, IReadOnlyList<TimedValue> (p) => p.Value);
    }

    /// <summary>The type's fields in its order, then the others by name: as <see cref="TelemetryOverview"/> orders them.</summary>
    private static List<LatestValue> LatestValues(IReadOnlyList<TypeField> fields, IEnumerable<Domain.Telemetry.LatestReading> readings) =>
        [.. readings
            .Select(l => fields.FirstOrDefault(f => f.Key == l.Field) is { } field
                ? new LatestValue(l.Field, field.Label, field.Unit, l.Value, l.Timestamp, true)
                : new LatestValue(l.Field, l.Field, "", l.Value, l.Timestamp, false))
            .OrderBy(v => v.IsTypeField ? IndexOf(fields, v.Field) : int.MaxValue)
            .ThenBy(v => v.Field, StringComparer.Ordinal)];

    private static int IndexOf(IReadOnlyList<TypeField> fields, string key)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Key == key)
            {
                return i;
            }
        }
        return int.MaxValue;
    }

    private sealed class CardRow
    {
        public Guid Id { get; init; }

        public Guid OwnerId { get; init; }

        public string? OwnerName { get; init; }

        public string? OwnerEmail { get; init; }

        public string Name { get; init; } = "";

        public Guid TypeId { get; init; }

        public string TypeName { get; init; } = "";

        public List<string> Tags { get; init; } = [];

        public DateTimeOffset? LastSeenAt { get; init; }

        public int? ExpectedIntervalSeconds { get; init; }

        public int? PinPosition { get; init; }
    }
}
