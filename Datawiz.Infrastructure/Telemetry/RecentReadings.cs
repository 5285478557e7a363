using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>A field of a sensor's type: its key, label (the key when the type gives none) and unit.</summary>
public sealed record TypeField(string Key, string Label, string Unit);

/// <summary>The stored readings of a sensor's last minutes, per field in time order, and its type's fields.</summary>
public sealed record SensorRecentReadings(IReadOnlyList<TypeField> TypeFields, IReadOnlyDictionary<string, IReadOnlyList<TimedValue>> Values);

/// <summary>
/// What a live chart starts with when its page opens, so that it is not empty after a reload: the readings stored
/// since <c>now - window</c>, for whoever may see the sensor. Later values come from <see cref="LiveReadings"/>.
/// </summary>
public sealed class RecentReadings(IDbContextFactory<DatawizDbContext> contexts, TimeProvider clock)
{
    /// <summary>
    /// Readings read at most, the newest kept: a chart a few hundred pixels wide shows no more, and a sensor that
    /// publishes many times a second must not make opening its page a large query.
    /// </summary>
    public const int MaxReadings = 5000;

    public async Task<Outcome<SensorRecentReadings>> GetAsync(Actor actor, Guid sensorId, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var typeId = await SensorAccess.VisibleTo(db, actor).AsNoTracking().Where(s => s.Id == sensorId)
            .Select(s => (Guid?)s.SensorTypeId).FirstOrDefaultAsync(cancellationToken);
        if (typeId is null)
        {
            return Outcome<SensorRecentReadings>.NotFound("The sensor");
        }
        var fields = (await db.SensorTypes.AsNoTracking().FirstAsync(t => t.Id == typeId, cancellationToken)).Fields
            .Select(f => new TypeField(f.Key, string.IsNullOrWhiteSpace(f.Label) ? f.Key : f.Label, f.Unit))
            .ToList();
        var since = clock.GetUtcNow() - window;
        var readings = await db.Readings.AsNoTracking()
            .Where(r => r.SensorId == sensorId && r.Timestamp >= since)
            .OrderByDescending(r => r.Timestamp).Take(MaxReadings)
            .Select(r => new { r.Field, r.Timestamp, r.Value })
            .ToListAsync(cancellationToken);
        var values = readings.GroupBy(r => r.Field, StringComparer.Ordinal).ToDictionary(
            field => field.Key,
            IReadOnlyList<TimedValue> (field) => [.. field.Select(r => new TimedValue(r.Timestamp, r.Value)).OrderBy(v => v.Timestamp)],
            StringComparer.Ordinal);
        return Outcome<SensorRecentReadings>.Success(new SensorRecentReadings(fields, values));
    }
}
