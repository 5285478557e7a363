using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>Whether a viewer may watch sensors live (<see cref="SensorAccess"/>: owner, members of a group it is shared with, administrators).</summary>
public sealed class LiveSensorAccess(IDbContextFactory<DatawizDbContext> contexts)
{
    public async Task<bool> CanSeeAsync(Actor actor, Guid sensorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SensorAccess.VisibleTo(db, actor).AnyAsync(s => s.Id == sensorId, cancellationToken);
    }

    /// <summary>Those of <paramref name="sensorIds"/> the actor may still see: one query, for re-checking what a connection watches.</summary>
    public async Task<IReadOnlySet<Guid>> VisibleAmongAsync(Actor actor, IReadOnlyCollection<Guid> sensorIds, CancellationToken cancellationToken)
    {
        if (sensorIds.Count == 0)
        {
            return new HashSet<Guid>();
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var visible = await SensorAccess.VisibleTo(db, actor).Where(s => sensorIds.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
        return visible.ToHashSet();
    }
}
