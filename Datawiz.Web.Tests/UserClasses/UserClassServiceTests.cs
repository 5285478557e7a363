using System.Net;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.UserClasses;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.UserClasses;

public sealed class UserClassServiceTestsOnSqlite(SqliteApp app) : UserClassServiceTests(app), IClassFixture<SqliteApp>;

public sealed class UserClassServiceTestsOnPostgres(PostgresApp app) : UserClassServiceTests(app), IClassFixture<PostgresApp>;

/// <summary>Creating, changing and deleting user classes: names, the one default, classes in use, audit.</summary>
public abstract class UserClassServiceTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private UserClassService Classes => app.Services.GetRequiredService<UserClassService>();

    [Fact]
    public async Task An_admin_creates_a_class_and_it_is_listed_and_audited()
    {
        var admin = await app.ConfiguredAdminAsync();
        var draft = Draft("Research");
        draft.Name = $"  {draft.Name}  ";
        draft.MaxConnectedSensors = 7;

        var created = await Classes.CreateAsync(admin, draft, Token);

        Assert.True(created.Succeeded, created.Message);
        var listed = Assert.Single((await Classes.ListAsync(admin, new PageRequest(Search: draft.Name.Trim()), Token)).Items);
        Assert.Equal(draft.Name.Trim(), listed.Name);
        Assert.Equal(draft.MaxSensors, listed.MaxSensors);
        Assert.Equal(7, listed.MaxConnectedSensors);
        Assert.False(listed.IsDefault);
        Assert.Equal(0, listed.UserCount);
        await using var db = await CreateContextAsync();
        var entry = await SingleEntryAsync(db, created.Expect(), AuditAction.Create);
        Assert.Contains(draft.Name.Trim(), entry.Summary);
    }

    [Fact]
    public async Task A_name_already_taken_is_refused_whatever_its_case()
    {
        var admin = await app.ConfiguredAdminAsync();
        var first = Draft("Taken");
        Assert.True((await Classes.CreateAsync(admin, first, Token)).Succeeded);
        var second = Draft("other");
        second.Name = first.Name.ToUpperInvariant();

        var refused = await Classes.CreateAsync(admin, second, Token);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Equal([UserClassService.DuplicateNameMessage(second.Name)], refused.Errors);
        Assert.Single((await Classes.ListAsync(admin, new PageRequest(Search: first.Name, PageSize: 10), Token)).Items);
    }

    [Fact]
    public async Task Renaming_onto_another_class_is_refused_but_keeping_the_own_name_is_fine()
    {
        var admin = await app.ConfiguredAdminAsync();
        var a = Draft("Alpha");
        var b = Draft("Beta");
        await Classes.CreateAsync(admin, a, Token);
        var bId = (await Classes.CreateAsync(admin, b, Token)).Expect();

        b.MaxSensors = 3;
        b.MaxConnectedSensors = 2;
        Assert.True((await Classes.UpdateAsync(admin, bId, b, Token)).Succeeded);
        b.Name = a.Name;
        var refused = await Classes.UpdateAsync(admin, bId, b, Token);

        Assert.Equal([UserClassService.DuplicateNameMessage(a.Name)], refused.Errors);
        var stored = (await Classes.GetAsync(admin, bId, Token)).Expect();
        Assert.NotEqual(a.Name, stored.Name);
        Assert.Equal(3, stored.MaxSensors);
        Assert.Equal(2, stored.MaxConnectedSensors);
    }

    [Fact]
    public async Task Invalid_limits_and_a_missing_name_are_refused_with_the_rules_messages()
    {
        var admin = await app.ConfiguredAdminAsync();
        var draft = Draft("Broken");
        draft.Name = "   ";
        draft.MaxSensors = -1;
        draft.MaxConnectedSensors = 0;
        draft.RetentionDays = 0;

        var refused = await Classes.CreateAsync(admin, draft, Token);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Equal(
            ["Name is required.", "Max sensors must be at least 0.", "Sensors connected at once must be at least 1.", "Retention (days) must be at least 1."],
            refused.Errors);
    }

    [Fact]
    public async Task Making_a_class_the_default_takes_the_flag_from_the_others_and_the_default_stays_until_replaced()
    {
        var admin = await app.ConfiguredAdminAsync();
        var original = await DefaultIdAsync();
        var draft = Draft("NewDefault");
        draft.IsDefault = true;

        var created = (await Classes.CreateAsync(admin, draft, Token)).Expect();

        Assert.Equal(created, await DefaultIdAsync());
        draft.IsDefault = false;
        var cleared = await Classes.UpdateAsync(admin, created, draft, Token);
        Assert.Equal([UserClassService.DefaultCannotBeClearedMessage], cleared.Errors);
        Assert.Equal([UserClassService.DefaultCannotBeDeletedMessage], (await Classes.DeleteAsync(admin, created, Token)).Errors);

        // Hand the flag back so the other tests of this class see the seeded default.
        var back = (await Classes.GetAsync(admin, original, Token)).Expect();
        back.IsDefault = true;
        Assert.True((await Classes.UpdateAsync(admin, original, back, Token)).Succeeded);
        Assert.Equal(original, await DefaultIdAsync());
        Assert.True((await Classes.DeleteAsync(admin, created, Token)).Succeeded);
    }

    [Fact]
    public async Task A_class_with_users_is_not_deleted_and_the_message_says_how_many()
    {
        var admin = await app.ConfiguredAdminAsync();
        var draft = Draft("Busy");
        var id = (await Classes.CreateAsync(admin, draft, Token)).Expect();
        var administration = app.Services.GetRequiredService<UserAdministration>();
        var users = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var user = await app.CreateAccountAsync(TestAccounts.UniqueEmail("busy"));
            Assert.True((await administration.ChangeClassAsync(admin, user.Id, id, Token)).Succeeded);
            users.Add(user.Id);
        }

        var refused = await Classes.DeleteAsync(admin, id, Token);

        Assert.Equal([UserClassService.InUseMessage(draft.Name, 2)], refused.Errors);
        Assert.Contains("2 users", refused.Errors[0]);
        Assert.Equal(2, Assert.Single((await Classes.ListAsync(admin, new PageRequest(Search: draft.Name), Token)).Items).UserCount);

        // Deleted accounts do not keep a class alive: they fall back to the default.
        foreach (var user in users)
        {
            Assert.True((await administration.DeleteAsync(admin, user, Token)).Succeeded);
        }
        Assert.True((await Classes.DeleteAsync(admin, id, Token)).Succeeded);
        await using var db = await CreateContextAsync();
        Assert.False(await db.UserClasses.AnyAsync(c => c.Id == id, Token));
        Assert.All(await db.Users.Where(u => users.Contains(u.Id)).ToListAsync(Token), u => Assert.Null(u.UserClassId));
        Assert.Contains(draft.Name, (await SingleEntryAsync(db, id, AuditAction.Delete)).Summary);
    }

    [Fact]
    public async Task Changes_are_audited_with_before_and_after()
    {
        var admin = await app.ConfiguredAdminAsync();
        var draft = Draft("Audited");
        var id = (await Classes.CreateAsync(admin, draft, Token)).Expect();
        draft.MaxApplications = 9;

        Assert.True((await Classes.UpdateAsync(admin, id, draft, Token)).Succeeded);

        await using var db = await CreateContextAsync();
        var entry = await SingleEntryAsync(db, id, AuditAction.Update);
        Assert.Contains("applications 3", entry.Summary);
        Assert.Contains("applications 9", entry.Summary);
        Assert.Equal(admin.UserId, entry.ActorId);
    }

    [Fact]
    public async Task Someone_who_is_not_an_admin_cannot_read_or_change_classes()
    {
        var member = TestActors.ActorFor(await app.CreateAccountAsync(TestAccounts.UniqueEmail("nosy")));
        var id = await DefaultIdAsync();
        var draft = Draft("Sneaky");

        Assert.Empty((await Classes.ListAsync(member, new PageRequest(), Token)).Items);
        Assert.Equal(OutcomeKind.NotFound, (await Classes.GetAsync(member, id, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Classes.CreateAsync(member, draft, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Classes.UpdateAsync(member, id, draft, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Classes.DeleteAsync(member, id, Token)).Kind);
        await using var db = await CreateContextAsync();
        Assert.False(await db.UserClasses.AnyAsync(c => c.Name == draft.Name, Token));
    }

    [Fact]
    public async Task The_list_is_sorted_and_paged_on_the_server()
    {
        var admin = await app.ConfiguredAdminAsync();
        var marker = Guid.NewGuid().ToString("N")[..8];
        foreach (var sensors in new[] { 5, 50, 15 })
        {
            var draft = Draft($"Sorted {marker}");
            draft.Name = $"Sorted {marker} {sensors}";
            draft.MaxSensors = sensors;
            await Classes.CreateAsync(admin, draft, Token);
        }

        var page = await Classes.ListAsync(admin, new PageRequest(0, 2, marker, "MaxSensors", Descending: true), Token);

        Assert.Equal(3, page.TotalCount);
        Assert.Equal([50, 15], page.Items.Select(c => c.MaxSensors));
    }

    [Fact]
    public async Task Admins_see_the_user_classes_page()
    {
        using var client = await app.SignedInClientAsync(Roles.Admin);

        var response = await client.GetAsync("/admin/user-classes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await PortalClient.TextOf(response);
        Assert.Contains("data-testid=\"user-classes-grid\"", text);
        Assert.Contains("New class", text);
    }

    private static UserClassDraft Draft(string name)
    {
        var draft = UserClassDraft.New();
        draft.Name = $"{name} {Guid.NewGuid().ToString("N")[..8]}";
        return draft;
    }

    private async Task<Guid> DefaultIdAsync()
    {
        await using var db = await CreateContextAsync();
        return await db.UserClasses.Where(c => c.IsDefault).Select(c => c.Id).SingleAsync(Token);
    }

    private async Task<DatawizDbContext> CreateContextAsync() =>
        await app.Services.GetRequiredService<IDbContextFactory<DatawizDbContext>>().CreateDbContextAsync(Token);

    private static async Task<AuditEntry> SingleEntryAsync(DatawizDbContext db, Guid id, AuditAction action) =>
        await db.AuditEntries.AsNoTracking()
            .SingleAsync(e => e.EntityType == AuditEntities.UserClass && e.EntityId == id.ToString() && e.Action == action, Token);
}
