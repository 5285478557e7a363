using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;

namespace Datawiz.Infrastructure.Dashboard;

/// <summary>Which sensors have a card on a person's dashboard.</summary>
internal static class DashboardSensors
{
    /// <summary>
    /// His own and those shared with his groups, administrators included: a dashboard is one's own view, and an
    /// administrator who saw every sensor of the portal on it could not find his own. He reaches the others under Sensors.
    /// </summary>
    public static IQueryable<Sensor> Of(DatawizDbContext db, Actor actor) => SensorAccess.OwnOrSharedWith(db, actor.UserId);
}
