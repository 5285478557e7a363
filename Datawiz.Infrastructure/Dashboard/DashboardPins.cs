using Datawiz.Domain.Common;
using Datawiz.Domain.Dashboard;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Dashboard;

/// <summary>The sensors a person keeps at the top of his dashboard, and their order. Only he changes his pins.</summary>
public sealed class DashboardPins(IDbContextFactory<DatawizDbContext> contexts)
{
    /// <summary>More pins than this would be a second dashboard above the first.</summary>
    public const int MaxPins = 50;

    private const string What = "The sensor";

    /// <summary>Puts the sensor after the actor's other pins; pinning it again changes nothing.</summary>
    public async Task<Outcome> PinAsync(Actor actor, Guid sensorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await DashboardSensors.Of(db, actor).AnyAsync(s => s.Id == sensorId, cancellationToken))
        {
            return Outcome.NotFound(What);
        }
        var pins = await db.DashboardPins.Where(p => p.UserId == actor.UserId).ToListAsync(cancellationToken);
        if (pins.Any(p => p.SensorId == sensorId))
        {
            return Outcome.Ok;
        }
        if (pins.Count >= MaxPins)
        {
            return Outcome.Invalid($"You can pin at most {MaxPins} sensors; unpin one first.");
        }
        db.DashboardPins.Add(new DashboardPin
        {
            UserId = actor.UserId,
            SensorId = sensorId,
            Position = pins.Count == 0 ? 0 : pins.Max(p => p.Position) + 1,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same pin from another of his pages got there first (primary key), or the sensor was deleted meanwhile.
            return await db.DashboardPins.AnyAsync(p => p.UserId == actor.UserId && p.SensorId == sensorId, cancellationToken)
                ? Outcome.Ok
                : Outcome.NotFound(What);
        }
        return Outcome.Ok;
    }

    /// <summary>Takes the sensor off the top; a sensor that was not pinned stays as it is.</summary>
    public async Task<Outcome> UnpinAsync(Actor actor, Guid sensorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.DashboardPins.Where(p => p.UserId == actor.UserId && p.SensorId == sensorId).ExecuteDeleteAsync(cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>Moves a pinned sensor one place up (<paramref name="offset"/> -1) or down (+1) among the actor's pins.</summary>
    public async Task<Outcome> MoveAsync(Actor actor, Guid sensorId, int offset, CancellationToken cancellationToken)
    {
        if (offset is not (-1 or 1))
        {
            return Outcome.Invalid("A pinned sensor moves one place up or down.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var visible = DashboardSensors.Of(db, actor);
        var pins = await db.DashboardPins.Where(p => p.UserId == actor.UserId && visible.Any(s => s.Id == p.SensorId))
            .OrderBy(p => p.Position).ThenBy(p => p.SensorId)
            .ToListAsync(cancellationToken);
        var index = pins.FindIndex(p => p.SensorId == sensorId);
        if (index < 0)
        {
            return Outcome.NotFound("The pinned sensor");
        }
        var target = index + offset;
        if (target >= 0 && target < pins.Count)
        {
            (pins[index], pins[target]) = (pins[target], pins[index]);
        }
        // Numbered afresh, so that gaps left by unpinned sensors and equal positions from a race do not add up.
        for (var i = 0; i < pins.Count; i++)
        {
            pins[i].Position = i;
        }
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>
    /// Deletes the actor's pins of sensors he no longer sees (unshared, or he left the group), so that a sensor shared
    /// with him again does not come back pinned. Checked first: reading the dashboard seldom has anything to delete.
    /// </summary>
    internal static async Task ForgetHiddenAsync(DatawizDbContext db, Actor actor, CancellationToken cancellationToken)
    {
        var visible = DashboardSensors.Of(db, actor);
        var hidden = db.DashboardPins.Where(p => p.UserId == actor.UserId && !visible.Any(s => s.Id == p.SensorId));
        if (await hidden.AnyAsync(cancellationToken))
        {
            await hidden.ExecuteDeleteAsync(cancellationToken);
        }
    }
}
