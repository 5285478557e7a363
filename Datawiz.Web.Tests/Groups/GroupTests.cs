using System.Net;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Groups;
using Datawiz.Domain.Notifications;
using Datawiz.Infrastructure.Groups;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Groups;

public sealed class GroupTestsOnSqlite(SqliteApp app) : GroupTests(app), IClassFixture<SqliteApp>;

public sealed class GroupTestsOnPostgres(PostgresApp app) : GroupTests(app), IClassFixture<PostgresApp>;

/// <summary>Groups through the real services and pages: who sees them, who manages them, hand-over, sharing, audit.</summary>
public abstract class GroupTests(DatawizApp app)
{
    private GroupService Groups => app.Services.GetRequiredService<GroupService>();

    private SharedSensors Shared => app.Services.GetRequiredService<SharedSensors>();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string UniqueName() => $"Neighbours {Guid.NewGuid().ToString("N")[..8]}";

    private async Task<Guid> CreateAsync(Actor owner, string? name = null)
    {
        var created = await Groups.CreateAsync(owner, new GroupInput(name ?? UniqueName(), "Sensors on our street"), Token);
        Assert.True(created.Succeeded, created.Message);
        return created.Expect();
    }

    /// <summary>The display name <see cref="TestAccounts.CreateAccountAsync"/> gives: the email's local part.</summary>
    private static string DisplayNameOf(Actor actor) => actor.Name.Split('@')[0];

    /// <summary>Invites <paramref name="member"/>, who accepts: the only way into a group.</summary>
    private async Task AddAsync(Actor owner, Guid group, Actor member)
    {
        Assert.True((await Groups.InviteAsync(owner, group, member.Name, Token)).Succeeded);
        var invitation = Assert.Single(await Groups.InvitationsAsync(member, Token));
        Assert.True((await Groups.AcceptAsync(member, invitation.Id, Token)).Succeeded);
    }

    private Task<List<Notification>> NotificationsOfAsync(Actor actor) =>
        app.QueryAsync(db => db.Notifications.AsNoTracking().Where(n => n.UserId == actor.UserId).ToListAsync(Token));

    [Fact]
    public async Task The_creator_owns_the_group_and_is_its_first_member()
    {
        var owner = await app.NewActorAsync();
        var name = UniqueName();
        var id = await CreateAsync(owner, name);

        var listed = Assert.Single((await Groups.ListAsync(owner, new PageRequest(), everyone: false, Token)).Items);
        Assert.Equal(name, listed.Name);
        Assert.Equal(1, listed.MemberCount);
        Assert.True(listed.IsOwner);
        var details = (await Groups.GetAsync(owner, id, Token)).Expect();
        Assert.Equal(owner.UserId, Assert.Single(details.Members).UserId);
        Assert.True(details.CanManage);
        Assert.Equal([id], await Groups.GroupIdsOfAsync(owner, Token));
    }

