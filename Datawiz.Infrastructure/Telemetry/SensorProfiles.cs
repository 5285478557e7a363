using System.Collections.Concurrent;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.UserClasses;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>What ingestion needs to know about a sensor: its type's fields and its owner's message rate.</summary>
public sealed record SensorProfile(IReadOnlyList<string> Fields, int MaxMessagesPerMinute);

/// <summary>
/// Sensor profiles, remembered for <see cref="CacheLifetime"/> so that a message costs no query: a changed type or
/// user class takes effect within that time.
/// </summary>
public sealed class SensorProfiles(IDbContextFactory<DatawizDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, (SensorProfile Profile, DateTimeOffset ExpiresAt)> cache = new();

    /// <summary>The sensor's profile, or null when the sensor no longer exists. Throws when the database is unreachable.</summary>
    public ValueTask<SensorProfile?> GetAsync(Guid sensorId, CancellationToken cancellationToken) =>
        cache.TryGetValue(sensorId, out var entry) && entry.ExpiresAt > clock.GetUtcNow()
            ? ValueTask.FromResult<SensorProfile?>(entry.Profile)
            : LoadAsync(sensorId, cancellationToken);

    private async ValueTask<SensorProfile?> LoadAsync(Guid sensorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sensor = await db.Sensors.AsNoTracking().Where(s => s.Id == sensorId)
            .Select(s => new { s.OwnerId, s.SensorTypeId }).FirstOrDefaultAsync(cancellationToken);
        if (sensor is null)
        {
            cache.TryRemove(sensorId, out _);
            return null;
        }
        var type = await db.SensorTypes.AsNoTracking().FirstAsync(t => t.Id == sensor.SensorTypeId, cancellationToken);
        var userClass = await Quotas.ClassOfAsync(db, sensor.OwnerId, cancellationToken);
        var profile = new SensorProfile(type.Fields.Select(f => f.Key).ToArray(), userClass.MaxMessagesPerMinute);
        cache[sensorId] = (profile, clock.GetUtcNow() + CacheLifetime);
        return profile;
    }
}
