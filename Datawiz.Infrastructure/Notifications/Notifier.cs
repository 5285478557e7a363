using Datawiz.Domain.Notifications;
using Datawiz.Infrastructure.Persistence;

namespace Datawiz.Infrastructure.Notifications;

/// <summary>Adds in-app notifications to the caller's context, saved with the change that caused them.</summary>
public sealed class Notifier(TimeProvider clock)
{
    public void Notify(DatawizDbContext db, Guid userId, string message, string? link = null) =>
        db.Notifications.Add(new Notification
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Message = message,
            Link = link,
            CreatedAt = clock.GetUtcNow(),
        });
}
