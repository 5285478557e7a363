using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Groups;

/// <summary>
/// Which sensors a person sees through groups: a sensor shared with a group is visible, read-only, to
/// every member of that group. Owning or administering a sensor is decided elsewhere; this answers only
/// the group part, so the sensor features can combine it with their own rules.
/// </summary>
public sealed class SharedSensors(IDbContextFactory<DatawizDbContext> contexts)
{
    /// <summary>A query to compose into a larger one (e.g. a sensor list: owned OR in this set).</summary>
    public static IQueryable<Guid> SensorIdsVisibleTo(DatawizDbContext db, Guid userId) =>
        db.SensorShares
            .Where(share => db.GroupMembers.Any(m => m.GroupId == share.GroupId && m.UserId == userId))
            .Select(share => share.SensorId)
            .Distinct();

    /// <summary>Whether the actor sees the sensor through one of the actor's groups.</summary>
    public async Task<bool> CanSeeAsync(Actor actor, Guid sensorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SensorIdsVisibleTo(db, actor.UserId).ContainsAsync(sensorId, cancellationToken);
    }

    /// <summary>The sensors the actor sees through the actor's groups.</summary>
    public async Task<IReadOnlyList<Guid>> SensorIdsAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SensorIdsVisibleTo(db, actor.UserId).ToListAsync(cancellationToken);
    }
}
