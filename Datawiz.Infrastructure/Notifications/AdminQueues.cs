using Datawiz.Domain.Accounts;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Live;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Notifications;

/// <summary>
/// What waits for the administrators: accounts to approve and items to review. Commands that add to a queue
/// notify every active administrator in the same save; any change to a queue reaches the open pages of
/// administrators once committed, so the counts beside Users and Reviews stay current without a reload.
/// </summary>
public sealed class AdminQueues(IDbContextFactory<DatawizDbContext> contexts, Notifier notifier, ILiveFeed<AdminWork, QueueChanged> feed)
{
    /// <summary>Something arrived in <paramref name="queue"/>: every active administrator gets a notification linking to it.</summary>
    public async Task ArrivedAsync(DatawizDbContext db, AdminWork queue, string message, string link, CancellationToken cancellationToken)
    {
        var adminRoleId = db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id);
        var admins = await db.Users
            .Where(u => u.Status == UserStatus.Active && db.UserRoles.Any(ur => ur.UserId == u.Id && adminRoleId.Contains(ur.RoleId)))
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
        foreach (var admin in admins)
        {
            notifier.Notify(db, admin, message, link);
        }
        Changed(db, queue);
    }

    /// <summary>The context's next save changes <paramref name="queue"/>: open pages count again once it is committed.</summary>
    public void Changed(DatawizDbContext db, AdminWork queue) => db.OnCommitted(() => feed.Publish(queue, QueueChanged.Instance));

    /// <summary>How much waits in <paramref name="queue"/>, for an administrator; nothing for anyone else.</summary>
    public async Task<int> CountAsync(Actor actor, AdminWork queue, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            return 0;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return queue switch
        {
            AdminWork.Accounts => await db.Users.CountAsync(u => u.Status == UserStatus.Pending, cancellationToken),
            _ => await db.SensorTypes.CountAsync(t => t.Review.Status == ReviewStatus.Submitted, cancellationToken)
                 + await db.ApplicationTemplates.CountAsync(t => t.Review.Status == ReviewStatus.Submitted, cancellationToken),
        };
    }

    /// <summary>Calls <paramref name="onChanged"/> whenever <paramref name="queue"/> changes, until disposed.</summary>
    public IDisposable Watch(AdminWork queue, Func<CancellationToken, Task> onChanged) =>
        feed.Subscribe(queue, (_, cancellationToken) => onChanged(cancellationToken));
}
