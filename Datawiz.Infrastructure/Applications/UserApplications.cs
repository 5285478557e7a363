using Datawiz.Domain.Applications;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.UserClasses;
using Datawiz.Domain.Variables;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Common;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.UserClasses;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Applications;

public sealed record ApplicationInput(string Name, Guid TemplateId, IReadOnlyDictionary<string, string?> Values);

/// <param name="Everyone">Admins only: every user's applications instead of their own.</param>
public sealed record ApplicationQuery(string? Search, int Page, int PageSize, string? SortBy = null, bool Descending = false, bool Everyone = false);

public sealed record ApplicationSummary(
    Guid Id, string Name, Guid TemplateId, string TemplateName, string TemplateVersion, UserApplicationStatus Status, string OwnerEmail);

/// <summary>A value as it may be shown: secrets only say whether they are set.</summary>
public sealed record ApplicationValue(TemplateVariable Variable, string? Value, bool IsSet);

public sealed record ApplicationDetail(
    Guid Id,
    string Name,
    UserApplicationStatus Status,
    string? Namespace,
    string? Url,
    string? LastError,
    DateTimeOffset CreatedAt,
    Guid OwnerId,
    string OwnerEmail,
    Guid TemplateId,
    string TemplateName,
    string TemplateVersion,
    ReviewStatus TemplateStatus,
    int CpuMillicores,
    int MemoryMiB,
    IReadOnlyList<ApplicationValue> Values);

