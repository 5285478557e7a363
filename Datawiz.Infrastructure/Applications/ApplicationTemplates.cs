using Datawiz.Domain.Applications;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Reviews;
using Datawiz.Domain.Variables;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Common;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Applications;

/// <summary>
/// The catalogue of application templates: listing what the actor may see, creating, editing, submitting
/// for review, deprecating and deleting. Reviews (approve/reject) are another service's job.
/// </summary>
public sealed class ApplicationTemplates(
    IDbContextFactory<DatawizDbContext> contexts, AuditTrail audit, TimeProvider clock, Notifications.AdminQueues queues, ILogger<ApplicationTemplates> logger)
{
    private const string What = "The application template";

    public async Task<PagedResult<TemplateSummary>> ListAsync(Actor actor, TemplateQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var templates = Visible(db, actor);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToUpperInvariant();
            templates = templates.Where(t => t.Name.ToUpper().Contains(term) || (t.Description != null && t.Description.ToUpper().Contains(term)));
        }
        if (query.Category is { } category)
        {
            templates = templates.Where(t => t.Category == category);
        }
        if (query.Status is { } status)
        {
            templates = templates.Where(t => t.Review.Status == status);
        }
        var total = await templates.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, PageRequest.MaxPageSize);
        var items = await templates
            .OrderBy(t => t.Name).ThenBy(t => t.Version)
            .Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)
            .Select(t => new TemplateSummary(t.Id, t.Name, t.Version, t.Category, t.Review.Status, t.CpuMillicores, t.MemoryMiB, t.Review.SubmittedById == actor.UserId))
            .ToListAsync(cancellationToken);
        return new PagedResult<TemplateSummary>(items, total);
    }

    /// <summary>Approved templates a new application may start from, for the actor's picker.</summary>
    public async Task<IReadOnlyList<TemplateSummary>> StartableAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApplicationTemplates.AsNoTracking()
            .Where(t => t.Review.Status == ReviewStatus.Approved)
            .OrderBy(t => t.Name).ThenBy(t => t.Version)
            .Select(t => new TemplateSummary(t.Id, t.Name, t.Version, t.Category, t.Review.Status, t.CpuMillicores, t.MemoryMiB, t.Review.SubmittedById == actor.UserId))
            .ToListAsync(cancellationToken);
    }

    public async Task<Outcome<TemplateDetail>> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await Visible(db, actor).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            return NotFound<TemplateDetail>(actor, id, "read");
        }
        var people = await db.Users.AsNoTracking()
            .Where(u => u.Id == template.Review.SubmittedById || u.Id == template.Review.ReviewedById)
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToListAsync(cancellationToken);
        string? NameOf(Guid? userId) => people.Where(p => p.Id == userId).Select(p => PersonName.Shown(actor, p.DisplayName, p.Email)).FirstOrDefault();
        var applications = await db.UserApplications.CountAsync(a => a.TemplateId == id, cancellationToken);
        var comments = await db.TemplateComments.CountAsync(c => c.TemplateId == id, cancellationToken);
        return Outcome<TemplateDetail>.Success(new TemplateDetail(
            template,
            NameOf(template.Review.SubmittedById),
            NameOf(template.Review.ReviewedById),
            applications,
            comments,
            TemplateAccess.CanEdit(actor, template),
            TemplateAccess.CanSubmit(actor, template),
            TemplateAccess.CanDeprecate(actor, template),
            TemplateAccess.CanDelete(actor, template) && applications == 0,
            TemplateAccess.CanStartFrom(template)));
    }

    /// <summary>
    /// An administrator's template is approved at once, as his sensor types are (he may ask for a draft
    /// instead); everyone else creates drafts to submit for review later.
    /// </summary>
    public async Task<Outcome<Guid>> CreateAsync(Actor actor, TemplateInput input, CancellationToken cancellationToken)
    {
        var status = actor.IsAdmin ? input.Status ?? ReviewStatus.Approved : ReviewStatus.Draft;
        if (actor.IsAdmin && status is not (ReviewStatus.Draft or ReviewStatus.Approved))
        {
            return Outcome<Guid>.Invalid("A new template is either a draft or approved.");
        }
        var template = new ApplicationTemplate
        {
            Id = Guid.NewGuid(),
            Review = { Status = status, SubmittedById = actor.IsAdmin ? null : actor.UserId },
            CreatedAt = clock.GetUtcNow(),
            ConcurrencyStamp = StaleEdit.NewStamp(),
        };
        Apply(template, input);
        var errors = ApplicationRules.TemplateErrors(template);
        if (errors.Count > 0)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await DuplicateErrorAsync(db, actor, template, cancellationToken) is { } duplicate)
        {
            return Outcome<Guid>.Invalid(duplicate);
        }
        db.ApplicationTemplates.Add(template);
        audit.Record(db, actor, AuditAction.Create, AuditEntities.ApplicationTemplate, template.Id, $"Created template '{template.Name}' {template.Version} ({template.Review.Status}).");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<Guid>.Success(template.Id);
    }

    /// <summary>
    /// Admins edit any template and may set it to draft or approved. A submitter edits their own draft or
    /// rejected template, which becomes a draft again until they submit it.
    /// </summary>
    /// <param name="loadedStamp">The template's <see cref="ApplicationTemplate.ConcurrencyStamp"/> when the form was
    /// loaded; if the template was written since, the save is a <see cref="OutcomeKind.Conflict"/> and changes nothing.</param>
    public async Task<Outcome> UpdateAsync(Actor actor, Guid id, Guid loadedStamp, TemplateInput input, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await Visible(db, actor, tracking: true).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            return NotFound<Guid>(actor, id, "edit");
        }
        if (!TemplateAccess.CanEdit(actor, template))
        {
            return Outcome.Invalid($"'{template.Name}' is {template.Review.Status}; you can only edit your templates while they are drafts or rejected.");
        }
        if (template.ConcurrencyStamp != loadedStamp)
        {
            return StaleEdit.Refused("template", template.Name);
        }
        var from = template.Review.Status;
        if (actor.IsAdmin)
        {
            var to = input.Status ?? template.Review.Status;
            if (!TemplateAccess.AdminEditStatuses(template.Review.Status).Contains(to))
            {
                return Outcome.Invalid($"A {template.Review.Status} template can be saved as {string.Join(" or ", TemplateAccess.AdminEditStatuses(template.Review.Status))}, not {to}.");
            }
            template.Review.Status = to;
        }
        else
        {
            template.Review.Status = ReviewStatus.Draft;
        }
        Apply(template, input);
        var errors = ApplicationRules.TemplateErrors(template);
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }
        if (await DuplicateErrorAsync(db, actor, template, cancellationToken) is { } duplicate)
        {
            return Outcome.Invalid(duplicate);
        }
        var statusNote = from == template.Review.Status ? "" : $" Status {from} → {template.Review.Status}.";
        audit.Record(db, actor, AuditAction.Update, AuditEntities.ApplicationTemplate, template.Id, $"Edited template '{template.Name}' {template.Version}.{statusNote}");
        template.ConcurrencyStamp = StaleEdit.NewStamp();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another save landed between this one's read and its write.
            return StaleEdit.Refused("template", template.Name);
        }
        return Outcome.Ok;
    }

    /// <summary>Sends the submitter's draft (or rejected template) to the administrators for review.</summary>
    public async Task<Outcome> SubmitAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await Visible(db, actor, tracking: true).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            return NotFound<Guid>(actor, id, "submit");
        }
        if (!TemplateAccess.CanSubmit(actor, template))
        {
            return Outcome.Invalid(TemplateAccess.IsSubmitter(actor, template)
                ? $"'{template.Name}' is {template.Review.Status}; only drafts and rejected templates can be submitted for review."
                : $"Only the person who created '{template.Name}' can submit it for review.");
        }
        // Rules may have tightened since it was saved; a reviewer should never see a template that cannot be saved.
        var errors = ApplicationRules.TemplateErrors(template);
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }
        ReviewRules.Submit(template.Review, clock.GetUtcNow());
        template.ConcurrencyStamp = StaleEdit.NewStamp();
        audit.Record(db, actor, AuditAction.Submit, AuditEntities.ApplicationTemplate, template.Id, $"Submitted template '{template.Name}' {template.Version} for review.");
        await queues.ArrivedAsync(db, Notifications.AdminWork.Reviews, $"{actor.Name} submitted the template '{template.Name}' {template.Version} for review.",
            $"/admin/reviews/application-templates/{template.Id}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>An approved template stops being offered for new applications; existing ones keep working.</summary>
    public async Task<Outcome> DeprecateAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await Visible(db, actor, tracking: true).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            return NotFound<Guid>(actor, id, "deprecate");
        }
        if (!TemplateAccess.CanDeprecate(actor, template))
        {
            return Outcome.Invalid(actor.IsAdmin
                ? $"'{template.Name}' is {template.Review.Status}; only approved templates can be deprecated."
                : "Only administrators can deprecate templates.");
        }
        template.Review.Status = ReviewStatus.Deprecated;
        template.ConcurrencyStamp = StaleEdit.NewStamp();
        audit.Record(db, actor, AuditAction.StatusChange, AuditEntities.ApplicationTemplate, template.Id, $"Deprecated template '{template.Name}' {template.Version}.");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>Deletes a template with its comments; refused while any application uses it.</summary>
    public async Task<Outcome> DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await Visible(db, actor, tracking: true).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            return NotFound<Guid>(actor, id, "delete");
        }
        if (!TemplateAccess.CanDelete(actor, template))
        {
            return Outcome.Invalid($"'{template.Name}' is {template.Review.Status}; once a template is approved only an administrator can delete it.");
        }
        var applications = await db.UserApplications.CountAsync(a => a.TemplateId == id, cancellationToken);
        if (applications > 0)
        {
            return Outcome.Invalid(applications == 1
                ? $"'{template.Name}' {template.Version} is used by 1 application; it must be deleted first (or deprecate the template instead)."
                : $"'{template.Name}' {template.Version} is used by {applications} applications; they must be deleted first (or deprecate the template instead).");
        }
        db.ApplicationTemplates.Remove(template);
        audit.Record(db, actor, AuditAction.Delete, AuditEntities.ApplicationTemplate, template.Id, $"Deleted template '{template.Name}' {template.Version} ({template.Review.Status}).");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>The templates <paramref name="actor"/> may see; see <see cref="TemplateAccess.CanSee"/>.</summary>
    internal static IQueryable<ApplicationTemplate> Visible(DatawizDbContext db, Actor actor, bool tracking = false)
    {
        var templates = tracking ? db.ApplicationTemplates : db.ApplicationTemplates.AsNoTracking();
        return actor.IsAdmin
            ? templates
            : templates.Where(t => t.Review.Status == ReviewStatus.Approved
                                   || t.Review.SubmittedById == actor.UserId
                                   || (t.Review.Status == ReviewStatus.Deprecated && db.UserApplications.Any(a => a.TemplateId == t.Id && a.OwnerId == actor.UserId)));
    }

    private static void Apply(ApplicationTemplate template, TemplateInput input)
    {
        template.Name = input.Name?.Trim() ?? "";
        template.Category = input.Category;
        template.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        template.Version = input.Version?.Trim() ?? "";
        template.ManifestTemplate = input.ManifestTemplate ?? "";
        template.Variables = input.Variables.Select(Copy).ToList();
        template.CpuMillicores = input.CpuMillicores;
        template.MemoryMiB = input.MemoryMiB;
    }

    private static TemplateVariable Copy(TemplateVariable v) => new()
    {
        Key = v.Key.Trim(),
        Label = v.Label.Trim(),
        Type = v.Type,
        DefaultValue = string.IsNullOrWhiteSpace(v.DefaultValue) ? null : v.DefaultValue.Trim(),
        Required = v.Required,
        Min = v.Min,
        Max = v.Max,
        Options = v.Options.Select(o => o.Trim()).ToList(),
    };

    /// <summary>
    /// Name and version are unique in the catalogue, and among one submitter's private templates (whatever the
    /// case of the name). Another user's private template never makes a name taken, so trying one reveals nothing
    /// about what others drafted; approving a second template of a catalogue name is refused to the
    /// administrator instead (<see cref="Reviews.ReviewService"/>).
    /// </summary>
    private static async Task<string?> DuplicateErrorAsync(DatawizDbContext db, Actor actor, ApplicationTemplate template, CancellationToken cancellationToken)
    {
        var name = template.Name.ToUpperInvariant();
        var same = db.ApplicationTemplates.Where(t => t.Id != template.Id && t.Name.ToUpper() == name && t.Version == template.Version);
        if (await same.AnyAsync(t => t.Review.Status == ReviewStatus.Approved || t.Review.Status == ReviewStatus.Deprecated, cancellationToken))
        {
            return $"There is already a template '{template.Name}' with version {template.Version}; choose another name or version.";
        }
        var owner = template.Review.SubmittedById;
        if (!Catalogue.Contains(template.Review.Status)
            && await same.AnyAsync(t => t.Review.Status != ReviewStatus.Approved && t.Review.Status != ReviewStatus.Deprecated && t.Review.SubmittedById == owner, cancellationToken))
        {
            var whose = owner == actor.UserId || (owner is null && actor.IsAdmin) ? "You already have" : "Its submitter already has";
            return $"{whose} a template '{template.Name}' with version {template.Version}; choose another name or version.";
        }
        return null;
    }

    private Outcome<T> NotFound<T>(Actor actor, Guid id, string attempt)
    {
        logger.LogWarning("User {UserId} tried to {Attempt} application template {TemplateId}, which does not exist or is not theirs", actor.UserId, attempt, id);
        return Outcome<T>.NotFound(What);
    }
}