    [Theory]
    [InlineData("/groups")]
    [InlineData("/groups/new")]
    public async Task The_list_and_the_new_group_page_open_for_a_signed_in_user(string path)
    {
        var (_, client) = await app.SignedInActorAsync();
        using var _ = client;

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"group", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Group_names_are_unique_per_owner_so_nobody_learns_the_names_of_others_groups()
    {
        var name = UniqueName();
        var first = await app.NewActorAsync();
        await CreateAsync(first, name);

        var sameNameOtherOwner = await Groups.CreateAsync(await app.NewActorAsync(), new GroupInput(name.ToLowerInvariant(), null), Token);
        var duplicate = await Groups.CreateAsync(first, new GroupInput(name.ToUpperInvariant(), null), Token);

        Assert.True(sameNameOtherOwner.Succeeded, string.Join(" ", sameNameOtherOwner.Errors));
        Assert.Equal(OutcomeKind.Invalid, duplicate.Kind);
        Assert.Equal($"You already have a group named \"{name.ToUpperInvariant()}\". Choose another name.", Assert.Single(duplicate.Errors));
    }

    [Fact]
    public async Task A_group_is_not_handed_to_a_member_who_owns_one_of_the_same_name()
    {
        var name = UniqueName();
        var owner = await app.NewActorAsync();
        var member = await app.NewActorAsync();
        var id = await CreateAsync(owner, name);
        await AddAsync(owner, id, member);
        await CreateAsync(member, name);

        var refused = await Groups.HandOverAsync(owner, id, member.UserId, Token);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Equal($"They already own a group named \"{name}\". Rename this group before handing it over.", Assert.Single(refused.Errors));
        Assert.Equal(owner.UserId, (await Groups.GetAsync(owner, id, Token)).Expect().OwnerId);
    }

    [Fact]
    public async Task Someone_outside_the_group_cannot_see_or_change_it_by_any_route()
    {
        var (owner, ownerClient) = await app.SignedInActorAsync();
        using var _ = ownerClient;
        var id = await CreateAsync(owner);
        var (stranger, client) = await app.SignedInActorAsync();
        using var __ = client;

        Assert.Equal(OutcomeKind.NotFound, (await Groups.GetAsync(stranger, id, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Groups.UpdateAsync(stranger, id, new GroupInput("Taken over", null), Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Groups.InviteAsync(stranger, id, stranger.Name, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Groups.RemoveMemberAsync(stranger, id, owner.UserId, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Groups.HandOverAsync(stranger, id, stranger.UserId, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Groups.LeaveAsync(stranger, id, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Groups.DeleteAsync(stranger, id, Token)).Kind);
        Assert.Empty((await Groups.ListAsync(stranger, new PageRequest(), everyone: true, Token)).Items);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/groups/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync($"/groups/{id}")).StatusCode);
        Assert.Single((await Groups.GetAsync(owner, id, Token)).Expect().Members);
    }

    [Fact]
    public async Task Members_see_the_group_page_but_only_the_owner_manages_it()
    {
        var owner = await app.NewActorAsync();
        var id = await CreateAsync(owner);
        var (member, client) = await app.SignedInActorAsync();
        using var _ = client;
        var third = await app.NewActorAsync();
        await AddAsync(owner, id, member);

        var page = await client.GetAsync($"/groups/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // Members know each other by display name; email addresses stay between each person and the administrators.
        var text = await PortalClient.TextOf(page);
        Assert.Contains(DisplayNameOf(owner), text, StringComparison.Ordinal);
        Assert.DoesNotContain(owner.Name, text, StringComparison.Ordinal);
        Assert.DoesNotContain(member.Name, text, StringComparison.Ordinal);

        var adding = await Groups.InviteAsync(member, id, third.Name, Token);
        Assert.Equal(OutcomeKind.Invalid, adding.Kind);
        Assert.StartsWith("Only the owner of", Assert.Single(adding.Errors), StringComparison.Ordinal);
        Assert.Equal(OutcomeKind.Invalid, (await Groups.RemoveMemberAsync(member, id, owner.UserId, Token)).Kind);
        Assert.Equal(OutcomeKind.Invalid, (await Groups.HandOverAsync(member, id, member.UserId, Token)).Kind);
        Assert.Equal(OutcomeKind.Invalid, (await Groups.UpdateAsync(member, id, new GroupInput("Mine", null), Token)).Kind);
        Assert.Equal(OutcomeKind.Invalid, (await Groups.DeleteAsync(member, id, Token)).Kind);

        var details = (await Groups.GetAsync(member, id, Token)).Expect();
        Assert.False(details.CanManage);
        Assert.Equal(2, details.Members.Count);
        Assert.Equal(owner.UserId, details.OwnerId);
    }

    [Fact]
    public async Task Inviting_answers_alike_for_unknown_pending_and_real_addresses_and_adds_nobody()
    {
        var owner = await app.NewActorAsync();
        var id = await CreateAsync(owner);
        var pending = TestAccounts.UniqueEmail("pending");
        await app.CreateAccountAsync(pending, UserStatus.Pending);
        var real = await app.NewActorAsync();

        var answers = new List<Outcome>();
        foreach (var email in new[] { TestAccounts.UniqueEmail("nobody"), pending, real.Name, real.Name.ToUpperInvariant(), "bad\0address@example.com" })
        {
            answers.Add(await Groups.InviteAsync(owner, id, email, Token));
        }

        Assert.All(answers, answer => Assert.Equal(OutcomeKind.Succeeded, answer.Kind));
        Assert.Single((await Groups.GetAsync(owner, id, Token)).Expect().Members);
        Assert.Single(await Groups.InvitationsAsync(real, Token));
        var notification = Assert.Single(await NotificationsOfAsync(real));
        Assert.Equal(GroupService.InvitationsPage, notification.Link);
        Assert.StartsWith($"{DisplayNameOf(owner)} invited you", notification.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(owner.Name, notification.Message, StringComparison.Ordinal);
        Assert.Equal(5, (await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.EntityId == id.ToString() && a.Action == AuditAction.Invite, Token))));
        Assert.Equal(OutcomeKind.Invalid, (await Groups.InviteAsync(owner, id, "not-an-address", Token)).Kind);
        var again = await Groups.InviteAsync(owner, id, owner.Name.ToUpperInvariant(), Token);
        Assert.Contains("is already a member", Assert.Single(again.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invited_person_joins_only_by_accepting_and_may_decline()
    {
        var owner = await app.NewActorAsync();
        var id = await CreateAsync(owner);
        var accepting = await app.NewActorAsync();
        var declining = await app.NewActorAsync();
        var stranger = await app.NewActorAsync();
        Assert.True((await Groups.InviteAsync(owner, id, accepting.Name, Token)).Succeeded);
        Assert.True((await Groups.InviteAsync(owner, id, declining.Name, Token)).Succeeded);
        var toAccept = Assert.Single(await Groups.InvitationsAsync(accepting, Token));
        var toDecline = Assert.Single(await Groups.InvitationsAsync(declining, Token));

        Assert.Equal(OutcomeKind.NotFound, (await Groups.GetAsync(accepting, id, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Groups.AcceptAsync(stranger, toAccept.Id, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Groups.DeclineAsync(stranger, toDecline.Id, Token)).Kind);
        Assert.Equal(DisplayNameOf(owner), toAccept.InvitedBy);

        Assert.Equal(id, (await Groups.AcceptAsync(accepting, toAccept.Id, Token)).Expect());
        Assert.True((await Groups.DeclineAsync(declining, toDecline.Id, Token)).Succeeded);

        var members = (await Groups.GetAsync(owner, id, Token)).Expect().Members.Select(m => m.UserId).ToList();
        Assert.Equal([owner.UserId, accepting.UserId], members);
        Assert.Empty(await Groups.InvitationsAsync(accepting, Token));
        Assert.Empty(await Groups.InvitationsAsync(declining, Token));
        Assert.Equal(OutcomeKind.NotFound, (await Groups.AcceptAsync(declining, toDecline.Id, Token)).Kind);
        var told = Assert.Single(await NotificationsOfAsync(owner));
        Assert.Equal($"{DisplayNameOf(accepting)} accepted your invitation to the group \"{(await Groups.GetAsync(owner, id, Token)).Expect().Name}\".", told.Message);
        Assert.Equal($"/groups/{id}", told.Link);
    }

    [Fact]
    public async Task An_administrator_is_invited_like_anyone_and_joins_only_by_accepting()
    {
        var owner = await app.NewActorAsync();
        var id = await CreateAsync(owner);
        var admin = await app.NewActorAsync(Roles.Admin);

        Assert.True((await Groups.InviteAsync(owner, id, admin.Name, Token)).Succeeded);

        Assert.DoesNotContain(admin.UserId, (await Groups.GetAsync(owner, id, Token)).Expect().Members.Select(m => m.UserId));
        var invitation = Assert.Single(await Groups.InvitationsAsync(admin, Token));
        Assert.True((await Groups.AcceptAsync(admin, invitation.Id, Token)).Succeeded);
        Assert.Contains(admin.UserId, (await Groups.GetAsync(owner, id, Token)).Expect().Members.Select(m => m.UserId));
    }

    [Fact]
    public async Task An_administrator_managing_a_group_invites_too_instead_of_adding()
    {
        var owner = await app.NewActorAsync();
        var id = await CreateAsync(owner);
        var admin = await app.NewActorAsync(Roles.Admin);
        var person = await app.NewActorAsync();

        Assert.True((await Groups.InviteAsync(admin, id, person.Name, Token)).Succeeded);

        Assert.Single((await Groups.GetAsync(owner, id, Token)).Expect().Members);
        Assert.Single(await Groups.InvitationsAsync(person, Token));
    }

    [Fact]
    public async Task Invitations_are_limited_per_inviter_in_an_hour_whatever_the_addresses()
    {
        var owner = await app.NewActorAsync();
        var id = await CreateAsync(owner);
        var other = await app.NewActorAsync();
        var otherGroup = await CreateAsync(other);
        var real = await app.NewActorAsync();

        for (var sent = 0; sent < GroupRules.InvitationsPerHour; sent++)
        {
            Assert.True((await Groups.InviteAsync(owner, id, TestAccounts.UniqueEmail("maybe"), Token)).Succeeded);
        }
        var refused = await Groups.InviteAsync(owner, id, real.Name, Token);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Equal(GroupRules.TooManyInvitations, Assert.Single(refused.Errors));
        Assert.Empty(await Groups.InvitationsAsync(real, Token));
        Assert.True((await Groups.InviteAsync(other, otherGroup, real.Name, Token)).Succeeded);
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.True((await Groups.InviteAsync(owner, id, real.Name, Token)).Succeeded);
        Assert.Equal(2, (await Groups.InvitationsAsync(real, Token)).Count);
    }

    [Fact]
    public async Task The_owner_must_hand_over_before_leaving_and_the_hand_over_works()
    {
        var owner = await app.NewActorAsync();
        var member = await app.NewActorAsync();
        var outsider = await app.NewActorAsync();
        var id = await CreateAsync(owner);
        await AddAsync(owner, id, member);

        var leaving = await Groups.LeaveAsync(owner, id, Token);
        Assert.Equal(OutcomeKind.Invalid, leaving.Kind);
        Assert.Equal(GroupRules.OwnerCannotLeave, Assert.Single(leaving.Errors));
        Assert.Equal(GroupRules.OwnerCannotBeRemoved, Assert.Single((await Groups.RemoveMemberAsync(owner, id, owner.UserId, Token)).Errors));
        Assert.Equal(OutcomeKind.Invalid, (await Groups.HandOverAsync(owner, id, outsider.UserId, Token)).Kind);

        Assert.True((await Groups.HandOverAsync(owner, id, member.UserId, Token)).Succeeded);
        var details = (await Groups.GetAsync(member, id, Token)).Expect();
        Assert.Equal(member.UserId, details.OwnerId);
        Assert.True(details.CanManage);
        Assert.False((await Groups.GetAsync(owner, id, Token)).Expect().CanManage);

        Assert.True((await Groups.LeaveAsync(owner, id, Token)).Succeeded);
        Assert.Equal(OutcomeKind.NotFound, (await Groups.GetAsync(owner, id, Token)).Kind);
        Assert.Empty(await Groups.GroupIdsOfAsync(owner, Token));
        Assert.Equal(OutcomeKind.Invalid, (await Groups.LeaveAsync(member, id, Token)).Kind);
    }

    [Fact]
    public async Task Members_of_a_group_see_the_sensors_shared_with_it_and_lose_them_when_they_go()
    {
        var owner = await app.NewActorAsync();
        var member = await app.NewActorAsync();
        var outsider = await app.NewActorAsync();
        var id = await CreateAsync(owner);
        await AddAsync(owner, id, member);
        var sensor = await app.InsertSensorAsync(owner.UserId, sharedWithGroup: id);
        var unshared = await app.InsertSensorAsync(owner.UserId);

        Assert.True(await Shared.CanSeeAsync(member, sensor, Token));
        Assert.False(await Shared.CanSeeAsync(member, unshared, Token));
        Assert.False(await Shared.CanSeeAsync(outsider, sensor, Token));
        Assert.Equal([sensor], await Shared.SensorIdsAsync(member, Token));
        Assert.Empty(await Shared.SensorIdsAsync(outsider, Token));
        var seen = (await Groups.GetAsync(member, id, Token)).Expect();
        Assert.Equal(DisplayNameOf(owner), Assert.Single(seen.SharedSensors).OwnerName);
        Assert.Equal(DisplayNameOf(owner), seen.OwnerName);
        Assert.Equal([DisplayNameOf(owner), DisplayNameOf(member)], seen.Members.Select(m => m.Name));
        var seenByAdmin = (await Groups.GetAsync(await app.ConfiguredAdminAsync(), id, Token)).Expect();
        Assert.Equal($"{DisplayNameOf(owner)} ({owner.Name})", seenByAdmin.OwnerName);

        Assert.True((await Groups.RemoveMemberAsync(owner, id, member.UserId, Token)).Succeeded);
        Assert.False(await Shared.CanSeeAsync(member, sensor, Token));
    }

    [Fact]
    public async Task Deleting_a_group_ends_its_shares_and_memberships()
    {
        var owner = await app.NewActorAsync();
        var member = await app.NewActorAsync();
        var id = await CreateAsync(owner);
        await AddAsync(owner, id, member);
        var sensor = await app.InsertSensorAsync(owner.UserId, sharedWithGroup: id);

        Assert.True((await Groups.DeleteAsync(owner, id, Token)).Succeeded);

        Assert.False(await Shared.CanSeeAsync(member, sensor, Token));
        Assert.Equal(0, await app.QueryAsync(db => db.SensorShares.CountAsync(s => s.GroupId == id, Token)));
        Assert.Equal(0, await app.QueryAsync(db => db.GroupMembers.CountAsync(m => m.GroupId == id, Token)));
        Assert.Equal(1, await app.QueryAsync(db => db.Sensors.CountAsync(s => s.Id == sensor, Token)));
    }

    [Fact]
    public async Task An_admin_sees_and_manages_any_group()
    {
        var owner = await app.NewActorAsync();
        var id = await CreateAsync(owner);
        var (admin, client) = await app.SignedInActorAsync(Roles.Admin);
        using var _ = client;

        Assert.True((await Groups.GetAsync(admin, id, Token)).Expect().CanManage);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/groups/{id}")).StatusCode);
        Assert.Contains((await Groups.ListAsync(admin, new PageRequest(PageSize: 200), everyone: true, Token)).Items, g => g.Id == id);
        Assert.DoesNotContain((await Groups.ListAsync(admin, new PageRequest(PageSize: 200), everyone: false, Token)).Items, g => g.Id == id);
    }

    [Fact]
    public async Task Every_change_is_audited()
    {
        var owner = await app.NewActorAsync();
        var member = await app.NewActorAsync();
        var id = await CreateAsync(owner);
        Assert.True((await Groups.UpdateAsync(owner, id, new GroupInput(UniqueName(), "new words"), Token)).Succeeded);
        await AddAsync(owner, id, member);
        Assert.True((await Groups.HandOverAsync(owner, id, member.UserId, Token)).Succeeded);
        Assert.True((await Groups.RemoveMemberAsync(member, id, owner.UserId, Token)).Succeeded);
        Assert.True((await Groups.DeleteAsync(member, id, Token)).Succeeded);

        var entries = await app.QueryAsync(db => db.AuditEntries.Where(a => a.EntityType == AuditEntities.Group && a.EntityId == id.ToString())
            .OrderBy(a => a.Id).ToListAsync(Token));

        Assert.Equal(
            [AuditAction.Create, AuditAction.Update, AuditAction.Invite, AuditAction.Update, AuditAction.Update, AuditAction.Update, AuditAction.Delete],
            entries.Select(e => e.Action));
        Assert.StartsWith($"Invited {member.Name}", entries[2].Summary, StringComparison.Ordinal);
        Assert.Equal(owner.UserId, entries[2].ActorId);
        Assert.StartsWith($"{member.Name} accepted the invitation", entries[3].Summary, StringComparison.Ordinal);
        Assert.Equal(member.UserId, entries[3].ActorId);
        Assert.Contains($"over from {owner.Name} to {member.Name}", entries[4].Summary, StringComparison.Ordinal);
        Assert.StartsWith($"Removed {owner.Name}", entries[5].Summary, StringComparison.Ordinal);
        Assert.Equal(member.UserId, entries[6].ActorId);
    }
}
