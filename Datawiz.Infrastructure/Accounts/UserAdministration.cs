using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Accounts;

public sealed record UserSummary(Guid Id, string Email, string DisplayName, UserStatus Status, bool IsAdmin, DateTimeOffset CreatedAt);

public sealed record UserQuery(string? Search, UserStatus? Status, int Page, int PageSize);

/// <summary>
/// The administrator's view of accounts. Safe to hold for a whole Blazor circuit: every call works in
/// its own service scope, so no DbContext outlives the operation it served.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, TimeProvider clock, ILogger<UserAdministration> logger)
{
    public async Task<PagedResult<UserSummary>> ListAsync(UserQuery query, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DatawizDbContext>();

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
        var total = await users.CountAsync(cancellationToken);
        var page = await users
            .OrderBy(u => u.Status == UserStatus.Pending ? 0 : 1).ThenBy(u => u.Email)
            .Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize)
            .Select(u => new UserSummary(
                u.Id, u.Email!, u.DisplayName, u.Status,
                db.UserRoles.Any(ur => ur.UserId == u.Id && adminRoleId.Contains(ur.RoleId)),
                u.CreatedAt))
            .ToListAsync(cancellationToken);
        return new PagedResult<UserSummary>(page, total);
    }

    /// <summary>Changes an account's status; the account's sessions end at their next revalidation.</summary>
    public async Task<string?> ChangeStatusAsync(Guid actingAdminId, Guid userId, UserStatus to)
    {
        await using var scope = scopes.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        var user = await userManager.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return "That account no longer exists.";
        }
        if (user.Id == actingAdminId && to != UserStatus.Active)
        {
            return "You cannot suspend your own account.";
        }
        if (!UserStatusTransitions.IsAllowed(user.Status, to))
        {
            return $"An account that is {user.Status} cannot become {to}.";
        }

        // Added to the context the user manager saves with, so the entry commits with the status change.
        var db = scope.ServiceProvider.GetRequiredService<DatawizDbContext>();
        var adminName = await db.Users.Where(u => u.Id == actingAdminId).Select(u => u.Email).FirstOrDefaultAsync();
        scope.ServiceProvider.GetRequiredService<AuditTrail>().Record(
            db, new Actor(actingAdminId, adminName ?? "", IsAdmin: true), AuditAction.StatusChange, "User", user.Id,
            $"Changed the account {user.Email} from {user.Status} to {to}.");

        var from = user.Status;
        user.Status = to;
        user.StatusChangedAt = clock.GetUtcNow();
        // Saves the status together with a new security stamp, which makes every existing cookie of the
        // account fail its next validation.
        var updated = await userManager.UpdateSecurityStampAsync(user);
        if (!updated.Succeeded)
        {
            return string.Join(" ", updated.Errors.Select(e => e.Description));
        }
        logger.LogInformation("Admin {AdminId} changed account {UserId} from {From} to {To}", actingAdminId, userId, from, to);
        return null;
    }
}
