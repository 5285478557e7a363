using Datawiz.Domain.Applications;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Reviews;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Common;
using Datawiz.Infrastructure.Notifications;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Reviews;

/// <summary>One waiting item in the review queue. The entities keep no submission time, so it is when the item was created.</summary>
public sealed record ReviewQueueItem(ReviewKind Kind, Guid Id, string Name, string? SubmitterEmail, string? SubmitterName, DateTimeOffset SubmittedAt);

public sealed record ReviewQueueQuery(string? Search = null, ReviewKind? Kind = null, int Page = 0, int PageSize = 25);

/// <summary>A person named on a review: null fields when the account is gone or there is none (seeded items).</summary>
public sealed record ReviewPerson(string? Email, string? DisplayName);

public sealed record SensorTypeReview(SensorType Item, ReviewPerson Submitter, ReviewPerson Reviewer);

public sealed record ApplicationTemplateReview(ApplicationTemplate Item, ReviewPerson Submitter, ReviewPerson Reviewer);

/// <summary>
/// The administrators' review of submitted sensor types and application templates: the queue, one item in
/// full, and the decision, which notifies the submitter and goes into the audit trail.
/// </summary>
public sealed class ReviewService(
    IDbContextFactory<DatawizDbContext> contexts,
    AuditTrail audit,
    Notifier notifier,
    AdminQueues queues,
    TimeProvider clock,
    ILogger<ReviewService> logger)
{
    /// <summary>Submitted items of both kinds, oldest first.</summary>
    public async Task<PagedResult<ReviewQueueItem>> QueueAsync(Actor actor, ReviewQueueQuery query, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            logger.LogWarning("User {UserId} asked for the review queue without being an administrator", actor.UserId);
            return new PagedResult<ReviewQueueItem>([], 0);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var sensorTypes = db.SensorTypes.Where(t => t.Review.Status == ReviewStatus.Submitted)
            .Select(t => new QueueRow { Kind = ReviewKind.SensorType, Id = t.Id, Name = t.Name, SubmittedById = t.Review.SubmittedById, SubmittedAt = t.Review.SubmittedAt ?? t.CreatedAt });
        var templates = db.ApplicationTemplates.Where(t => t.Review.Status == ReviewStatus.Submitted)
            .Select(t => new QueueRow { Kind = ReviewKind.ApplicationTemplate, Id = t.Id, Name = t.Name, SubmittedById = t.Review.SubmittedById, SubmittedAt = t.Review.SubmittedAt ?? t.CreatedAt });
        var rows = query.Kind switch
        {
            ReviewKind.SensorType => sensorTypes,
            ReviewKind.ApplicationTemplate => templates,
            _ => sensorTypes.Concat(templates),
        };

        var withSubmitters =
            from row in rows
            join user in db.Users on row.SubmittedById equals user.Id into submitters
            from submitter in submitters.DefaultIfEmpty()
            select new QueueRow
            {
                Kind = row.Kind,
                Id = row.Id,
                Name = row.Name,
                SubmittedById = row.SubmittedById,
                SubmittedAt = row.SubmittedAt,
                SubmitterEmail = submitter == null ? null : submitter.Email,
                SubmitterName = submitter == null ? null : submitter.DisplayName,
            };
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToUpperInvariant();
            withSubmitters = withSubmitters.Where(r =>
                r.Name.ToUpper().Contains(term)
                || (r.SubmitterEmail != null && r.SubmitterEmail.ToUpper().Contains(term))
                || (r.SubmitterName != null && r.SubmitterName.ToUpper().Contains(term)));
        }

        var total = await withSubmitters.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, PageRequest.MaxPageSize);
        var page = await withSubmitters
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new PagedResult<ReviewQueueItem>(
            page.Select(r => new ReviewQueueItem(r.Kind, r.Id, r.Name, r.SubmitterEmail, r.SubmitterName, r.SubmittedAt)).ToList(),
            total);
    }

    public async Task<Outcome<SensorTypeReview>> SensorTypeAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            LogRefused(actor, ReviewKind.SensorType, id);
            return Outcome<SensorTypeReview>.NotFound("The sensor type");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var item = await db.SensorTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        return item is null
            ? Outcome<SensorTypeReview>.NotFound("The sensor type")
            : Outcome<SensorTypeReview>.Success(new SensorTypeReview(
                item, await PersonAsync(db, item.Review.SubmittedById, cancellationToken), await PersonAsync(db, item.Review.ReviewedById, cancellationToken)));
    }

    public async Task<Outcome<ApplicationTemplateReview>> ApplicationTemplateAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            LogRefused(actor, ReviewKind.ApplicationTemplate, id);
            return Outcome<ApplicationTemplateReview>.NotFound("The application template");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var item = await db.ApplicationTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        return item is null
            ? Outcome<ApplicationTemplateReview>.NotFound("The application template")
            : Outcome<ApplicationTemplateReview>.Success(new ApplicationTemplateReview(
                item, await PersonAsync(db, item.Review.SubmittedById, cancellationToken), await PersonAsync(db, item.Review.ReviewedById, cancellationToken)));
    }

    /// <summary>
    /// Approves or rejects a submitted item. Only an item still waiting is decided: when another
    /// administrator was quicker, nothing changes and the message says what happened instead.
    /// </summary>
    public async Task<Outcome> DecideAsync(
        Actor actor, ReviewKind kind, Guid id, ReviewDecision decision, string? comment, CancellationToken cancellationToken)
    {
        var what = $"The {ReviewRules.Describe(kind)}";
        if (!actor.IsAdmin)
        {
            LogRefused(actor, kind, id);
            return Outcome.NotFound(what);
        }
        if (ReviewRules.CommentError(decision, comment) is { } error)
        {
            return Outcome.Invalid(error);
        }
        var text = ReviewRules.NormaliseComment(comment);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The update and the entries that describe it commit together; a retried attempt starts afresh.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            var head = await HeadAsync(db, kind, id, cancellationToken);
            if (head is null)
            {
                return Outcome.NotFound(what);
            }
            if (decision == ReviewDecision.Approve && await CatalogueClashAsync(db, kind, id, cancellationToken) is { } clash)
            {
                return Outcome.Invalid(clash);
            }
            var now = clock.GetUtcNow();
            var status = ReviewRules.StatusAfter(decision);
            // A decision is a write too: an editor opened before it must reload rather than save over it.
            var stamp = StaleEdit.NewStamp();
            // The status check is part of the UPDATE itself, so two administrators deciding at once
            // cannot both succeed: the second one's statement finds no submitted row.
            var changed = kind == ReviewKind.SensorType
                ? await db.SensorTypes.Where(t => t.Id == id && t.Review.Status == ReviewStatus.Submitted)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(t => t.Review.Status, status)
                        .SetProperty(t => t.Review.ReviewComment, text)
                        .SetProperty(t => t.Review.ReviewedById, actor.UserId)
                        .SetProperty(t => t.Review.ReviewedAt, now)
                        .SetProperty(t => t.ConcurrencyStamp, stamp), cancellationToken)
                : await db.ApplicationTemplates.Where(t => t.Id == id && t.Review.Status == ReviewStatus.Submitted)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(t => t.Review.Status, status)
                        .SetProperty(t => t.Review.ReviewComment, text)
                        .SetProperty(t => t.Review.ReviewedById, actor.UserId)
                        .SetProperty(t => t.Review.ReviewedAt, now)
                        .SetProperty(t => t.ConcurrencyStamp, stamp), cancellationToken);
            if (changed == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                var current = await HeadAsync(db, kind, id, cancellationToken);
                return current is null ? Outcome.NotFound(what) : Outcome.Conflict(NoLongerWaiting(kind, current));
            }

            var verb = decision == ReviewDecision.Approve ? "Approved" : "Rejected";
            audit.Record(db, actor, ReviewRules.AuditActionFor(decision), AuditEntities.Of(kind), id,
                $"{verb} {ReviewRules.Describe(kind)} \"{head.Name}\"." + (text is null ? "" : $" Comment: {text}"));
            if (head.SubmittedById is { } submitter)
            {
                notifier.Notify(db, submitter, ReviewRules.NotificationMessage(kind, head.Name, decision, text), ReviewRules.ItemLink(kind, id));
            }
            queues.Changed(db, AdminWork.Reviews);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Admin {AdminId} {Decision} {Kind} {Id}", actor.UserId, status, kind, id);
            return Outcome.Ok;
        });
    }

    /// <summary>Says plainly that the item was already dealt with, and how, so the admin need not guess.</summary>
    public static string NoLongerWaiting(ReviewKind kind, ItemHead current) =>
        current.Status switch
        {
            ReviewStatus.Approved or ReviewStatus.Rejected =>
                $"The {ReviewRules.Describe(kind)} \"{current.Name}\" was already {current.Status.ToString().ToLowerInvariant()}, " +
                "probably by another administrator. Your decision was not recorded.",
            _ => $"The {ReviewRules.Describe(kind)} \"{current.Name}\" is no longer waiting for review (it is {current.Status} now). " +
                 "Your decision was not recorded.",
        };

    /// <summary>
    /// Private names are unique per submitter only, so two people may submit the same one; the catalogue keeps
    /// names unique, so the second approval is refused, saying what the administrator can do instead.
    /// </summary>
    private static async Task<string?> CatalogueClashAsync(DatawizDbContext db, ReviewKind kind, Guid id, CancellationToken cancellationToken)
    {
        if (kind == ReviewKind.SensorType)
        {
            var name = await db.SensorTypes.Where(t => t.Id == id).Select(t => t.Name.ToUpper()).FirstAsync(cancellationToken);
            var existing = await db.SensorTypes
                .Where(t => t.Id != id && t.Name.ToUpper() == name && (t.Review.Status == ReviewStatus.Approved || t.Review.Status == ReviewStatus.Deprecated))
                .Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
            return existing is null
                ? null
                : $"The catalogue already has a sensor type named '{existing}'. Reject this one and ask its submitter to choose another name.";
        }
        var item = await db.ApplicationTemplates.Where(t => t.Id == id).Select(t => new { Name = t.Name.ToUpper(), t.Version }).FirstAsync(cancellationToken);
        var template = await db.ApplicationTemplates
            .Where(t => t.Id != id && t.Name.ToUpper() == item.Name && t.Version == item.Version
                        && (t.Review.Status == ReviewStatus.Approved || t.Review.Status == ReviewStatus.Deprecated))
            .Select(t => new { t.Name, t.Version }).FirstOrDefaultAsync(cancellationToken);
        return template is null
            ? null
            : $"The catalogue already has a template '{template.Name}' with version {template.Version}. Reject this one and ask its submitter to choose another name or version.";
    }

    private static Task<ItemHead?> HeadAsync(DatawizDbContext db, ReviewKind kind, Guid id, CancellationToken cancellationToken) =>
        kind == ReviewKind.SensorType
            ? db.SensorTypes.Where(t => t.Id == id).Select(t => new ItemHead(t.Name, t.Review.SubmittedById, t.Review.Status)).FirstOrDefaultAsync(cancellationToken)
            : db.ApplicationTemplates.Where(t => t.Id == id).Select(t => new ItemHead(t.Name, t.Review.SubmittedById, t.Review.Status)).FirstOrDefaultAsync(cancellationToken);

    private static async Task<ReviewPerson> PersonAsync(DatawizDbContext db, Guid? userId, CancellationToken cancellationToken)
    {
        if (userId is null)
        {
            return new ReviewPerson(null, null);
        }
        return await db.Users.Where(u => u.Id == userId).Select(u => new ReviewPerson(u.Email, u.DisplayName)).FirstOrDefaultAsync(cancellationToken)
            ?? new ReviewPerson(null, null);
    }

    private void LogRefused(Actor actor, ReviewKind kind, Guid id) =>
        logger.LogWarning("User {UserId} tried to review {Kind} {Id} without being an administrator", actor.UserId, kind, id);

    /// <summary>What a decision needs to know about the item.</summary>
    public sealed record ItemHead(string Name, Guid? SubmittedById, ReviewStatus Status);

    // A class with settable members: EF Core translates set operations and joins over it, not over records.
    private sealed class QueueRow
    {
        public ReviewKind Kind { get; init; }

        public Guid Id { get; init; }

        public string Name { get; init; } = "";

        public Guid? SubmittedById { get; init; }

        public DateTimeOffset SubmittedAt { get; init; }

        public string? SubmitterEmail { get; init; }

        public string? SubmitterName { get; init; }
    }
}
