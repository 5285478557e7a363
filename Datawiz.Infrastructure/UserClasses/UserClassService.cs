using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.UserClasses;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Persistence;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.UserClasses;

/// <param name="UserCount">Accounts (not deleted) assigned to the class; the default class also counts those without one.</param>
public sealed record UserClassSummary(
    Guid Id, string Name, int MaxSensors, int MaxConnectedSensors, int MaxApplications, int CpuMillicoresPerApplication, int MemoryMiBPerApplication,
    int RetentionDays, int MaxMessagesPerMinute, bool IsDefault, int UserCount);

public sealed record UserClassOption(Guid Id, string Name, bool IsDefault);

/// <summary>
/// Administrators manage the user classes here. Exactly one class is the default at any time, and a
/// class that still has users is never deleted from under them.
/// </summary>
public sealed class UserClassService(
    IDbContextFactory<DatawizDbContext> contexts, AuditTrail audit, ILogger<UserClassService> logger)
{
    public const string DefaultCannotBeDeletedMessage = "The default class cannot be deleted; make another class the default first.";
    public const string DefaultCannotBeClearedMessage = "There must always be a default class; make another class the default instead.";
    private const string TheClass = "That user class";

    public static string DuplicateNameMessage(string name) => $"A user class named '{name}' already exists; choose another name.";

    public async Task<PagedResult<UserClassSummary>> ListAsync(Actor actor, PageRequest request, CancellationToken cancellationToken)
    {
        if (!IsAdmin(actor, "list"))
        {
            return new PagedResult<UserClassSummary>([], 0);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var classes = db.UserClasses.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var term = request.Search.Trim().ToUpperInvariant();
            classes = classes.Where(c => c.Name.ToUpper().Contains(term));
        }

        var total = await classes.CountAsync(cancellationToken);
        var living = db.Users.Where(u => u.Status != UserStatus.Deleted);
        var page = await Sort(classes, request.SortBy, request.Descending)
            .Skip(request.Skip).Take(request.Take)
            .Select(c => new UserClassSummary(
                c.Id, c.Name, c.MaxSensors, c.MaxConnectedSensors, c.MaxApplications, c.CpuMillicoresPerApplication, c.MemoryMiBPerApplication,
                c.RetentionDays, c.MaxMessagesPerMinute, c.IsDefault,
                living.Count(u => u.UserClassId == c.Id || (c.IsDefault && u.UserClassId == null))))
            .ToListAsync(cancellationToken);
        return new PagedResult<UserClassSummary>(page, total);
    }

    /// <summary>Every class by name, for an administrator choosing one (there are few); nothing for anyone else.</summary>
    public async Task<IReadOnlyList<UserClassOption>> OptionsAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (!IsAdmin(actor, "list the options of"))
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.UserClasses.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new UserClassOption(c.Id, c.Name, c.IsDefault))
            .ToListAsync(cancellationToken);
    }

    public async Task<Outcome<UserClassDraft>> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        if (!IsAdmin(actor, "read"))
        {
            return Outcome<UserClassDraft>.NotFound(TheClass);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userClass = await db.UserClasses.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return userClass is null ? Outcome<UserClassDraft>.NotFound(TheClass) : Outcome<UserClassDraft>.Success(UserClassDraft.From(userClass));
    }

    public async Task<Outcome<Guid>> CreateAsync(Actor actor, UserClassDraft draft, CancellationToken cancellationToken)
    {
        if (!IsAdmin(actor, "create"))
        {
            return Outcome<Guid>.NotFound(TheClass);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var problems = await ProblemsAsync(db, draft, null, cancellationToken);
        if (problems.Count > 0)
        {
            return Outcome<Guid>.Invalid(problems);
        }

        var userClass = new UserClass { Id = Guid.NewGuid() };
        draft.ApplyTo(userClass);
        // Without any default (never after seeding), the first class takes the role so quotas keep working.
        var becomesDefault = draft.IsDefault || !await db.UserClasses.AnyAsync(c => c.IsDefault, cancellationToken);
        if (becomesDefault)
        {
            await ClearDefaultAsync(db, cancellationToken);
        }
        userClass.IsDefault = becomesDefault;
        db.UserClasses.Add(userClass);
        audit.Record(db, actor, AuditAction.Create, AuditEntities.UserClass, userClass.Id, $"Created user class '{userClass.Name}' ({draft.Describe()}).");

        var saved = await SaveAsync(db, userClass.Id, userClass.Name, cancellationToken);
        return saved.Succeeded ? Outcome<Guid>.Success(userClass.Id) : Outcome<Guid>.From(saved);
    }

    public async Task<Outcome> UpdateAsync(Actor actor, Guid id, UserClassDraft draft, CancellationToken cancellationToken)
    {
        if (!IsAdmin(actor, "change"))
        {
            return Outcome.NotFound(TheClass);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userClass = await db.UserClasses.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (userClass is null)
        {
            return Outcome.NotFound(TheClass);
        }
        var problems = await ProblemsAsync(db, draft, id, cancellationToken);
        if (userClass.IsDefault && !draft.IsDefault)
        {
            problems = [.. problems, DefaultCannotBeClearedMessage];
        }
        if (problems.Count > 0)
        {
            return Outcome.Invalid(problems);
        }

        var before = UserClassDraft.From(userClass).Describe();
        var oldName = userClass.Name;
        if (draft.IsDefault && !userClass.IsDefault)
        {
            await ClearDefaultAsync(db, cancellationToken);
            userClass.IsDefault = true;
        }
        draft.ApplyTo(userClass);
        var renamed = oldName == userClass.Name ? "" : $" (renamed from '{oldName}')";
        audit.Record(db, actor, AuditAction.Update, AuditEntities.UserClass, userClass.Id,
            $"Changed user class '{userClass.Name}'{renamed}: {before} → {UserClassDraft.From(userClass).Describe()}.");
        return await SaveAsync(db, userClass.Id, userClass.Name, cancellationToken);
    }

    /// <summary>
    /// Deletes a class nobody uses. Deleted accounts still pointing at it fall back to the default class,
    /// so they never keep a class alive.
    /// </summary>
    public async Task<Outcome> DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        if (!IsAdmin(actor, "delete"))
        {
            return Outcome.NotFound(TheClass);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userClass = await db.UserClasses.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (userClass is null)
        {
            return Outcome.NotFound(TheClass);
        }
        if (userClass.IsDefault)
        {
            return Outcome.Invalid(DefaultCannotBeDeletedMessage);
        }
        var users = await db.Users.CountAsync(u => u.UserClassId == id && u.Status != UserStatus.Deleted, cancellationToken);
        if (users > 0)
        {
            return Outcome.Invalid(InUseMessage(userClass.Name, users));
        }

        var deletedAccounts = await db.Users.Where(u => u.UserClassId == id).ToListAsync(cancellationToken);
        foreach (var account in deletedAccounts)
        {
            account.UserClassId = null;
        }
        db.UserClasses.Remove(userClass);
        audit.Record(db, actor, AuditAction.Delete, AuditEntities.UserClass, userClass.Id, $"Deleted user class '{userClass.Name}'.");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    public static string InUseMessage(string name, int users) =>
        users == 1
            ? $"'{name}' cannot be deleted: 1 user is in this class. Move that user to another class first."
            : $"'{name}' cannot be deleted: {users} users are in this class. Move them to another class first.";

    private bool IsAdmin(Actor actor, string what)
    {
        if (!actor.IsAdmin)
        {
            logger.LogWarning("{ActorId}, who is not an administrator, tried to {What} user classes", actor.UserId, what);
        }
        return actor.IsAdmin;
    }

    private static async Task<IReadOnlyList<string>> ProblemsAsync(DatawizDbContext db, UserClassDraft draft, Guid? id, CancellationToken cancellationToken)
    {
        var errors = draft.Errors();
        if (errors.Count > 0)
        {
            return errors;
        }
        var name = draft.Name.Trim();
        var upper = name.ToUpperInvariant();
        var taken = await db.UserClasses.AnyAsync(c => c.Id != id && c.Name.ToUpper() == upper, cancellationToken);
        return taken ? [DuplicateNameMessage(name)] : [];
    }

    private static async Task ClearDefaultAsync(DatawizDbContext db, CancellationToken cancellationToken)
    {
        foreach (var other in await db.UserClasses.Where(c => c.IsDefault).ToListAsync(cancellationToken))
        {
            other.IsDefault = false;
        }
    }

    /// <summary>
    /// Saves; a name taken by another admin in the meantime meets the unique index and gets the same
    /// message as one taken before. Any other failure is not the admin's to fix and propagates.
    /// </summary>
    private async Task<Outcome> SaveAsync(DatawizDbContext db, Guid id, string name, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return Outcome.Ok;
        }
        catch (DbUpdateException)
        {
            await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
            var upper = name.ToUpperInvariant();
            if (await fresh.UserClasses.AnyAsync(c => c.Id != id && c.Name.ToUpper() == upper, cancellationToken))
            {
                return Outcome.Invalid(DuplicateNameMessage(name));
            }
            throw;
        }
    }

    private static IQueryable<UserClass> Sort(IQueryable<UserClass> classes, string? sortBy, bool descending) => sortBy switch
    {
        nameof(UserClass.MaxSensors) => Order(classes, c => c.MaxSensors, descending),
        nameof(UserClass.MaxConnectedSensors) => Order(classes, c => c.MaxConnectedSensors, descending),
        nameof(UserClass.MaxApplications) => Order(classes, c => c.MaxApplications, descending),
        nameof(UserClass.CpuMillicoresPerApplication) => Order(classes, c => c.CpuMillicoresPerApplication, descending),
        nameof(UserClass.MemoryMiBPerApplication) => Order(classes, c => c.MemoryMiBPerApplication, descending),
        nameof(UserClass.RetentionDays) => Order(classes, c => c.RetentionDays, descending),
        nameof(UserClass.MaxMessagesPerMinute) => Order(classes, c => c.MaxMessagesPerMinute, descending),
        _ => Order(classes, c => c.Name, descending),
    };

    // Name breaks ties so that paging is stable whatever the sort.
    private static IQueryable<UserClass> Order<TKey>(IQueryable<UserClass> classes, Expression<Func<UserClass, TKey>> key, bool descending) =>
        (descending ? classes.OrderByDescending(key) : classes.OrderBy(key)).ThenBy(c => c.Name);
}
