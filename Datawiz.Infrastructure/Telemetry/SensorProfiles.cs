using System.Collections.Concurrent;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.UserClasses;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>What ingestion and the broker need to know about a sensor: its type's fields and its owner's class limits.</summary>
public sealed record SensorProfile(IReadOnlyList<string> Fields, int MaxMessagesPerMinute, string ClassName, int MaxConnectedSensors);

/// <summary>
/// Sensor profiles, remembered for <see cref="CacheLifetime"/> so that a message costs no query: a changed type or
/// user class takes effect within that time.
/// </summary>
public sealed class SensorProfiles(IDbContextFactory<DatawizDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, (SensorProfile Profile, DateTimeOffset ExpiresAt)> cache = new();

    // One load per sensor at a time: a burst from a sensor not yet cached (a reconnect storm, a restart) would
    // otherwise open a connection per message and exhaust the database's connection limit.
    private readonly ConcurrentDictionary<Guid, Lazy<Task<SensorProfile?>>> loading = new();

    /// <summary>The sensor's profile, or null when the sensor no longer exists. Throws when the database is unreachable.</summary>
    public ValueTask<SensorProfile?> GetAsync(Guid sensorId, CancellationToken cancellationToken) =>
        cache.TryGetValue(sensorId, out var entry) && entry.ExpiresAt > clock.GetUtcNow()
            ? ValueTask.FromResult<SensorProfile?>(entry.Profile)
            : new ValueTask<SensorProfile?>(SharedLoadAsync(sensorId).WaitAsync(cancellationToken));

    private async Task<SensorProfile?> SharedLoadAsync(Guid sensorId)
    {
        var load = loading.GetOrAdd(sensorId, id => new Lazy<Task<SensorProfile?>>(() => LoadAsync(id)));
        try
        {
            return await load.Value;
        }
        finally
        {
            loading.TryRemove(KeyValuePair.Create(sensorId, load));
        }
    }

    // Not cancelled by one waiter: the others share the same load.
    private async Task<SensorProfile?> LoadAsync(Guid sensorId)
    {
        var cancellationToken = CancellationToken.None;
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
        var profile = new SensorProfile(type.Fields.Select(f => f.Key).ToArray(), userClass.MaxMessagesPerMinute, userClass.Name, userClass.MaxConnectedSensors);
        cache[sensorId] = (profile, clock.GetUtcNow() + CacheLifetime);
        return profile;
    }
}
