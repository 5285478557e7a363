using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Reviews;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Common;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.SensorTypes;

/// <summary>
/// Sensor types: administrators create them approved, users submit them for review. Safe to hold for a
/// whole Blazor circuit: every call opens its own short-lived context.
/// </summary>
public sealed class SensorTypeService(
    IDbContextFactory<DatawizDbContext> contexts, AuditTrail audit, TimeProvider clock, Notifications.AdminQueues queues, ILogger<SensorTypeService> logger)
{
    private const string What = "The sensor type";

    public async Task<PagedResult<SensorTypeSummary>> ListAsync(Actor actor, SensorTypeQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var types = Visible(db.SensorTypes.AsNoTracking(), actor);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToUpperInvariant();
            types = types.Where(t => t.Name.ToUpper().Contains(term) || t.Hardware.ToUpper().Contains(term));
        }
        if (query.Status is { } status)
        {
            types = types.Where(t => t.Review.Status == status);
        }

        var total = await types.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, PageRequest.MaxPageSize);
        var page = await Sorted(types, query)
            .Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)
            .Select(t => new SensorTypeSummary(t.Id, t.Name, t.Hardware, t.Review.Status, t.Review.SubmittedById == actor.UserId, t.CreatedAt))
            .ToListAsync(cancellationToken);
        return new PagedResult<SensorTypeSummary>(page, total);
    }

    /// <summary>A type with all its parts, if the actor may see it.</summary>
    public async Task<Outcome<SensorType>> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var type = await db.SensorTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        return type is not null && SensorTypeAccess.CanSee(actor, type)
            ? Outcome<SensorType>.Success(type)
            : Outcome<SensorType>.From(Missing(actor, id, "read"));
    }

    /// <summary>The types the actor may choose for a new sensor: approved and not deprecated, by name.</summary>
    public async Task<IReadOnlyList<SensorType>> UsableAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SensorTypes.AsNoTracking()
            .Where(t => t.Review.Status == SensorTypeAccess.UsableForNewSensors)
            .OrderBy(t => t.Name)
            .ToListAsync(cancellationToken);
    }

    /// <summary>One type the actor may choose for a new sensor; a deprecated or unreviewed type is refused with the reason.</summary>
    public async Task<Outcome<SensorType>> FindUsableAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(actor, id, cancellationToken);
        if (!found.TryGetValue(out var type))
        {
            return found;
        }
        return type.Review.Status switch
        {
            ReviewStatus.Approved => found,
            ReviewStatus.Deprecated => Outcome<SensorType>.Invalid($"The sensor type '{type.Name}' is deprecated and no longer offered for new sensors."),
            _ => Outcome<SensorType>.Invalid($"The sensor type '{type.Name}' has not been approved yet."),
        };
    }

    public async Task<Outcome<Guid>> CreateAsync(Actor actor, SensorTypeDraft draft, CancellationToken cancellationToken)
    {
        var input = draft.Normalised();
        if (SensorTypeRules.Errors(input) is { Count: > 0 } errors)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var status = SensorTypeAccess.StatusAfterSave(actor, null);
        var submitterId = actor.IsAdmin ? (Guid?)null : actor.UserId;
        if (await NameErrorAsync(db, actor, input.Name, status, submitterId, null, cancellationToken) is { } nameError)
        {
            return Outcome<Guid>.Invalid(nameError);
        }
        var type = new SensorType
        {
            Id = Guid.NewGuid(),
            Review = { Status = status, SubmittedById = submitterId },
            CreatedAt = clock.GetUtcNow(),
            ConcurrencyStamp = StaleEdit.NewStamp(),
        };
        if (type.Review.Status == ReviewStatus.Submitted)
        {
            ReviewRules.Submit(type.Review, type.CreatedAt);
        }
        input.ApplyTo(type);
        db.SensorTypes.Add(type);
        if (actor.IsAdmin)
        {
            audit.Record(db, actor, AuditAction.Create, AuditEntities.SensorType, type.Id, $"Created the sensor type '{type.Name}' ({type.Hardware}).");
        }
        else
        {
            audit.Record(db, actor, AuditAction.Submit, AuditEntities.SensorType, type.Id, $"Submitted the sensor type '{type.Name}' ({type.Hardware}) for review.");
            await ArrivedForReviewAsync(db, actor, type, cancellationToken);
        }
        if (!await SaveAsync(db, cancellationToken))
        {
            return Outcome<Guid>.Invalid(NameTaken(input.Name));
        }
        logger.LogInformation("{Actor} saved new sensor type {TypeId} as {Status}", actor.UserId, type.Id, type.Review.Status);
        return Outcome<Guid>.Success(type.Id);
    }

    /// <param name="loadedStamp">The type's <see cref="SensorType.ConcurrencyStamp"/> when the form was loaded; if the
    /// type was written since, the save is a <see cref="OutcomeKind.Conflict"/> and changes nothing.</param>
    public async Task<Outcome> UpdateAsync(Actor actor, Guid id, Guid loadedStamp, SensorTypeDraft draft, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var type = await db.SensorTypes.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (type is null || !SensorTypeAccess.CanSee(actor, type))
        {
            return Missing(actor, id, "change");
        }
        if (!SensorTypeAccess.CanEdit(actor, type))
        {
            return Outcome.Invalid(OnlyAdministrators(type, "change"));
        }
        if (type.ConcurrencyStamp != loadedStamp)
        {
            return StaleEdit.Refused("sensor type", type.Name);
        }

        var input = draft.Normalised();
        if (SensorTypeRules.Errors(input) is { Count: > 0 } errors)
        {
            return Outcome.Invalid(errors);
        }
        if (await NameErrorAsync(db, actor, input.Name, SensorTypeAccess.StatusAfterSave(actor, type), type.Review.SubmittedById, id, cancellationToken) is { } nameError)
        {
            return Outcome.Invalid(nameError);
        }

        var before = type.Review.Status;
        input.ApplyTo(type);
        type.ConcurrencyStamp = StaleEdit.NewStamp();
        type.Review.Status = SensorTypeAccess.StatusAfterSave(actor, type);
        if (before == ReviewStatus.Rejected && type.Review.Status == ReviewStatus.Submitted)
        {
            ReviewRules.Submit(type.Review, clock.GetUtcNow());
            audit.Record(db, actor, AuditAction.Submit, AuditEntities.SensorType, type.Id, $"Changed and resubmitted the rejected sensor type '{type.Name}' for review.");
            await ArrivedForReviewAsync(db, actor, type, cancellationToken);
        }
        else
        {
            audit.Record(db, actor, AuditAction.Update, AuditEntities.SensorType, type.Id, $"Changed the sensor type '{type.Name}'.");
        }
        try
        {
            if (!await SaveAsync(db, cancellationToken))
            {
                return Outcome.Invalid(NameTaken(input.Name));
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another save landed between this one's read and its write.
            return StaleEdit.Refused("sensor type", input.Name);
        }
        return Outcome.Ok;
    }

    /// <summary>Deletes a type no sensor uses; a type in use is refused with the number of sensors that use it.</summary>
    public async Task<Outcome> DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var type = await db.SensorTypes.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (type is null || !SensorTypeAccess.CanSee(actor, type))
        {
            return Missing(actor, id, "delete");
        }
        if (!SensorTypeAccess.CanDelete(actor, type))
        {
            return Outcome.Invalid(OnlyAdministrators(type, "delete"));
        }
        var sensors = await CountSensorsAsync(db, id, cancellationToken);
        if (sensors > 0)
        {
            return Outcome.Invalid(InUse(type.Name, sensors));
        }

        db.SensorTypes.Remove(type);
        audit.Record(db, actor, AuditAction.Delete, AuditEntities.SensorType, type.Id, $"Deleted the sensor type '{type.Name}' ({type.Review.Status}).");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A sensor was registered between the count and the delete; the foreign key refused it.
            return Outcome.Invalid(InUse(type.Name, await CountSensorsAsync(db, id, cancellationToken)));
        }
        logger.LogInformation("{Actor} deleted sensor type {TypeId}", actor.UserId, id);
        return Outcome.Ok;
    }

    /// <summary>
    /// How many sensors (of anyone) use the type, for the confirmation before a delete; so only for an
    /// actor who may delete it.
    /// </summary>
    public async Task<Outcome<int>> CountSensorsAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var type = await db.SensorTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (type is null || !SensorTypeAccess.CanSee(actor, type))
        {
            return Outcome<int>.From(Missing(actor, id, "count the sensors of"));
        }
        if (!SensorTypeAccess.CanDelete(actor, type))
        {
            return Outcome<int>.Invalid(OnlyAdministrators(type, "delete"));
        }
        return Outcome<int>.Success(await CountSensorsAsync(db, id, cancellationToken));
    }

    /// <summary>Stops offering an approved type for new sensors; sensors that use it keep working.</summary>
    public Task<Outcome> DeprecateAsync(Actor actor, Guid id, CancellationToken cancellationToken) =>
        ChangeStatusAsync(actor, id, ReviewStatus.Approved, ReviewStatus.Deprecated, cancellationToken);

    /// <summary>Offers a deprecated type for new sensors again.</summary>
    public Task<Outcome> RestoreAsync(Actor actor, Guid id, CancellationToken cancellationToken) =>
        ChangeStatusAsync(actor, id, ReviewStatus.Deprecated, ReviewStatus.Approved, cancellationToken);

    private async Task<Outcome> ChangeStatusAsync(Actor actor, Guid id, ReviewStatus from, ReviewStatus to, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var type = await db.SensorTypes.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (type is null || !SensorTypeAccess.CanSee(actor, type))
        {
            return Missing(actor, id, $"make {to}");
        }
        if (!actor.IsAdmin)
        {
            return Outcome.Invalid("Only an administrator can deprecate or restore a sensor type.");
        }
        if (type.Review.Status != from)
        {
            return Outcome.Invalid($"'{type.Name}' is {type.Review.Status.ToString().ToLowerInvariant()}; only a type that is {from.ToString().ToLowerInvariant()} can become {to.ToString().ToLowerInvariant()}.");
        }
        type.Review.Status = to;
        type.ConcurrencyStamp = StaleEdit.NewStamp();
        audit.Record(db, actor, AuditAction.StatusChange, AuditEntities.SensorType, type.Id, $"Changed the sensor type '{type.Name}' from {from} to {to}.");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    // The same rule as SensorTypeAccess.CanSee, written so the database can apply it.
    private static IQueryable<SensorType> Visible(IQueryable<SensorType> types, Actor actor) =>
        actor.IsAdmin
            ? types
            : types.Where(t => t.Review.Status == ReviewStatus.Approved || t.Review.Status == ReviewStatus.Deprecated || t.Review.SubmittedById == actor.UserId);

    private static IQueryable<SensorType> Sorted(IQueryable<SensorType> types, SensorTypeQuery query) =>
        (query.SortBy?.ToLowerInvariant(), query.Descending) switch
        {
            ("hardware", false) => types.OrderBy(t => t.Hardware).ThenBy(t => t.Name),
            ("hardware", true) => types.OrderByDescending(t => t.Hardware).ThenBy(t => t.Name),
            ("status", false) => types.OrderBy(t => t.Review.Status).ThenBy(t => t.Name),
            ("status", true) => types.OrderByDescending(t => t.Review.Status).ThenBy(t => t.Name),
            ("created" or "createdat", false) => types.OrderBy(t => t.CreatedAt).ThenBy(t => t.Name),
            ("created" or "createdat", true) => types.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Name),
            (_, true) => types.OrderByDescending(t => t.Name),
            _ => types.OrderBy(t => t.Name),
        };

    /// <summary>
    /// Names are unique in the catalogue, and among one submitter's private types (whatever their case). Another
    /// user's private type never makes a name taken, so trying a name reveals nothing about what others drafted;
    /// approving a second type of a catalogue name is refused to the administrator instead (<see cref="Reviews.ReviewService"/>).
    /// </summary>
    private static async Task<string?> NameErrorAsync(
        DatawizDbContext db, Actor actor, string name, ReviewStatus status, Guid? submitterId, Guid? except, CancellationToken cancellationToken)
    {
        var normalised = name.ToUpperInvariant();
        var sameName = db.SensorTypes.Where(t => t.Name.ToUpper() == normalised && t.Id != except);
        if (await sameName.AnyAsync(t => t.Review.Status == ReviewStatus.Approved || t.Review.Status == ReviewStatus.Deprecated, cancellationToken))
        {
            return NameTaken(name);
        }
        if (!Catalogue.Contains(status)
            && await sameName.AnyAsync(t => t.Review.Status != ReviewStatus.Approved && t.Review.Status != ReviewStatus.Deprecated && t.Review.SubmittedById == submitterId, cancellationToken))
        {
            return submitterId == actor.UserId || (submitterId is null && actor.IsAdmin)
                ? $"You already have a sensor type named '{name}'; choose another name."
                : $"Its submitter already has a sensor type named '{name}'; choose another name.";
        }
        return null;
    }

    private static Task<int> CountSensorsAsync(DatawizDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Sensors.CountAsync(s => s.SensorTypeId == id, cancellationToken);

    /// <returns>False when the unique index on the name refused the save (another save with the same name won the race).</returns>
    /// <exception cref="DbUpdateConcurrencyException">Another save of the item came first.</exception>
    private static async Task<bool> SaveAsync(DatawizDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    private static string OnlyAdministrators(SensorType type, string verb) =>
        $"'{type.Name}' is {type.Review.Status.ToString().ToLowerInvariant()}; only an administrator can {verb} it.";

    private static string NameTaken(string name) => $"A sensor type named '{name}' already exists; choose another name.";

    private static string InUse(string name, int sensors) =>
        sensors == 1
            ? $"'{name}' cannot be deleted: 1 sensor uses it. Delete that sensor first, or deprecate the type instead."
            : $"'{name}' cannot be deleted: {sensors} sensors use it. Delete those sensors first, or deprecate the type instead.";

    private Outcome Missing(Actor actor, Guid id, string attempt)
    {
        logger.LogWarning("{Actor} tried to {Attempt} sensor type {TypeId}, which does not exist or is not theirs", actor.UserId, attempt, id);
        return Outcome.NotFound(What);
    }

    private Task ArrivedForReviewAsync(DatawizDbContext db, Actor actor, SensorType type, CancellationToken cancellationToken) =>
        queues.ArrivedAsync(db, Notifications.AdminWork.Reviews, $"{actor.Name} submitted the sensor type '{type.Name}' for review.",
            $"/admin/reviews/sensor-types/{type.Id}", cancellationToken);
}
