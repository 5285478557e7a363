using Datawiz.Domain.Applications;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Applications;

public sealed record CommentView(
    Guid Id, Guid AuthorId, string AuthorName, string Text, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, bool CanEdit, bool CanDelete);

/// <summary>
/// Comments on templates: anyone who can see a template may comment on it; authors edit and delete their
/// own, administrators delete any. Newest first.
/// </summary>
public sealed class TemplateComments(
    IDbContextFactory<DatawizDbContext> contexts, AuditTrail audit, TimeProvider clock, ILogger<TemplateComments> logger)
{
    private const string What = "The comment";

    public async Task<Outcome<PagedResult<CommentView>>> ListAsync(Actor actor, Guid templateId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await ApplicationTemplates.Visible(db, actor).AnyAsync(t => t.Id == templateId, cancellationToken))
        {
            return Outcome<PagedResult<CommentView>>.From(TemplateNotFound(actor, templateId, "read comments of"));
        }
        var comments = db.TemplateComments.AsNoTracking().Where(c => c.TemplateId == templateId);
        var total = await comments.CountAsync(cancellationToken);
        var size = Math.Clamp(pageSize, 1, PageRequest.MaxPageSize);
        var items = await comments
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip(Math.Max(0, page) * size).Take(size)
            .Join(db.Users, c => c.AuthorId, u => u.Id, (c, u) => new CommentView(
                c.Id, c.AuthorId, u.DisplayName, c.Text, c.CreatedAt, c.EditedAt,
                c.AuthorId == actor.UserId, actor.IsAdmin || c.AuthorId == actor.UserId))
            .ToListAsync(cancellationToken);
        return Outcome<PagedResult<CommentView>>.Success(new PagedResult<CommentView>(items, total));
    }

    public async Task<Outcome<Guid>> AddAsync(Actor actor, Guid templateId, string? text, CancellationToken cancellationToken)
    {
        if (ApplicationRules.CommentError(text) is { } error)
        {
            return Outcome<Guid>.Invalid(error);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await ApplicationTemplates.Visible(db, actor).Where(t => t.Id == templateId)
            .Select(t => new { t.Name, t.Version }).FirstOrDefaultAsync(cancellationToken);
        if (template is null)
        {
            return Outcome<Guid>.From(TemplateNotFound(actor, templateId, "comment on"));
        }
        var comment = new TemplateComment
        {
            Id = Guid.NewGuid(),
            TemplateId = templateId,
            AuthorId = actor.UserId,
            Text = text!.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.TemplateComments.Add(comment);
        audit.Record(db, actor, AuditAction.Create, AuditEntities.TemplateComment, comment.Id, $"Commented on template '{template.Name}' {template.Version}.");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<Guid>.Success(comment.Id);
    }

    /// <summary>Only the author edits a comment: an administrator changing someone's words would misrepresent them.</summary>
    public async Task<Outcome> EditAsync(Actor actor, Guid commentId, string? text, CancellationToken cancellationToken)
    {
        if (ApplicationRules.CommentError(text) is { } error)
        {
            return Outcome.Invalid(error);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var comment = await FindVisibleAsync(db, actor, commentId, cancellationToken);
        if (comment is null || comment.AuthorId != actor.UserId)
        {
            return CommentNotFound(actor, commentId, "edit");
        }
        comment.Text = text!.Trim();
        comment.EditedAt = clock.GetUtcNow();
        audit.Record(db, actor, AuditAction.Update, AuditEntities.TemplateComment, comment.Id, $"Edited a comment on template {comment.TemplateId}.");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    public async Task<Outcome> DeleteAsync(Actor actor, Guid commentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var comment = await FindVisibleAsync(db, actor, commentId, cancellationToken);
        if (comment is null || !actor.Owns(comment.AuthorId))
        {
            return CommentNotFound(actor, commentId, "delete");
        }
        db.TemplateComments.Remove(comment);
        var whose = comment.AuthorId == actor.UserId ? "their own" : $"user {comment.AuthorId}'s";
        audit.Record(db, actor, AuditAction.Delete, AuditEntities.TemplateComment, comment.Id, $"Deleted {whose} comment on template {comment.TemplateId}.");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    private static Task<TemplateComment?> FindVisibleAsync(DatawizDbContext db, Actor actor, Guid commentId, CancellationToken cancellationToken)
    {
        // Tracking, because no-tracking on any part of a query applies to all of it, and the comment is changed.
        var visible = ApplicationTemplates.Visible(db, actor, tracking: true);
        return db.TemplateComments
            .Where(c => c.Id == commentId && visible.Any(t => t.Id == c.TemplateId))
            .FirstOrDefaultAsync(cancellationToken);
    }

    private Outcome TemplateNotFound(Actor actor, Guid templateId, string attempt)
    {
        logger.LogWarning("User {UserId} tried to {Attempt} application template {TemplateId}, which does not exist or is not theirs", actor.UserId, attempt, templateId);
        return Outcome.NotFound("The application template");
    }

    private Outcome CommentNotFound(Actor actor, Guid commentId, string attempt)
    {
        logger.LogWarning("User {UserId} tried to {Attempt} comment {CommentId}, which does not exist or is not theirs", actor.UserId, attempt, commentId);
        return Outcome.NotFound(What);
    }
}
