using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Common;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Notifications;

public sealed record NotificationItem(Guid Id, string Message, string? Link, DateTimeOffset CreatedAt, bool IsRead);

/// <summary>
/// A person's own notifications. They are personal even for administrators: nobody reads or marks
/// someone else's, and trying to is answered as if the notification did not exist.
/// </summary>
public sealed class NotificationService(IDbContextFactory<DatawizDbContext> contexts, TimeProvider clock, Notifier notifier, ILogger<NotificationService> logger)
{
    /// <summary>Newest first.</summary>
    public async Task<PagedResult<NotificationItem>> ListAsync(Actor actor, PageRequest request, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == actor.UserId);
        var total = await mine.CountAsync(cancellationToken);
        var page = await mine
            .OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id)
            .Skip(request.Skip).Take(request.Take)
            .Select(n => new NotificationItem(n.Id, n.Message, n.Link, n.CreatedAt, n.ReadAt != null))
            .ToListAsync(cancellationToken);
        return new PagedResult<NotificationItem>(page, total);
    }

    public async Task<int> UnreadCountAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.CountAsync(n => n.UserId == actor.UserId && n.ReadAt == null, cancellationToken);
    }

    /// <summary>Marks one notification read (again is harmless) and gives back the link it points to.</summary>
    public async Task<Outcome<string?>> MarkReadAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.UserId == actor.UserId, cancellationToken);
        if (notification is null)
        {
            logger.LogWarning("User {UserId} tried to mark notification {NotificationId}, which is not theirs or does not exist", actor.UserId, id);
            return Outcome<string?>.NotFound("The notification");
        }
        if (notification.ReadAt is null)
        {
            notification.ReadAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            notifier.Changed(actor.UserId);
        }
        return Outcome<string?>.Success(notification.Link);
    }

    /// <summary>Marks every unread notification of the actor read; returns how many were unread.</summary>
    public async Task<int> MarkAllReadAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var marked = await db.Notifications
            .Where(n => n.UserId == actor.UserId && n.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
        notifier.Changed(actor.UserId);
        return marked;
    }
}
