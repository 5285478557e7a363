using System.Net;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Domain.UserClasses;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.UserClasses;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Users;

public sealed class UserAdministrationTestsOnSqlite(SqliteApp app) : UserAdministrationTests(app), IClassFixture<SqliteApp>;

public sealed class UserAdministrationTestsOnPostgres(PostgresApp app) : UserAdministrationTests(app), IClassFixture<PostgresApp>;

/// <summary>What administrators do to accounts: status, deletion, role and class, with their safeguards and audit.</summary>
public abstract class UserAdministrationTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private UserAdministration Administration => app.Services.GetRequiredService<UserAdministration>();

    [Fact]
    public async Task Deleting_an_account_ends_its_sessions_and_revokes_every_sensor_credential_but_keeps_the_data()
    {
        var email = TestAccounts.UniqueEmail("doomed");
        var user = await app.CreateAccountAsync(email);
        var bystander = await app.CreateAccountAsync(TestAccounts.UniqueEmail("bystander"));
        var sensors = new[] { await AddSensorAsync(user.Id), await AddSensorAsync(user.Id) };
        var untouched = await AddSensorAsync(bystander.Id);
        using var client = app.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, TestAccounts.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        var outcome = await Administration.DeleteAsync(await app.ConfiguredAdminAsync(), user.Id, Token);

        Assert.True(outcome.Succeeded, outcome.Message);
        var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", PortalClient.RedirectTarget(after));
        using var fresh = app.CreatePortalClient();
        Assert.Contains(SignInRefusal.MessageFor(UserStatus.Deleted)!, await PortalClient.TextOf(await fresh.SignInAsync(email, TestAccounts.Password)));

        await using var db = await CreateContextAsync();
        Assert.Equal(UserStatus.Deleted, (await db.Users.SingleAsync(u => u.Id == user.Id, Token)).Status);
        var stored = await db.Sensors.AsNoTracking().Where(s => s.OwnerId == user.Id).ToListAsync(Token);
        Assert.Equal(sensors.Order(), stored.Select(s => s.Id).Order());
        Assert.All(stored, s => Assert.Equal("", s.MqttPasswordHash));
        Assert.NotEqual("", (await db.Sensors.AsNoTracking().SingleAsync(s => s.Id == untouched, Token)).MqttPasswordHash);
        var entry = await SingleEntryAsync(db, user.Id, AuditAction.Delete);
        Assert.Contains("2 sensor(s)", entry.Summary);
        Assert.Equal(DatawizApp.AdminEmail, entry.ActorName);
    }

    [Theory]
    [InlineData(UserStatus.Pending)]
    [InlineData(UserStatus.Suspended)]
    public async Task Pending_and_suspended_accounts_can_be_deleted_and_nothing_brings_them_back(UserStatus status)
    {
        var user = await app.CreateAccountAsync(TestAccounts.UniqueEmail("leaving"), status);
        var admin = await app.ConfiguredAdminAsync();

        Assert.True((await Administration.DeleteAsync(admin, user.Id, Token)).Succeeded);

        var reactivate = await Administration.ChangeStatusAsync(admin, user.Id, UserStatus.Active, Token);
        Assert.Equal(OutcomeKind.Invalid, reactivate.Kind);
        Assert.Contains("Deleted cannot become Active", Assert.Single(reactivate.Errors));
        Assert.Equal(OutcomeKind.Invalid, (await Administration.ChangeRoleAsync(admin, user.Id, Roles.Admin, Token)).Kind);
        Assert.Equal(UserStatus.Deleted, (await app.FindAccountAsync(user.Email!)).Status);
    }

    [Fact]
    public async Task Status_changes_are_audited()
    {
        var user = await app.CreateAccountAsync(TestAccounts.UniqueEmail("audited"), UserStatus.Pending);

        Assert.True((await Administration.ChangeStatusAsync(await app.ConfiguredAdminAsync(), user.Id, UserStatus.Active, Token)).Succeeded);

        await using var db = await CreateContextAsync();
        var entry = await SingleEntryAsync(db, user.Id, AuditAction.StatusChange);
        Assert.Contains("from Pending to Active", entry.Summary);
    }

    [Fact]
    public async Task Admins_cannot_suspend_delete_or_demote_themselves()
    {
        var email = TestAccounts.UniqueEmail("self");
        var admin = TestActors.ActorFor(await app.CreateAccountAsync(email, role: Roles.Admin), isAdmin: true);

        var suspended = await Administration.ChangeStatusAsync(admin, admin.UserId, UserStatus.Suspended, Token);
        var deleted = await Administration.DeleteAsync(admin, admin.UserId, Token);
        var demoted = await Administration.ChangeRoleAsync(admin, admin.UserId, Roles.User, Token);

        Assert.Equal([AdminSafeguards.OwnStatusMessage], suspended.Errors);
        Assert.Equal([AdminSafeguards.OwnStatusMessage], deleted.Errors);
        Assert.Equal([AdminSafeguards.OwnRoleMessage], demoted.Errors);
        Assert.Equal(UserStatus.Active, (await app.FindAccountAsync(email)).Status);
        Assert.True(await app.IsAdminAsync(email));
    }

    [Fact]
    public async Task Someone_who_is_not_an_admin_learns_nothing_and_changes_nothing()
    {
        var target = await app.CreateAccountAsync(TestAccounts.UniqueEmail("target"));
        var member = TestActors.ActorFor(await app.CreateAccountAsync(TestAccounts.UniqueEmail("member")));
        var classes = app.Services.GetRequiredService<UserClassService>();
        var anyClass = (await classes.OptionsAsync(await app.ConfiguredAdminAsync(), Token))[0];

        Assert.Empty(await classes.OptionsAsync(member, Token));
        var listed = await Administration.ListAsync(member, new UserQuery(target.Email, null, 0, 50), Token);
        Assert.Empty(listed.Items);
        Assert.Equal(0, listed.TotalCount);

        Assert.Equal(OutcomeKind.NotFound, (await Administration.DeleteAsync(member, target.Id, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Administration.ChangeStatusAsync(member, target.Id, UserStatus.Suspended, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Administration.ChangeRoleAsync(member, target.Id, Roles.Admin, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Administration.ChangeClassAsync(member, target.Id, anyClass.Id, Token)).Kind);
        Assert.Equal(UserStatus.Active, (await app.FindAccountAsync(target.Email!)).Status);
        Assert.False(await app.IsAdminAsync(target.Email!));
    }

    [Fact]
    public async Task A_new_admin_signs_in_again_and_then_opens_the_admin_pages_and_a_demoted_one_loses_them()
    {
        var email = TestAccounts.UniqueEmail("promoted");
        var user = await app.CreateAccountAsync(email);
        using var client = app.CreatePortalClient();
        await client.SignInAsync(email, TestAccounts.Password);
        Assert.StartsWith("/account/access-denied", PortalClient.RedirectTarget(await client.GetAsync("/admin/user-classes")));
        var admin = await app.ConfiguredAdminAsync();

        Assert.True((await Administration.ChangeRoleAsync(admin, user.Id, Roles.Admin, Token)).Succeeded);

        Assert.True(await app.IsAdminAsync(email));
        Assert.StartsWith("/account/login", PortalClient.RedirectTarget(await client.GetAsync("/")));
        await client.SignInAsync(email, TestAccounts.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/user-classes")).StatusCode);

        Assert.True((await Administration.ChangeRoleAsync(admin, user.Id, Roles.User, Token)).Succeeded);

        Assert.False(await app.IsAdminAsync(email));
        Assert.StartsWith("/account/login", PortalClient.RedirectTarget(await client.GetAsync("/admin/user-classes")));
        await client.SignInAsync(email, TestAccounts.Password);
        Assert.StartsWith("/account/access-denied", PortalClient.RedirectTarget(await client.GetAsync("/admin/user-classes")));
        await using var db = await CreateContextAsync();
        var entries = await db.AuditEntries.Where(e => e.EntityId == user.Id.ToString() && e.Action == AuditAction.Update).ToListAsync(Token);
        Assert.Equal(2, entries.Count);
        Assert.Contains(entries, e => e.Summary.Contains("from User to Admin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_role_is_refused()
    {
        var user = await app.CreateAccountAsync(TestAccounts.UniqueEmail("roleless"));

        var outcome = await Administration.ChangeRoleAsync(await app.ConfiguredAdminAsync(), user.Id, "Superuser", Token);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.False(await app.IsAdminAsync(user.Email!));
    }

    [Fact]
    public async Task Quotas_follow_the_assigned_class_and_otherwise_the_default()
    {
        var user = await app.CreateAccountAsync(TestAccounts.UniqueEmail("classy"));
        var classes = app.Services.GetRequiredService<UserClassService>();
        var admin = await app.ConfiguredAdminAsync();
        var draft = UserClassDraft.New();
        draft.Name = $"Gold {Guid.NewGuid():N}";
        draft.MaxSensors = 77;
        var gold = (await classes.CreateAsync(admin, draft, Token)).Expect();

        await using (var db = await CreateContextAsync())
        {
            var before = await Quotas.ClassOfAsync(db, user.Id, Token);
            Assert.True(before.IsDefault);
            Assert.Equal(await db.UserClasses.Where(c => c.IsDefault).Select(c => c.Id).SingleAsync(Token), before.Id);
        }

        Assert.True((await Administration.ChangeClassAsync(admin, user.Id, gold, Token)).Succeeded);

        await using (var db = await CreateContextAsync())
        {
            var after = await Quotas.ClassOfAsync(db, user.Id, Token);
            Assert.Equal(gold, after.Id);
            Assert.Equal(77, after.MaxSensors);
            Assert.Contains(draft.Name, (await SingleEntryAsync(db, user.Id, AuditAction.Update)).Summary);
        }
    }

    [Fact]
    public async Task Moving_an_account_to_a_class_that_does_not_exist_is_refused()
    {
        var user = await app.CreateAccountAsync(TestAccounts.UniqueEmail("lost"));

        var outcome = await Administration.ChangeClassAsync(await app.ConfiguredAdminAsync(), user.Id, Guid.NewGuid(), Token);

        Assert.Equal(OutcomeKind.NotFound, outcome.Kind);
        Assert.Null((await app.FindAccountAsync(user.Email!)).UserClassId);
    }

    [Fact]
    public async Task The_list_filters_by_role_and_by_class()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var admin = await app.ConfiguredAdminAsync();
        var draft = UserClassDraft.New();
        draft.Name = $"Filter {marker}";
        var special = (await app.Services.GetRequiredService<UserClassService>().CreateAsync(admin, draft, Token)).Expect();
        var plain = await app.CreateAccountAsync(TestAccounts.UniqueEmail($"plain-{marker}"));
        var boss = await app.CreateAccountAsync(TestAccounts.UniqueEmail($"boss-{marker}"), role: Roles.Admin);
        await Administration.ChangeClassAsync(admin, boss.Id, special, Token);

        async Task<Guid[]> ListAsync(string? role, Guid? classId) =>
            (await Administration.ListAsync(admin, new UserQuery(marker, null, 0, 50, role, classId), Token)).Items.Select(u => u.Id).ToArray();

        Assert.Equal([boss.Id], await ListAsync(Roles.Admin, null));
        Assert.Equal([plain.Id], await ListAsync(Roles.User, null));
        Assert.Equal([boss.Id], await ListAsync(null, special));
        var defaultClass = (await app.Services.GetRequiredService<UserClassService>().OptionsAsync(admin, Token)).Single(c => c.IsDefault);
        Assert.Equal([plain.Id], await ListAsync(null, defaultClass.Id));
        var listed = (await Administration.ListAsync(admin, new UserQuery(marker, null, 0, 50), Token)).Items;
        Assert.Equal(draft.Name, listed.Single(u => u.Id == boss.Id).UserClassName);
        Assert.Equal(defaultClass.Name, listed.Single(u => u.Id == plain.Id).UserClassName);
    }

    private async Task<DatawizDbContext> CreateContextAsync() =>
        await app.Services.GetRequiredService<IDbContextFactory<DatawizDbContext>>().CreateDbContextAsync(Token);

    private static async Task<AuditEntry> SingleEntryAsync(DatawizDbContext db, Guid userId, AuditAction action) =>
        await db.AuditEntries.AsNoTracking()
            .SingleAsync(e => e.EntityType == AuditEntities.User && e.EntityId == userId.ToString() && e.Action == action, Token);

    /// <summary>A sensor with working credentials, put straight into the database (sensors are another feature).</summary>
    private async Task<Guid> AddSensorAsync(Guid ownerId)
    {
        await using var db = await CreateContextAsync();
        var unique = Guid.NewGuid().ToString("N");
        var type = new SensorType
        {
            Id = Guid.NewGuid(), Name = $"Type {unique}", Hardware = "ESP8266 + DHT11", Review = { Status = ReviewStatus.Approved }, CreatedAt = app.Clock.GetUtcNow(),
        };
        var sensor = new Sensor
        {
            Id = Guid.NewGuid(), OwnerId = ownerId, SensorTypeId = type.Id, Name = $"Sensor {unique}", MqttUsername = $"s-{unique}",
            MqttPasswordHash = "hash-of-a-password", TopicPrefix = $"dw/{unique}", CreatedAt = app.Clock.GetUtcNow(),
        };
        db.SensorTypes.Add(type);
        db.Sensors.Add(sensor);
        await db.SaveChangesAsync(Token);
        return sensor.Id;
    }
}
