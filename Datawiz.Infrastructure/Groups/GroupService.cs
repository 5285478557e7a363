using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Groups;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Groups;

/// <summary>
/// Groups of people who share sensors. Anyone creates one and owns it; the owner edits it, manages its
/// members, hands it over or deletes it, and members may leave. Administrators may do what an owner
/// does, to clean up. A group is invisible (not found) to anyone who is neither a member nor an administrator.
/// </summary>
public sealed class GroupService(
    IDbContextFactory<DatawizDbContext> contexts,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<GroupService> logger)
{
    private const string What = "The group";

    /// <summary>The groups the actor owns or belongs to; an administrator may ask for <paramref name="everyone"/>'s.</summary>
    public async Task<PagedResult<GroupSummary>> ListAsync(Actor actor, PageRequest request, bool everyone, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = from g in db.Groups.AsNoTracking()
                   join u in db.Users on g.OwnerId equals u.Id
                   select new { Group = g, OwnerName = u.DisplayName, OwnerEmail = u.Email };
        if (!(everyone && actor.IsAdmin))
        {
            rows = rows.Where(r => r.Group.Members.Any(m => m.UserId == actor.UserId));
        }
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var term = request.Search.Trim().ToUpper();
            rows = rows.Where(r => r.Group.Name.ToUpper().Contains(term)
                                   || (r.Group.Description != null && r.Group.Description.ToUpper().Contains(term)));
        }

        var total = await rows.CountAsync(cancellationToken);
        var sorted = (request.SortBy, request.Descending) switch
        {
            (nameof(GroupSummary.MemberCount), false) => rows.OrderBy(r => r.Group.Members.Count),
            (nameof(GroupSummary.MemberCount), true) => rows.OrderByDescending(r => r.Group.Members.Count),
            (nameof(GroupSummary.OwnerName), false) => rows.OrderBy(r => r.OwnerName),
            (nameof(GroupSummary.OwnerName), true) => rows.OrderByDescending(r => r.OwnerName),
            (_, true) => rows.OrderByDescending(r => r.Group.Name),
            _ => rows.OrderBy(r => r.Group.Name),
        };
        var page = await sorted.ThenBy(r => r.Group.Id)
            .Skip(request.Skip).Take(request.Take)
            .Select(r => new
            {
                r.Group.Id, r.Group.Name, r.Group.Description, r.Group.OwnerId, r.OwnerName, r.OwnerEmail, MemberCount = r.Group.Members.Count,
                r.Group.CreatedAt, IsMember = r.Group.Members.Any(m => m.UserId == actor.UserId),
            })
            .ToListAsync(cancellationToken);
        var items = page.Select(r => new GroupSummary(
                r.Id, r.Name, r.Description, r.OwnerId, PersonName.Shown(actor, r.OwnerName, r.OwnerEmail), r.MemberCount, r.CreatedAt,
                r.OwnerId == actor.UserId, r.IsMember))
            .ToList();
        return new PagedResult<GroupSummary>(items, total);
    }

    public async Task<Outcome<GroupDetails>> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var group = await db.Groups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (group is null)
        {
            return Outcome<GroupDetails>.NotFound(What);
        }
        var ownerId = group.OwnerId;
        var rows = await (from m in db.GroupMembers.AsNoTracking()
                          join u in db.Users on m.UserId equals u.Id
                          where m.GroupId == id
                          select new { m.UserId, u.DisplayName, u.Email, m.JoinedAt })
            .ToListAsync(cancellationToken);
        // Ordered here: a group's members are few.
        var members = rows
            .OrderBy(m => m.JoinedAt).ThenBy(m => m.DisplayName, StringComparer.Ordinal).ThenBy(m => m.UserId)
            .Select(m => new GroupMemberView(m.UserId, PersonName.Shown(actor, m.DisplayName, m.Email), m.JoinedAt, m.UserId == ownerId))
            .ToList();
        var isMember = members.Any(m => m.UserId == actor.UserId);
        if (!isMember && !actor.IsAdmin)
        {
            return Outcome<GroupDetails>.NotFound(Refused(actor, id, "read"));
        }
        var shared = await (from share in db.SensorShares.AsNoTracking()
                            join s in db.Sensors on share.SensorId equals s.Id
                            join u in db.Users on s.OwnerId equals u.Id
                            where share.GroupId == id
                            orderby s.Name
                            select new { s.Id, s.Name, u.DisplayName, u.Email })
            .ToListAsync(cancellationToken);
        var ownerName = members.FirstOrDefault(m => m.IsOwner)?.Name
                        ?? await db.Users.Where(u => u.Id == group.OwnerId).Select(u => u.DisplayName).FirstAsync(cancellationToken);
        return Outcome<GroupDetails>.Success(new GroupDetails(
            group.Id, group.Name, group.Description, group.OwnerId, ownerName, group.CreatedAt, members,
            shared.Select(s => new SharedSensorView(s.Id, s.Name, PersonName.Shown(actor, s.DisplayName, s.Email))).ToList(),
            group.OwnerId == actor.UserId, isMember, actor.Owns(group.OwnerId)));
    }

    public async Task<Outcome<Guid>> CreateAsync(Actor actor, GroupInput input, CancellationToken cancellationToken)
    {
        var errors = GroupRules.InputErrors(input.Name, input.Description);
        if (errors.Count > 0)
        {
            return Outcome<Guid>.Invalid(errors);
        }
        var name = input.Name.Trim();

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await NameTakenAsync(db, actor.UserId, name, except: null, cancellationToken))
        {
            return Outcome<Guid>.Invalid(DuplicateName(actor, actor.UserId, name));
        }
        var now = clock.GetUtcNow();
        var group = new Group
        {
            Id = Guid.NewGuid(),
            Name = name,
            Description = Clean(input.Description),
            OwnerId = actor.UserId,
            CreatedAt = now,
            Members = [new GroupMember { UserId = actor.UserId, JoinedAt = now }],
        };
        db.Groups.Add(group);
        audit.Record(db, actor, AuditAction.Create, AuditEntities.Group, group.Id, $"Created group \"{name}\".");
        var saved = await SaveAsync(db, actor, group.OwnerId, name, group.Id, cancellationToken);
        return saved.Succeeded ? Outcome<Guid>.Success(group.Id) : Outcome<Guid>.From(saved);
    }

    public async Task<Outcome> UpdateAsync(Actor actor, Guid id, GroupInput input, CancellationToken cancellationToken)
    {
        var errors = GroupRules.InputErrors(input.Name, input.Description);
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }
        var name = input.Name.Trim();

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var managed = await ManagedGroupAsync(db, actor, id, "edit it", cancellationToken);
        if (!managed.TryGetValue(out var group))
        {
            return managed;
        }
        if (await NameTakenAsync(db, group.OwnerId, name, except: id, cancellationToken))
        {
            return Outcome.Invalid(DuplicateName(actor, group.OwnerId, name));
        }
        var description = Clean(input.Description);
        if (group.Name == name && group.Description == description)
        {
            return Outcome.Ok;
        }
        var summary = group.Name == name ? $"Updated group \"{name}\"." : $"Renamed group \"{group.Name}\" to \"{name}\".";
        group.Name = name;
        group.Description = description;
        audit.Record(db, actor, AuditAction.Update, AuditEntities.Group, id, summary);
        return await SaveAsync(db, actor, group.OwnerId, name, id, cancellationToken);
    }

    /// <summary>Deletes the group; its memberships and sensor shares go with it (the database cascades them).</summary>
    public async Task<Outcome> DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var managed = await ManagedGroupAsync(db, actor, id, "delete it", cancellationToken);
        if (!managed.TryGetValue(out var group))
        {
            return managed;
        }
        var shares = await db.SensorShares.CountAsync(s => s.GroupId == id, cancellationToken);
        db.Groups.Remove(group);
        audit.Record(db, actor, AuditAction.Delete, AuditEntities.Group, id,
            $"Deleted group \"{group.Name}\" with {group.Members.Count} members; {shares} sensor shares ended.");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>Adds the active account with this email; only the owner (or an administrator) may.</summary>
    public async Task<Outcome> AddMemberAsync(Actor actor, Guid id, string email, CancellationToken cancellationToken)
    {
        var typed = email.Trim();
        if (typed.Length == 0)
        {
            return Outcome.Invalid("Enter the email address of the person to add.");
        }
        if (TextRules.SingleLineCharactersError(typed, "Email") is not null)
        {
            return Outcome.Invalid(UnknownEmail(typed));
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var managed = await ManagedGroupAsync(db, actor, id, "add members", cancellationToken);
        if (!managed.TryGetValue(out var group))
        {
            return managed;
        }
        var normalized = typed.ToUpperInvariant();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail == normalized && u.Status == UserStatus.Active)
            .Select(u => new { u.Id, u.Email })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return Outcome.Invalid(UnknownEmail(typed));
        }
        if (group.Members.Any(m => m.UserId == user.Id))
        {
            return Outcome.Invalid($"{user.Email} is already a member of \"{group.Name}\".");
        }
        group.Members.Add(new GroupMember { GroupId = id, UserId = user.Id, JoinedAt = clock.GetUtcNow() });
        audit.Record(db, actor, AuditAction.Update, AuditEntities.Group, id, $"Added {user.Email} to group \"{group.Name}\".");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone added the same person at the same moment.
            return Outcome.Invalid($"{user.Email} is already a member of \"{group.Name}\".");
        }
        return Outcome.Ok;
    }

    /// <summary>Removes a member; only the owner (or an administrator) may, and the owner stays until handing over.</summary>
    public async Task<Outcome> RemoveMemberAsync(Actor actor, Guid id, Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var managed = await ManagedGroupAsync(db, actor, id, "remove members", cancellationToken);
        if (!managed.TryGetValue(out var group))
        {
            return managed;
        }
        if (userId == group.OwnerId)
        {
            return Outcome.Invalid(GroupRules.OwnerCannotBeRemoved);
        }
        var member = group.Members.FirstOrDefault(m => m.UserId == userId);
        if (member is null)
        {
            return Outcome.NotFound("The member");
        }
        group.Members.Remove(member);
        audit.Record(db, actor, AuditAction.Update, AuditEntities.Group, id, $"Removed {await EmailOfAsync(db, userId, cancellationToken)} from group \"{group.Name}\".");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>The actor leaves; an owner must hand the group over (or delete it) first.</summary>
    public async Task<Outcome> LeaveAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var group = await db.Groups.Include(g => g.Members).FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        var member = group?.Members.FirstOrDefault(m => m.UserId == actor.UserId);
        if (group is null || member is null)
        {
            return Outcome.NotFound(What);
        }
        if (GroupRules.LeaveError(group.OwnerId, actor.UserId) is { } error)
        {
            return Outcome.Invalid(error);
        }
        group.Members.Remove(member);
        audit.Record(db, actor, AuditAction.Update, AuditEntities.Group, id, $"{actor.Name} left group \"{group.Name}\".");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>Makes another member the owner; the old owner stays a member.</summary>
    public async Task<Outcome> HandOverAsync(Actor actor, Guid id, Guid newOwnerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var managed = await ManagedGroupAsync(db, actor, id, "hand it over", cancellationToken);
        if (!managed.TryGetValue(out var group))
        {
            return managed;
        }
        if (GroupRules.HandOverError(group.OwnerId, newOwnerId, group.Members.Any(m => m.UserId == newOwnerId)) is { } error)
        {
            return Outcome.Invalid(error);
        }
        // Names are unique per owner. Saying so tells the current owner only about a fellow member of this group.
        if (await NameTakenAsync(db, newOwnerId, group.Name, except: id, cancellationToken))
        {
            return Outcome.Invalid($"They already own a group named \"{group.Name}\". Rename this group before handing it over.");
        }
        var from = await EmailOfAsync(db, group.OwnerId, cancellationToken);
        var to = await EmailOfAsync(db, newOwnerId, cancellationToken);
        group.OwnerId = newOwnerId;
        audit.Record(db, actor, AuditAction.Update, AuditEntities.Group, id, $"Handed group \"{group.Name}\" over from {from} to {to}.");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>The ids of the groups the actor belongs to (owned ones included).</summary>
    public async Task<IReadOnlyList<Guid>> GroupIdsOfAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.GroupMembers.AsNoTracking().Where(m => m.UserId == actor.UserId).Select(m => m.GroupId).ToListAsync(cancellationToken);
    }

    public static string UnknownEmail(string email) =>
        $"There is no active account with the email {email}. Check the address, or ask the person to register (and be approved) first.";

    private static string DuplicateName(Actor actor, Guid ownerId, string name) =>
        ownerId == actor.UserId
            ? $"You already have a group named \"{name}\". Choose another name."
            : $"Its owner already has a group named \"{name}\". Choose another name.";

    private static string? Clean(string? description) => string.IsNullOrWhiteSpace(description) ? null : description.Trim();

    /// <summary>
    /// The group with its members, for a change only its manager may make: not found for outsiders, and
    /// a plain refusal for members who do not own it (they can see it, so there is nothing to hide).
    /// </summary>
    private async Task<Outcome<Group>> ManagedGroupAsync(
        DatawizDbContext db, Actor actor, Guid id, string verb, CancellationToken cancellationToken)
    {
        var group = await db.Groups.Include(g => g.Members).FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (group is null)
        {
            return Outcome<Group>.NotFound(What);
        }
        if (actor.Owns(group.OwnerId))
        {
            return Outcome<Group>.Success(group);
        }
        if (group.Members.Any(m => m.UserId == actor.UserId))
        {
            logger.LogWarning("Member {UserId} of group {GroupId} tried to {Verb} without owning the group", actor.UserId, id, verb);
            return Outcome<Group>.Invalid($"Only the owner of \"{group.Name}\" can {verb}.");
        }
        return Outcome<Group>.NotFound(Refused(actor, id, verb));
    }

    private static Task<string> EmailOfAsync(DatawizDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.Email ?? "").FirstAsync(cancellationToken);

    /// <summary>Group names are unique per owner (whatever their case), so another person's groups are never confirmed.</summary>
    private static Task<bool> NameTakenAsync(DatawizDbContext db, Guid ownerId, string name, Guid? except, CancellationToken cancellationToken)
    {
        var upper = name.ToUpper();
        return db.Groups.AnyAsync(g => g.OwnerId == ownerId && g.Name.ToUpper() == upper && g.Id != except, cancellationToken);
    }

    /// <summary>Saves; a unique-name violation from a concurrent save becomes the same message as the check before it.</summary>
    private async Task<Outcome> SaveAsync(DatawizDbContext db, Actor actor, Guid ownerId, string name, Guid groupId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return Outcome.Ok;
        }
        catch (DbUpdateException)
        {
            await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
            if (await NameTakenAsync(fresh, ownerId, name, groupId, cancellationToken))
            {
                return Outcome.Invalid(DuplicateName(actor, ownerId, name));
            }
            throw;
        }
    }

    private string Refused(Actor actor, Guid id, string verb)
    {
        logger.LogWarning("User {UserId} tried to {Verb} (group {GroupId}) without being a member", actor.UserId, verb, id);
        return What;
    }
}
