using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Sensors;

/// <summary>Which groups see a sensor. The owner may share it with any group they belong to.</summary>
public sealed class SensorSharing(IDbContextFactory<DatawizDbContext> contexts, SensorService sensors, AuditTrail audit)
{
    /// <summary>The groups the owner belongs to, each marked when the sensor is already shared with it.</summary>
    public async Task<Outcome<IReadOnlyList<GroupShareOption>>> OptionsAsync(Actor actor, Guid sensorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await sensors.FindOwnedAsync(db, actor, sensorId, "see the sharing of", cancellationToken);
        if (!found.TryGetValue(out var sensor))
        {
            return Outcome<IReadOnlyList<GroupShareOption>>.From(found);
        }
        var sharedWith = sensor.Shares.Select(s => s.GroupId).ToHashSet();
        var groups = await db.Groups.AsNoTracking()
            .Where(g => db.GroupMembers.Any(m => m.GroupId == g.Id && m.UserId == sensor.OwnerId) || sharedWith.Contains(g.Id))
            .OrderBy(g => g.Name)
            .Select(g => new { g.Id, g.Name })
            .ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<GroupShareOption>>.Success(
            groups.Select(g => new GroupShareOption(g.Id, g.Name, sharedWith.Contains(g.Id))).ToList());
    }

    /// <summary>Makes the sensor visible to exactly <paramref name="groupIds"/>; each must be a group the owner belongs to.</summary>
    public async Task<Outcome> SetGroupsAsync(Actor actor, Guid sensorId, IReadOnlyCollection<Guid> groupIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await sensors.FindOwnedAsync(db, actor, sensorId, "share", cancellationToken);
        if (!found.TryGetValue(out var sensor))
        {
            return found;
        }
        var wanted = groupIds.ToHashSet();
        var current = sensor.Shares.Select(s => s.GroupId).ToHashSet();
        var added = wanted.Except(current).ToList();
        var removed = current.Except(wanted).ToList();
        if (added.Count == 0 && removed.Count == 0)
        {
            return Outcome.Ok;
        }
        var allowed = await db.Groups
            .Where(g => added.Contains(g.Id) && db.GroupMembers.Any(m => m.GroupId == g.Id && m.UserId == sensor.OwnerId))
            .Select(g => g.Id)
            .ToListAsync(cancellationToken);
        if (allowed.Count != added.Count)
        {
            return Outcome.Invalid("A sensor can only be shared with groups its owner belongs to.");
        }

        sensor.Shares.RemoveAll(s => removed.Contains(s.GroupId));
        sensor.Shares.AddRange(added.Select(groupId => new SensorShare { SensorId = sensor.Id, GroupId = groupId }));
        var names = await db.Groups.Where(g => added.Contains(g.Id) || removed.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, cancellationToken);
        var parts = new List<string>();
        if (added.Count > 0)
        {
            parts.Add("now shared with " + string.Join(", ", added.Select(id => $"'{names.GetValueOrDefault(id)}'")));
        }
        if (removed.Count > 0)
        {
            parts.Add("no longer shared with " + string.Join(", ", removed.Select(id => $"'{names.GetValueOrDefault(id)}'")));
        }
        audit.Record(db, actor, AuditAction.Update, AuditEntities.Sensor, sensor.Id, $"Sharing of sensor '{sensor.Name}': {string.Join("; ", parts)}.");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }
}
