using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Groups;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Broker;

/// <summary>The topics of the sensors a user's groups share with him, which he may subscribe to read-only.</summary>
public sealed class SharedSensorTopics(IDbContextFactory<DatawizDbContext> contexts)
{
    public async Task<IReadOnlyList<string>> ForUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var visible = SharedSensors.SensorIdsVisibleTo(db, userId);
        var sensors = await db.Sensors.AsNoTracking()
            .Where(s => visible.Contains(s.Id))
            .Select(s => new { s.OwnerId, s.MqttUsername })
            .ToListAsync(cancellationToken);
        return [.. sensors.Select(s => TopicScheme.SensorPrefix(s.OwnerId, s.MqttUsername))];
    }
}
