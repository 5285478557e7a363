using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Accounts;

/// <param name="UserClassId">The class whose quotas apply (the default one when none is assigned).</param>
public sealed record UserSummary(
    Guid Id, string Email, string DisplayName, UserStatus Status, bool IsAdmin, DateTimeOffset CreatedAt,
    Guid? UserClassId = null, string UserClassName = "");

/// <param name="Role">Only accounts with this role (<see cref="Roles"/>).</param>
/// <param name="UserClassId">Only accounts in this class; accounts without one count as in the default class.</param>
public sealed record UserQuery(string? Search, UserStatus? Status, int Page, int PageSize, string? Role = null, Guid? UserClassId = null);

/// <summary>
/// The administrator's view of accounts. Safe to hold for a whole Blazor circuit: every call works in
/// its own service scope, so no DbContext outlives the operation it served. Changes are saved through
/// the scope's UserManager, whose context also carries the audit entry and any revoked credentials, so
/// they are stored together or not at all.
/// </summary>
public sealed class UserAdministration(
    IServiceScopeFactory scopes, TimeProvider clock, AuditTrail audit, AccountSessions sessions, Notifications.AdminQueues queues,
    SensorAuthenticator sensorAuthenticator, UserMqttAuthenticator userMqtt, ILogger<UserAdministration> logger)
{
    private const string Account = "That account";

    /// <summary>The accounts matching the query, for an administrator; nothing for anyone else.</summary>
    public async Task<PagedResult<UserSummary>> ListAsync(Actor actor, UserQuery query, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            logger.LogWarning("{ActorId}, who is not an administrator, tried to list the accounts", actor.UserId);
            return new PagedResult<UserSummary>([], 0);
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DatawizDbContext>();

        var classes = await db.UserClasses.AsNoTracking()
            .Select(c => new { c.Id, c.Name, c.IsDefault })
            .ToListAsync(cancellationToken);
        var defaultClass = classes.FirstOrDefault(c => c.IsDefault);

        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToUpperInvariant();
            users = users.Where(u => u.NormalizedEmail!.Contains(term) || u.DisplayName.ToUpper().Contains(term));
        }
        if (query.Status is { } status)
        {
            users = users.Where(u => u.Status == status);
        }

        var adminRoleId = db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id);
        if (query.Role is { } role)
        {
            var wantAdmins = role == Roles.Admin;
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && adminRoleId.Contains(ur.RoleId)) == wantAdmins);
        }
        if (query.UserClassId is { } classId)
        {
            users = defaultClass?.Id == classId
                ? users.Where(u => u.UserClassId == classId || u.UserClassId == null)
                : users.Where(u => u.UserClassId == classId);
        }

        var total = await users.CountAsync(cancellationToken);
        var page = await users
            .OrderBy(u => u.Status == UserStatus.Pending ? 0 : 1).ThenBy(u => u.Email)
            .Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize)
            .Select(u => new
            {
                u.Id, Email = u.Email!, u.DisplayName, u.Status, u.CreatedAt, u.UserClassId,
                IsAdmin = db.UserRoles.Any(ur => ur.UserId == u.Id && adminRoleId.Contains(ur.RoleId)),
            })
            .ToListAsync(cancellationToken);

        var items = page.Select(u =>
        {
            var userClass = u.UserClassId is { } id ? classes.FirstOrDefault(c => c.Id == id) : defaultClass;
            return new UserSummary(u.Id, u.Email, u.DisplayName, u.Status, u.IsAdmin, u.CreatedAt, userClass?.Id, userClass?.Name ?? "");
        }).ToList();
        return new PagedResult<UserSummary>(items, total);
    }

    /// <summary>
    /// Changes an account's status; its open sessions and MQTT connections end at once. Deleting goes through
    /// <see cref="DeleteAsync"/>'s path, so it always revokes the account's sensor credentials and own MQTT password too.
    /// </summary>
    public async Task<Outcome> ChangeStatusAsync(Actor actor, Guid userId, UserStatus to, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (db, userManager) = Services(scope);
        var user = await FindForAdminAsync(userManager, actor, userId);
        if (user is null)
        {
            return Outcome.NotFound(Account);
        }

        var problem = AdminSafeguards.OwnStatusError(user.Id == actor.UserId, to)
                      ?? (UserStatusTransitions.IsAllowed(user.Status, to) ? null : $"An account that is {user.Status} cannot become {to}.");
        if (problem is null && to != UserStatus.Active)
        {
            problem = await LastAdminErrorAsync(db, userManager, user, staysActiveAdmin: false, cancellationToken);
        }
        if (problem is not null)
        {
            return Outcome.Invalid(problem);
        }

        var from = user.Status;
        user.Status = to;
        user.StatusChangedAt = clock.GetUtcNow();
        if (to == UserStatus.Deleted)
        {
            var revoked = await RevokeSensorCredentialsAsync(db, user.Id, cancellationToken);
            user.MqttPasswordHash = null;
            audit.Record(db, actor, AuditAction.Delete, AuditEntities.User, user.Id,
                $"Deleted account {user.Email} (was {from}); revoked its own MQTT password and the credentials of {revoked} sensor(s), data kept.");
        }
        else
        {
            audit.Record(db, actor, AuditAction.StatusChange, AuditEntities.User, user.Id, $"Changed account {user.Email} from {from} to {to}.");
        }

        if (from == UserStatus.Pending)
        {
            queues.Changed(db, Notifications.AdminWork.Accounts);
        }
        // Saves the status, the audit entry and any revoked credentials together with a new security
        // stamp, which makes every existing cookie of the account fail its next validation.
        var saved = await SaveWithNewStampAsync(userManager, user);
        if (saved.Succeeded)
        {
            sessions.End(user.Id, user.SecurityStamp!);
            logger.LogInformation("Admin {AdminId} changed account {UserId} from {From} to {To}", actor.UserId, userId, from, to);
            if (to != UserStatus.Active)
            {
                sensorAuthenticator.RevokeOwner(user.Id);
            }
        }
        return saved;
    }

    /// <summary>
    /// Soft-deletes an account: it can no longer sign in, its sessions end, and none of its sensors can
    /// connect any more; its data stays.
    /// </summary>
    public Task<Outcome> DeleteAsync(Actor actor, Guid userId, CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(actor, userId, UserStatus.Deleted, cancellationToken);

    /// <summary>
    /// Makes an account an administrator or a plain user. The account's sessions end, so its next
    /// sign-in carries the new role (an open page would otherwise keep the old one).
    /// </summary>
    public async Task<Outcome> ChangeRoleAsync(Actor actor, Guid userId, string role, CancellationToken cancellationToken = default)
    {
        if (!Roles.All.Contains(role))
        {
            return Outcome.Invalid($"'{role}' is not a role; choose {string.Join(" or ", Roles.All)}.");
        }
        await using var scope = scopes.CreateAsyncScope();
        var (db, userManager) = Services(scope);
        var found = await FindChangeableAsync(userManager, actor, userId);
        if (!found.TryGetValue(out var user))
        {
            return found;
        }

        var isAdmin = await userManager.IsInRoleAsync(user, Roles.Admin);
        var wasRole = isAdmin ? Roles.Admin : Roles.User;
        if (wasRole == role)
        {
            return Outcome.Invalid($"{user.Email} already has the role {role}.");
        }
        var problem = AdminSafeguards.OwnRoleError(user.Id == actor.UserId, role)
                      ?? await LastAdminErrorAsync(db, userManager, user, staysActiveAdmin: role == Roles.Admin, cancellationToken);
        if (problem is not null)
        {
            return Outcome.Invalid(problem);
        }

        // Roles are exclusive (every account has exactly one), so the old link goes and the new one comes
        // in the same save; UserManager's own role calls would save each half on its own.
        var roleIds = await db.Roles.Where(r => Roles.All.Contains(r.Name!)).ToDictionaryAsync(r => r.Name!, r => r.Id, cancellationToken);
        var exclusiveRoleIds = roleIds.Values.ToList();
        var oldLinks = await db.UserRoles.Where(ur => ur.UserId == user.Id && exclusiveRoleIds.Contains(ur.RoleId)).ToListAsync(cancellationToken);
        db.UserRoles.RemoveRange(oldLinks);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleIds[role] });
        audit.Record(db, actor, AuditAction.Update, AuditEntities.User, user.Id, $"Changed the role of {user.Email} from {wasRole} to {role}.");

        var saved = await SaveWithNewStampAsync(userManager, user);
        if (saved.Succeeded)
        {
            sessions.End(user.Id, user.SecurityStamp!);
            logger.LogInformation("Admin {AdminId} changed the role of {UserId} from {From} to {To}", actor.UserId, userId, wasRole, role);
            // The broker took the role from the connect; the applications' next connect gets the new one.
            userMqtt.Revoke(user.Id);
        }
        return saved;
    }

    /// <summary>Puts an account in a user class, whose quotas apply from its next action on.</summary>
    public async Task<Outcome> ChangeClassAsync(Actor actor, Guid userId, Guid userClassId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (db, userManager) = Services(scope);
        var found = await FindChangeableAsync(userManager, actor, userId);
        if (!found.TryGetValue(out var user))
        {
            return found;
        }
        var userClass = await db.UserClasses.AsNoTracking().FirstOrDefaultAsync(c => c.Id == userClassId, cancellationToken);
        if (userClass is null)
        {
            return Outcome.NotFound("That user class");
        }
        if (user.UserClassId == userClass.Id)
        {
            return Outcome.Ok;
        }

        var from = user.UserClassId is { } oldId
            ? await db.UserClasses.Where(c => c.Id == oldId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken)
            : "the default class";
        user.UserClassId = userClass.Id;
        audit.Record(db, actor, AuditAction.Update, AuditEntities.User, user.Id, $"Moved {user.Email} from {from} to user class '{userClass.Name}'.");
        var updated = await userManager.UpdateAsync(user);
        return updated.Succeeded ? Outcome.Ok : Outcome.Invalid(updated.Errors.Select(e => e.Description));
    }

    private static (DatawizDbContext Db, UserManager<ApplicationUser> Users) Services(AsyncServiceScope scope) =>
        (scope.ServiceProvider.GetRequiredService<DatawizDbContext>(), scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>());

    /// <summary>The account, when the actor is an administrator; anyone else learns nothing about it.</summary>
    private async Task<ApplicationUser?> FindForAdminAsync(UserManager<ApplicationUser> userManager, Actor actor, Guid userId)
    {
        if (!actor.IsAdmin)
        {
            logger.LogWarning("{ActorId}, who is not an administrator, tried to change account {UserId}", actor.UserId, userId);
            return null;
        }
        return await userManager.FindByIdAsync(userId.ToString());
    }

    /// <summary>An account whose role or class may change: found by an administrator, and not deleted.</summary>
    private async Task<Outcome<ApplicationUser>> FindChangeableAsync(UserManager<ApplicationUser> userManager, Actor actor, Guid userId) =>
        await FindForAdminAsync(userManager, actor, userId) switch
        {
            null => Outcome<ApplicationUser>.NotFound(Account),
            { Status: UserStatus.Deleted } => Outcome<ApplicationUser>.Invalid("A deleted account cannot be changed."),
            var user => Outcome<ApplicationUser>.Success(user),
        };

    private static async Task<string?> LastAdminErrorAsync(
        DatawizDbContext db, UserManager<ApplicationUser> userManager, ApplicationUser user, bool staysActiveAdmin, CancellationToken cancellationToken)
    {
        var isActiveAdmin = user.Status == UserStatus.Active && await userManager.IsInRoleAsync(user, Roles.Admin);
        if (!isActiveAdmin || staysActiveAdmin)
        {
            return null;
        }
        var adminRoleId = db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id);
        var otherActiveAdmins = await db.Users.CountAsync(
            u => u.Id != user.Id && u.Status == UserStatus.Active && db.UserRoles.Any(ur => ur.UserId == u.Id && adminRoleId.Contains(ur.RoleId)),
            cancellationToken);
        return AdminSafeguards.LastAdminError(isActiveAdmin, staysActiveAdmin, otherActiveAdmins);
    }

    /// <summary>Clears the MQTT password hash of every sensor of the account, so none of them can connect.</summary>
    private static async Task<int> RevokeSensorCredentialsAsync(DatawizDbContext db, Guid ownerId, CancellationToken cancellationToken)
    {
        var sensors = await db.Sensors.Where(s => s.OwnerId == ownerId && s.MqttPasswordHash != "").ToListAsync(cancellationToken);
        foreach (var sensor in sensors)
        {
            sensor.MqttPasswordHash = "";
        }
        return sensors.Count;
    }

    private static async Task<Outcome> SaveWithNewStampAsync(UserManager<ApplicationUser> userManager, ApplicationUser user)
    {
        var updated = await userManager.UpdateSecurityStampAsync(user);
        return updated.Succeeded ? Outcome.Ok : Outcome.Invalid(updated.Errors.Select(e => e.Description));
    }
}
