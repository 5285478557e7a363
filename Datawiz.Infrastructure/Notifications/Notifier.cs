using Datawiz.Domain.Notifications;
using Datawiz.Infrastructure.Live;
using Datawiz.Infrastructure.Persistence;

namespace Datawiz.Infrastructure.Notifications;

/// <summary>
/// Adds in-app notifications to the caller's context, saved with the change that caused them; once that is
/// committed, the person's open pages hear of it through the live feed.
/// </summary>
public sealed class Notifier(TimeProvider clock, ILiveFeed<Guid, NotificationsChanged> feed)
{
    public void Notify(DatawizDbContext db, Guid userId, string message, string? link = null)
    {
        db.Notifications.Add(new Notification
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Message = message,
            Link = link,
            CreatedAt = clock.GetUtcNow(),
        });
        db.OnCommitted(() => Changed(userId));
    }

    /// <summary>Tells the person's open pages that their notifications changed (for changes saved without a context of ours).</summary>
    public void Changed(Guid userId) => feed.Publish(userId, NotificationsChanged.Instance);

    /// <summary>Calls <paramref name="onChanged"/> whenever the notifications of <paramref name="userId"/> change, until disposed.</summary>
    public IDisposable Watch(Guid userId, Func<CancellationToken, Task> onChanged) =>
        feed.Subscribe(userId, (_, cancellationToken) => onChanged(cancellationToken));
}
