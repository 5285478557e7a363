using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Persistence;

namespace Datawiz.Infrastructure.Sensors;

/// <summary>Who may see which sensor: the owner, members of a group it is shared with, and administrators.</summary>
internal static class SensorAccess
{
    public static IQueryable<Sensor> VisibleTo(DatawizDbContext db, Actor actor) =>
        actor.IsAdmin
            ? db.Sensors
            : db.Sensors.Where(s => s.OwnerId == actor.UserId
                || db.SensorShares.Any(share => share.SensorId == s.Id
                    && db.GroupMembers.Any(member => member.GroupId == share.GroupId && member.UserId == actor.UserId)));
}
