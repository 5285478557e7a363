using Datawiz.Domain.Common;
using Datawiz.Domain.Telemetry;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>The newest value of one field, with the type's label and unit when the type declares it.</summary>
public sealed record LatestValue(string Field, string Label, string Unit, double Value, DateTimeOffset Timestamp, bool IsTypeField);

/// <summary>What a sensor's page shows of its telemetry.</summary>
public sealed record SensorTelemetry(SensorTelemetryCounters Counters, DateTimeOffset? LastSeenAt, IReadOnlyList<LatestValue> Latest)
{
    /// <summary>Nothing has arrived from the sensor: not even a message that was refused.</summary>
    public bool IsEmpty => Counters.Received == 0 && Counters.RefusedByAcl == 0 && LastSeenAt is null && Latest.Count == 0;
}

/// <summary>A sensor's counters and latest values, for whoever may see the sensor.</summary>
public sealed class TelemetryOverview(IDbContextFactory<DatawizDbContext> contexts)
{
    public async Task<Outcome<SensorTelemetry>> GetAsync(Actor actor, Guid sensorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sensor = await SensorAccess.VisibleTo(db, actor).AsNoTracking().Where(s => s.Id == sensorId)
            .Select(s => new { s.SensorTypeId, s.LastSeenAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (sensor is null)
        {
            return Outcome<SensorTelemetry>.NotFound("The sensor");
        }
        var fields = (await db.SensorTypes.AsNoTracking().FirstAsync(t => t.Id == sensor.SensorTypeId, cancellationToken)).Fields;
        var counters = await db.SensorTelemetryCounters.AsNoTracking().FirstOrDefaultAsync(c => c.SensorId == sensorId, cancellationToken)
            ?? new SensorTelemetryCounters { SensorId = sensorId };
        var latest = await db.LatestReadings.AsNoTracking().Where(l => l.SensorId == sensorId).ToListAsync(cancellationToken);
        var values = latest
            .Select(l => fields.FirstOrDefault(f => f.Key == l.Field) is { } field
                ? new LatestValue(l.Field, string.IsNullOrWhiteSpace(field.Label) ? l.Field : field.Label, field.Unit, l.Value, l.Timestamp, true)
                : new LatestValue(l.Field, l.Field, "", l.Value, l.Timestamp, false))
            // The type's fields in the type's order, then extra fields by name.
            .OrderBy(v => v.IsTypeField ? fields.FindIndex(f => f.Key == v.Field) : int.MaxValue)
            .ThenBy(v => v.Field, StringComparer.Ordinal)
            .ToList();
        return Outcome<SensorTelemetry>.Success(new SensorTelemetry(counters, sensor.LastSeenAt, values));
    }
}