/// <summary>
/// A user's applications: instances of approved templates with their own values, within the limits of the
/// user's class. Starting them on the cluster is another service's job; here they stay Pending.
/// </summary>
public sealed class UserApplications(
    IDbContextFactory<DatawizDbContext> contexts,
    AuditTrail audit,
    SecretValues secretValues,
    TimeProvider clock,
    ILogger<UserApplications> logger)
{
    private const string What = "The application";

    public async Task<PagedResult<ApplicationSummary>> ListAsync(Actor actor, ApplicationQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var applications = db.UserApplications.AsNoTracking();
        if (!(actor.IsAdmin && query.Everyone))
        {
            applications = applications.Where(a => a.OwnerId == actor.UserId);
        }
        var rows = applications
            .Join(db.ApplicationTemplates, a => a.TemplateId, t => t.Id, (a, t) => new { App = a, Template = t })
            .Join(db.Users, x => x.App.OwnerId, u => u.Id, (x, u) => new { x.App, x.Template, OwnerEmail = u.Email! });
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToUpperInvariant();
            rows = rows.Where(x => x.App.Name.ToUpper().Contains(term) || x.Template.Name.ToUpper().Contains(term) || x.OwnerEmail.ToUpper().Contains(term));
        }
        var total = await rows.CountAsync(cancellationToken);
        var sorted = (query.SortBy, query.Descending) switch
        {
            ("Template", false) => rows.OrderBy(x => x.Template.Name).ThenBy(x => x.App.Name),
            ("Template", true) => rows.OrderByDescending(x => x.Template.Name).ThenBy(x => x.App.Name),
            ("Status", false) => rows.OrderBy(x => x.App.Status).ThenBy(x => x.App.Name),
            ("Status", true) => rows.OrderByDescending(x => x.App.Status).ThenBy(x => x.App.Name),
            ("Owner", false) => rows.OrderBy(x => x.OwnerEmail).ThenBy(x => x.App.Name),
            ("Owner", true) => rows.OrderByDescending(x => x.OwnerEmail).ThenBy(x => x.App.Name),
            (_, true) => rows.OrderByDescending(x => x.App.Name).ThenBy(x => x.OwnerEmail),
            _ => rows.OrderBy(x => x.App.Name).ThenBy(x => x.OwnerEmail),
        };
        var pageSize = Math.Clamp(query.PageSize, 1, PageRequest.MaxPageSize);
        var items = await sorted
            .Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)
            .Select(x => new ApplicationSummary(x.App.Id, x.App.Name, x.Template.Id, x.Template.Name, x.Template.Version, x.App.Status, x.OwnerEmail))
            .ToListAsync(cancellationToken);
        return new PagedResult<ApplicationSummary>(items, total);
    }

    public async Task<Outcome<ApplicationDetail>> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await Owned(db, actor).Where(a => a.Id == id)
            .Join(db.ApplicationTemplates, a => a.TemplateId, t => t.Id, (a, t) => new { App = a, Template = t })
            .Join(db.Users, x => x.App.OwnerId, u => u.Id, (x, u) => new { x.App, x.Template, OwnerEmail = u.Email! })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return NotFound<ApplicationDetail>(actor, id, "read");
        }
        var (app, template) = (found.App, found.Template);
        var values = template.Variables
            .Select(v =>
            {
                var stored = app.Values.FirstOrDefault(x => x.Key == v.Key)?.Value;
                var shown = v.Type == VariableType.Secret ? null : stored;
                return new ApplicationValue(v, shown, !string.IsNullOrEmpty(stored));
            })
            .ToList();
        return Outcome<ApplicationDetail>.Success(new ApplicationDetail(
            app.Id, app.Name, app.Status, app.Namespace, app.Url, app.LastError, app.CreatedAt, app.OwnerId, found.OwnerEmail,
            template.Id, template.Name, template.Version, template.Review.Status, template.CpuMillicores, template.MemoryMiB, values));
    }

    /// <summary>Creates a Pending application for the actor, within their class's count and resource limits.</summary>
    public async Task<Outcome<Guid>> CreateAsync(Actor actor, ApplicationInput input, CancellationToken cancellationToken)
    {
        if (ApplicationRules.ApplicationNameError(input.Name) is { } nameError)
        {
            return Outcome<Guid>.Invalid(nameError);
        }
        var name = input.Name.Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await ApplicationTemplates.Visible(db, actor).FirstOrDefaultAsync(t => t.Id == input.TemplateId, cancellationToken);
        if (template is null)
        {
            logger.LogWarning("User {UserId} tried to start an application from template {TemplateId}, which does not exist or is not theirs", actor.UserId, input.TemplateId);
            return Outcome<Guid>.NotFound("The application template");
        }
        if (!TemplateAccess.CanStartFrom(template))
        {
            return Outcome<Guid>.Invalid($"'{template.Name}' {template.Version} is {template.Review.Status}; new applications can only start from approved templates.");
        }

        var userClass = await Quotas.ClassOfAsync(db, actor.UserId, cancellationToken);
        var existing = await db.UserApplications.CountAsync(a => a.OwnerId == actor.UserId, cancellationToken);
        var errors = new List<string>();
        if (QuotaRules.ApplicationLimitError(userClass, existing) is { } quotaError)
        {
            errors.Add(quotaError);
        }
        errors.AddRange(ApplicationRules.ResourceLimitErrors(userClass, template));
        if (errors.Count > 0)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        var validated = VariableRules.Validate(template.Variables, input.Values);
        if (!validated.TryGetValue(out var checkedValues))
        {
            return Outcome<Guid>.Invalid(validated.Errors);
        }
        if (await NameTakenAsync(db, actor.UserId, name, null, cancellationToken))
        {
            return Outcome<Guid>.Invalid(NameTakenMessage(name));
        }

        var application = new UserApplication
        {
            Id = Guid.NewGuid(),
            OwnerId = actor.UserId,
            TemplateId = template.Id,
            Name = name,
            Values = secretValues.Protect(template.Variables, checkedValues),
            Status = UserApplicationStatus.Pending,
            CreatedAt = clock.GetUtcNow(),
        };
        db.UserApplications.Add(application);
        audit.Record(db, actor, AuditAction.Create, AuditEntities.UserApplication, application.Id, $"Created application '{name}' from template '{template.Name}' {template.Version}.");
        string? refusal;
        try
        {
            refusal = await Quotas.SaveWithinLimitAsync(db, actor.UserId, async ct =>
                QuotaRules.ApplicationLimitError(userClass, await db.UserApplications.CountAsync(a => a.OwnerId == actor.UserId, ct)), cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (owner, name) index caught an application saved meanwhile under the same name.
            return Outcome<Guid>.Invalid(NameTakenMessage(name));
        }
        return refusal is null ? Outcome<Guid>.Success(application.Id) : Outcome<Guid>.Invalid(refusal);
    }

    /// <summary>
    /// Replaces the application's values. A secret left empty keeps its current value, since the person
    /// never sees it and must not have to type it again to change something else.
    /// </summary>
    public async Task<Outcome> UpdateValuesAsync(Actor actor, Guid id, IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var application = await Owned(db, actor, tracking: true).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (application is null)
        {
            return NotFound<Guid>(actor, id, "edit");
        }
        var template = await db.ApplicationTemplates.AsNoTracking().FirstAsync(t => t.Id == application.TemplateId, cancellationToken);

        var validated = VariableRules.Validate(template.Variables, secretValues.WithStoredSecrets(template.Variables, values, application.Values));
        if (!validated.TryGetValue(out var checkedValues))
        {
            return Outcome.Invalid(validated.Errors);
        }

        application.Values = secretValues.Protect(template.Variables, checkedValues);
        audit.Record(db, actor, AuditAction.Update, AuditEntities.UserApplication, application.Id, $"Changed the values of application '{application.Name}'.");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    public async Task<Outcome> DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var application = await Owned(db, actor, tracking: true).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (application is null)
        {
            return NotFound<Guid>(actor, id, "delete");
        }
        db.UserApplications.Remove(application);
        var whose = application.OwnerId == actor.UserId ? "" : $" of user {application.OwnerId}";
        audit.Record(db, actor, AuditAction.Delete, AuditEntities.UserApplication, application.Id, $"Deleted application '{application.Name}'{whose}.");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    private static IQueryable<UserApplication> Owned(DatawizDbContext db, Actor actor, bool tracking = false)
    {
        var applications = tracking ? db.UserApplications : db.UserApplications.AsNoTracking();
        return actor.IsAdmin ? applications : applications.Where(a => a.OwnerId == actor.UserId);
    }

    private static Task<bool> NameTakenAsync(DatawizDbContext db, Guid ownerId, string name, Guid? except, CancellationToken cancellationToken) =>
        db.UserApplications.AnyAsync(a => a.OwnerId == ownerId && a.Name == name && a.Id != except, cancellationToken);

    private static string NameTakenMessage(string name) => $"You already have an application called '{name}'; choose another name.";

    private Outcome<T> NotFound<T>(Actor actor, Guid id, string attempt)
    {
        logger.LogWarning("User {UserId} tried to {Attempt} application {ApplicationId}, which does not exist or is not theirs", actor.UserId, attempt, id);
        return Outcome<T>.NotFound(What);
    }
}
