using Datawiz.Infrastructure.Telemetry;

namespace Datawiz.Web.Telemetry;

/// <summary>
/// What a hub client gets per sensor and update: per field, its new values in time order as <c>[time, value]</c> pairs,
/// times in ISO 8601 (UTC), e.g. <c>{ "sensorId": "…", "fields": { "temperature": [["2026-06-01T08:00:00.123+00:00", 21.5]] } }</c>.
/// </summary>
public sealed record HubReadings(Guid SensorId, IReadOnlyDictionary<string, object[][]> Fields)
{
    public static HubReadings From(SensorUpdate update) => new(
        update.SensorId,
        update.Fields.ToDictionary(field => field.Key, field => field.Value.Select(v => new object[] { v.Timestamp.ToUniversalTime(), v.Value }).ToArray(), StringComparer.Ordinal));
}
