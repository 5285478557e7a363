using Datawiz.Domain.Common;
using Datawiz.Domain.Telemetry.History;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Telemetry.History;

/// <summary>A line as people read it: which sensor, which field, in which unit.</summary>
public sealed record HistoryLine(SeriesKey Key, string SensorName, string Label, string Unit);

/// <summary>Checks that a viewer may see every line asked for and that each field exists, and names the lines.</summary>
internal static class HistoryLines
{
    public static async Task<Outcome<IReadOnlyList<HistoryLine>>> ResolveAsync(DatawizDbContext db, Actor actor, IReadOnlyList<SeriesKey> series, CancellationToken cancellationToken)
    {
        var sensorIds = series.Select(s => s.SensorId).Distinct().ToList();
        var sensors = await SensorAccess.VisibleTo(db, actor).AsNoTracking().Where(s => sensorIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Name, s.SensorTypeId })
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        // One missing sensor fails the whole request alike, whether it does not exist or is not the viewer's.
        if (sensors.Count != sensorIds.Count)
        {
            return Outcome<IReadOnlyList<HistoryLine>>.NotFound("The sensor");
        }
        var typeIds = sensors.Values.Select(s => s.SensorTypeId).Distinct().ToList();
        var fieldsByType = await db.SensorTypes.AsNoTracking().Where(t => typeIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => t.Fields, cancellationToken);
        // Fields the type does not declare are stored too (a device may send more); they exist once one was stored.
        var storedFields = await db.LatestReadings.AsNoTracking().Where(l => sensorIds.Contains(l.SensorId))
            .Select(l => new { l.SensorId, l.Field }).ToListAsync(cancellationToken);

        var lines = new List<HistoryLine>(series.Count);
        var errors = new List<string>();
        foreach (var key in series)
        {
            var sensor = sensors[key.SensorId];
            var declared = fieldsByType.GetValueOrDefault(sensor.SensorTypeId)?.FirstOrDefault(f => f.Key == key.Field);
            if (declared is not null)
            {
                lines.Add(new HistoryLine(key, sensor.Name, string.IsNullOrWhiteSpace(declared.Label) ? declared.Key : declared.Label, declared.Unit));
            }
            else if (storedFields.Any(f => f.SensorId == key.SensorId && f.Field == key.Field))
            {
                lines.Add(new HistoryLine(key, sensor.Name, key.Field, ""));
            }
            else
            {
                errors.Add($"{sensor.Name} has no field \"{Shorten(key.Field)}\".");
            }
        }
        return errors.Count > 0 ? Outcome<IReadOnlyList<HistoryLine>>.Invalid(errors) : Outcome<IReadOnlyList<HistoryLine>>.Success(lines);
    }

    /// <summary>Every field of a sensor: those its type declares, in the type's order, then the others stored, by name.</summary>
    public static async Task<IReadOnlyList<string>> AllFieldsAsync(DatawizDbContext db, Guid sensorId, CancellationToken cancellationToken)
    {
        var declared = await db.Sensors.AsNoTracking().Where(s => s.Id == sensorId)
            .Join(db.SensorTypes, s => s.SensorTypeId, t => t.Id, (_, t) => t.Fields)
            .FirstOrDefaultAsync(cancellationToken) ?? [];
        var stored = await db.LatestReadings.AsNoTracking().Where(l => l.SensorId == sensorId).Select(l => l.Field).ToListAsync(cancellationToken);
        return declared.Select(f => f.Key).Concat(stored.Except(declared.Select(f => f.Key)).Order(StringComparer.Ordinal)).ToList();
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
