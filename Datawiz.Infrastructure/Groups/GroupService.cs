using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Groups;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Notifications;
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
    Notifier notifier,
    ILogger<GroupService> logger)
{
    private const string What = "The group";

    private const string TheInvitation = "The invitation";

    /// <summary>The page where a person answers the invitations sent to them.</summary>
    public const string InvitationsPage = "/groups/invitations";

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

    /// <summary>
    /// Invites the active account with this email; only the owner (or an administrator) may, and the person
    /// joins only by accepting (<see cref="AcceptAsync"/>), administrators too. Whether the address has an
    /// account, is pending or was invited already, the answer is the same <see cref="GroupRules.InvitationSent"/>,
    /// so the form confirms no address; every attempt counts towards <see cref="GroupRules.InvitationsPerHour"/>.
    /// </summary>
    public async Task<Outcome> InviteAsync(Actor actor, Guid id, string email, CancellationToken cancellationToken)
    {
        var typed = email.Trim();
        if (typed.Length == 0)
        {
            return Outcome.Invalid("Enter the email address of the person to invite.");
        }
        // The shape of an address says nothing about who has an account, so a typo is pointed out.
        if (!typed.Contains('@', StringComparison.Ordinal))
        {
            return Outcome.Invalid("Enter an email address, such as name@example.com.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var managed = await ManagedGroupAsync(db, actor, id, "invite members", cancellationToken);
        if (!managed.TryGetValue(out var group))
        {
            return managed;
        }
        var now = clock.GetUtcNow();
        var since = now - TimeSpan.FromHours(1);
        var sent = await db.AuditEntries.CountAsync(
            a => a.ActorId == actor.UserId && a.Action == AuditAction.Invite && a.At > since, cancellationToken);
        if (sent >= GroupRules.InvitationsPerHour)
        {
            logger.LogWarning("User {UserId} reached the limit of {Limit} invitations an hour", actor.UserId, GroupRules.InvitationsPerHour);
            return Outcome.Invalid(GroupRules.TooManyInvitations);
        }
        // An address no account can have is not looked up (nor written to the trail): PostgreSQL refuses text with NUL in it.
        var possible = TextRules.SingleLineCharactersError(typed, "Email") is null;
        var normalized = typed.ToUpperInvariant();
        var invitee = !possible
            ? null
            : await db.Users.AsNoTracking()
                .Where(u => u.NormalizedEmail == normalized && u.Status == UserStatus.Active)
                .Select(u => new { u.Id, u.Email })
                .FirstOrDefaultAsync(cancellationToken);
        // The inviter sees the members, so saying that one of them is a member already tells nothing new.
        if (invitee is not null && group.Members.Any(m => m.UserId == invitee.Id))
        {
            return Outcome.Invalid($"{invitee.Email} is already a member of \"{group.Name}\".");
        }
        var shown = !possible ? "an address no account can have" : typed.Length > 254 ? typed[..254] : typed;
        if (invitee is null)
        {
            audit.Record(db, actor, AuditAction.Invite, AuditEntities.Group, id,
                $"Asked to invite {shown} to group \"{group.Name}\"; no active account has that address, so nobody was invited.");
        }
        else if (!await db.GroupInvitations.AnyAsync(i => i.GroupId == id && i.InviteeId == invitee.Id, cancellationToken))
        {
            var invitation = new GroupInvitation { Id = Guid.NewGuid(), GroupId = id, InviteeId = invitee.Id, InvitedById = actor.UserId, CreatedAt = now };
            db.GroupInvitations.Add(invitation);
            notifier.Notify(db, invitee.Id, $"{await DisplayNameOfAsync(db, actor.UserId, cancellationToken)} invited you to the group \"{group.Name}\". Accept or decline the invitation.", InvitationsPage);
            audit.Record(db, actor, AuditAction.Invite, AuditEntities.Group, id, $"Invited {invitee.Email} to group \"{group.Name}\".");
        }
        else
        {
            audit.Record(db, actor, AuditAction.Invite, AuditEntities.Group, id, $"Asked to invite {invitee.Email} to group \"{group.Name}\" again; the invitation was still open.");
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same person was invited at the same moment: one invitation is open, as asked.
        }
        return Outcome.Ok;
    }

    /// <summary>The invitations waiting for the actor's answer, newest first.</summary>
    public async Task<IReadOnlyList<GroupInvitationView>> InvitationsAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from i in db.GroupInvitations.AsNoTracking()
                          join g in db.Groups on i.GroupId equals g.Id
                          join u in db.Users on i.InvitedById equals u.Id
                          where i.InviteeId == actor.UserId
                          orderby i.CreatedAt descending
                          select new { i.Id, GroupName = g.Name, g.Description, u.DisplayName, u.Email, i.CreatedAt })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new GroupInvitationView(r.Id, r.GroupName, r.Description, PersonName.Shown(actor, r.DisplayName, r.Email), r.CreatedAt)).ToList();
    }

    /// <summary>The invitee joins the group; the invitation is used up.</summary>
    public async Task<Outcome<Guid>> AcceptAsync(Actor actor, Guid invitationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var invitation = await db.GroupInvitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.InviteeId == actor.UserId, cancellationToken);
        if (invitation is null)
        {
            return Outcome<Guid>.NotFound(TheInvitation);
        }
        var group = await db.Groups.Include(g => g.Members).FirstAsync(g => g.Id == invitation.GroupId, cancellationToken);
        db.GroupInvitations.Remove(invitation);
        if (group.Members.All(m => m.UserId != actor.UserId))
        {
            group.Members.Add(new GroupMember { GroupId = group.Id, UserId = actor.UserId, JoinedAt = clock.GetUtcNow() });
            audit.Record(db, actor, AuditAction.Update, AuditEntities.Group, group.Id, $"{actor.Name} accepted the invitation and joined group \"{group.Name}\".");
            if (invitation.InvitedById != actor.UserId)
            {
                notifier.Notify(db, invitation.InvitedById, $"{await DisplayNameOfAsync(db, actor.UserId, cancellationToken)} accepted your invitation to the group \"{group.Name}\".", $"/groups/{group.Id}");
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Answered at the same moment in another tab.
            return Outcome<Guid>.NotFound(TheInvitation);
        }
        return Outcome<Guid>.Success(group.Id);
    }

    /// <summary>The invitee says no; the inviter is not told, as he would not be told about an address without an account.</summary>
    public async Task<Outcome> DeclineAsync(Actor actor, Guid invitationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var invitation = await db.GroupInvitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.InviteeId == actor.UserId, cancellationToken);
        if (invitation is null)
        {
            return Outcome.NotFound(TheInvitation);
        }
        var name = await db.Groups.Where(g => g.Id == invitation.GroupId).Select(g => g.Name).FirstAsync(cancellationToken);
        db.GroupInvitations.Remove(invitation);
        audit.Record(db, actor, AuditAction.Update, AuditEntities.Group, invitation.GroupId, $"{actor.Name} declined the invitation to group \"{name}\".");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.NotFound(TheInvitation);
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

    /// <summary>How a notification names a person to another: by display name, as pages do (<see cref="PersonName"/>).</summary>
    private static Task<string> DisplayNameOfAsync(DatawizDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstAsync(cancellationToken);

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
