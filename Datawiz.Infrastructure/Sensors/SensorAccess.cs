using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Persistence;

namespace Datawiz.Infrastructure.Sensors;

/// <summary>Who may see which sensor: the owner, members of a group it is shared with, and administrators.</summary>
internal static class SensorAccess
{
    public static IQueryable<Sensor> VisibleTo(DatawizDbContext db, Actor actor) =>
        actor.IsAdmin ? db.Sensors : OwnOrSharedWith(db, actor.UserId);

    /// <summary>A person's own sensors and those shared with a group he belongs to: what he sees without being an administrator.</summary>
    public static IQueryable<Sensor> OwnOrSharedWith(DatawizDbContext db, Guid userId) =>
        db.Sensors.Where(s => s.OwnerId == userId
            || db.SensorShares.Any(share => share.SensorId == s.Id
                && db.GroupMembers.Any(member => member.GroupId == share.GroupId && member.UserId == userId)));
}
