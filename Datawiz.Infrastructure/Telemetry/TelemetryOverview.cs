using Datawiz.Domain.Common;
using Datawiz.Domain.Telemetry;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>The newest value of one field, with the type's label and unit when the type declares it.</summary>
public sealed record LatestValue(string Field, string Label, string Unit, double Value, DateTimeOffset Timestamp, bool IsTypeField);

/// <summary>What a sensor's page shows of its telemetry.</summary>
public sealed record SensorTelemetry(SensorTelemetryCounters Counters, IReadOnlyList<LatestValue> Latest);

/// <summary>A sensor's counters and latest values, for whoever may see the sensor.</summary>
public sealed class TelemetryOverview(IDbContextFactory<DatawizDbContext> contexts)
{
    public async Task<Outcome<SensorTelemetry>> GetAsync(Actor actor, Guid sensorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var typeId = await SensorAccess.VisibleTo(db, actor).Where(s => s.Id == sensorId).Select(s => (Guid?)s.SensorTypeId).FirstOrDefaultAsync(cancellationToken);
        if (typeId is null)
        {
            return Outcome<SensorTelemetry>.NotFound("The sensor");
        }
        var type = await db.SensorTypes.AsNoTracking().FirstAsync(t => t.Id == typeId, cancellationToken);
        var counters = await db.SensorTelemetryCounters.AsNoTracking().FirstOrDefaultAsync(c => c.SensorId == sensorId, cancellationToken)
            ?? new SensorTelemetryCounters { SensorId = sensorId };
        var latest = await db.LatestReadings.AsNoTracking().Where(l => l.SensorId == sensorId).ToListAsync(cancellationToken);
        var values = latest
            .Select(l => type.Fields.FirstOrDefault(f => f.Key == l.Field) is { } field
                ? new LatestValue(l.Field, field.Label, field.Unit, l.Value, l.Timestamp, true)
                : new LatestValue(l.Field, l.Field, "", l.Value, l.Timestamp, false))
            // The type's fields in the type's order, then extra fields by name.
            .OrderBy(v => v.IsTypeField ? type.Fields.FindIndex(f => f.Key == v.Field) : int.MaxValue)
            .ThenBy(v => v.Field, StringComparer.Ordinal)
            .ToList();
        return Outcome<SensorTelemetry>.Success(new SensorTelemetry(counters, values));
    }
}
