using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Audit;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Audit;

public sealed class AuditLogTestsOnSqlite(SqliteApp app) : AuditLogTests(app), IClassFixture<SqliteApp>;

public sealed class AuditLogTestsOnPostgres(PostgresApp app) : AuditLogTests(app), IClassFixture<PostgresApp>;

/// <summary>Searching the audit trail, and the account actions that write to it.</summary>
public abstract class AuditLogTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private AuditLogQuery Log => app.Services.GetRequiredService<AuditLogQuery>();

    private async Task<Actor> AdminAsync()
    {
        var admin = await app.FindAccountAsync(DatawizApp.AdminEmail);
        return new Actor(admin.Id, admin.Email!, IsAdmin: true);
    }

    // Ten days apart, so the three days of one window never touch another.
    private static int lastWindow;

    /// <summary>
    /// Five entries over three days of a window of their own, long before anything the app writes: a query
    /// limited to the window sees only them. Returns the window's first day.
    /// </summary>
    private async Task<DateOnly> AddEntriesAsync()
    {
        var first = new DateOnly(1990, 1, 1).AddDays(10 * Interlocked.Increment(ref lastWindow));
        DateTimeOffset At(int day, int hour, int minute = 0, int second = 0, int millisecond = 0) =>
            new(first.AddDays(day).ToDateTime(new TimeOnly(hour, minute, second, millisecond)), TimeSpan.Zero);

        await app.AddAuditEntryAsync(At(0, 10), "alice@datawiz.test", AuditAction.Create, "Network", "net-1", "Created network");
        await app.AddAuditEntryAsync(At(1, 0), "bob@datawiz.test", AuditAction.Update, "Sensor", "sensor-7", "Renamed sensor");
        await app.AddAuditEntryAsync(At(1, 23, 59, 59, 900), "alice@datawiz.test", AuditAction.Delete, "Sensor", "sensor-8", "Deleted sensor");
        await app.AddAuditEntryAsync(At(2, 0), "carol@datawiz.test", AuditAction.Approve, "SensorType", "type-3", "Approved type");
        // Written out of order: the log sorts by when it happened, not by when it was stored.
        await app.AddAuditEntryAsync(At(0, 9), "bob@datawiz.test", AuditAction.Create, "Group", "group-2", "Created group");
        return first;
    }

    private static AuditQuery Window(DateOnly first, string? search = null, AuditAction? action = null, int page = 0, int pageSize = 25) =>
        new(search, action, first, first.AddDays(2), page, pageSize);

    [Fact]
    public async Task Entries_come_newest_first_in_pages()
    {
        var first = await AddEntriesAsync();

        var firstPage = await Log.SearchAsync(await AdminAsync(), Window(first, pageSize: 2), Token);
        var thirdPage = await Log.SearchAsync(await AdminAsync(), Window(first, page: 2, pageSize: 2), Token);

        Assert.Equal(5, firstPage.TotalCount);
        Assert.Equal(["type-3", "sensor-8"], firstPage.Items.Select(e => e.EntityId));
        Assert.Equal(["group-2"], thirdPage.Items.Select(e => e.EntityId));
    }

    [Theory]
    [InlineData("ALICE@", new[] { "sensor-8", "net-1" })]
    [InlineData("sensortype", new[] { "type-3" })]
    [InlineData(" sensor-7 ", new[] { "sensor-7" })]
    [InlineData("deleted SENSOR", new[] { "sensor-8" })]
    [InlineData("nothing like this", new string[0])]
    public async Task Search_looks_at_actor_entity_type_entity_id_and_summary(string search, string[] expected)
    {
        var first = await AddEntriesAsync();

        var found = await Log.SearchAsync(await AdminAsync(), Window(first, search), Token);

        Assert.Equal(expected, found.Items.Select(e => e.EntityId));
        Assert.Equal(expected.Length, found.TotalCount);
    }

    [Fact]
    public async Task Filters_by_action_and_by_whole_utc_days()
    {
        var first = await AddEntriesAsync();
        var second = first.AddDays(1);
        var admin = await AdminAsync();

        var creates = await Log.SearchAsync(admin, Window(first, action: AuditAction.Create), Token);
        var secondDay = await Log.SearchAsync(admin, new AuditQuery(From: second, To: second), Token);
        var createsOnFirstDay = await Log.SearchAsync(admin, new AuditQuery(Action: AuditAction.Create, From: first, To: first), Token);
        var fromSecondDay = await Log.SearchAsync(admin, new AuditQuery(From: second, To: first.AddDays(5)), Token);
        var untilFirstDay = await Log.SearchAsync(admin, new AuditQuery(From: first.AddDays(-5), To: first), Token);

        Assert.Equal(["net-1", "group-2"], creates.Items.Select(e => e.EntityId));
        Assert.Equal(["sensor-8", "sensor-7"], secondDay.Items.Select(e => e.EntityId));
        Assert.Equal(2, createsOnFirstDay.TotalCount);
        Assert.Equal(["type-3", "sensor-8", "sensor-7"], fromSecondDay.Items.Select(e => e.EntityId));
        Assert.Equal(["net-1", "group-2"], untilFirstDay.Items.Select(e => e.EntityId));
    }

    [Fact]
    public async Task Entries_carry_the_current_name_of_their_entity_or_none_once_it_is_gone()
    {
        var owner = await app.NewActorAsync();
        var network = await app.CreateNetworkAsync(owner.UserId, "Attic WiFi");
        var day = new DateOnly(1985, 6, 1).AddDays(10 * Interlocked.Increment(ref lastWindow));
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        await app.AddAuditEntryAsync(at, owner.Name, AuditAction.Create, AuditEntities.Network, network.Id.ToString(), "Created network");
        await app.AddAuditEntryAsync(at.AddMinutes(1), owner.Name, AuditAction.Delete, AuditEntities.Sensor, Guid.NewGuid().ToString(), "Deleted sensor");

        var found = await Log.SearchAsync(await AdminAsync(), new AuditQuery(From: day, To: day), Token);

        Assert.Equal([null, "Attic WiFi"], found.Items.Select(e => e.EntityName));
        Assert.Equal("Sensor type", AuditEntities.Label(AuditEntities.SensorType));
    }

    [Fact]
    public async Task Days_are_the_viewers_days_in_his_time_zone()
    {
        var first = await AddEntriesAsync();
        var second = first.AddDays(1);
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        // In Tokyo (UTC+9) the second UTC day runs from 09:00 to 09:00 the next day: the entry at 23:59 UTC falls
        // on the third Tokyo day and the one at 00:00 UTC on the second.
        var secondTokyoDay = await Log.SearchAsync(await AdminAsync(), new AuditQuery(From: second, To: second, Zone: tokyo), Token);

        Assert.Equal(["sensor-7"], secondTokyoDay.Items.Select(e => e.EntityId));
    }

    [Fact]
    public async Task Open_ended_date_ranges_reach_to_the_start_and_to_now()
    {
        var first = await AddEntriesAsync();
        var admin = await AdminAsync();

        var since = await Log.SearchAsync(admin, new AuditQuery("net-1", From: first), Token);
        var until = await Log.SearchAsync(admin, new AuditQuery("type-3", To: first.AddDays(1)), Token);

        var windowStart = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var thisNetwork = Assert.Single(since.Items);
        Assert.Equal(windowStart.AddHours(10), thisNetwork.At);
        Assert.All(until.Items, e => Assert.True(e.At < windowStart.AddDays(2)));
        Assert.DoesNotContain(until.Items, e => e.At == windowStart.AddDays(2));
    }

    [Fact]
    public async Task Members_who_are_not_admins_get_no_entries()
    {
        var first = await AddEntriesAsync();

        var found = await Log.SearchAsync(new Actor(Guid.NewGuid(), "member", IsAdmin: false), Window(first), Token);

        Assert.Equal(0, found.TotalCount);
        Assert.Empty(found.Items);
    }

    [Fact]
    public async Task A_status_change_by_an_admin_is_recorded()
    {
        var email = TestAccounts.UniqueEmail("audited");
        var user = await app.CreateAccountAsync(email, UserStatus.Pending);
        var admin = await AdminAsync();

        Assert.True((await app.Services.GetRequiredService<UserAdministration>().ChangeStatusAsync(admin, user.Id, UserStatus.Active, Token)).Succeeded);

        var found = await Log.SearchAsync(admin, new AuditQuery(user.Id.ToString(), AuditAction.StatusChange), Token);
        var entry = Assert.Single(found.Items);
        Assert.Equal("User", entry.EntityType);
        Assert.Equal(DatawizApp.AdminEmail, entry.ActorName);
        Assert.Contains(email, entry.Summary, StringComparison.Ordinal);
        Assert.Contains("from Pending to Active", entry.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_status_change_is_not_recorded()
    {
        var email = TestAccounts.UniqueEmail("unchanged");
        var user = await app.CreateAccountAsync(email);
        var admin = await AdminAsync();

        Assert.False((await app.Services.GetRequiredService<UserAdministration>().ChangeStatusAsync(admin, user.Id, UserStatus.Active, Token)).Succeeded);

        Assert.Equal(0, (await Log.SearchAsync(admin, new AuditQuery(user.Id.ToString()), Token)).TotalCount);
    }

    [Fact]
    public async Task A_registration_is_recorded_with_the_new_person_as_actor()
    {
        var email = TestAccounts.UniqueEmail("registered");
        using var client = app.CreatePortalClient();

        await client.RegisterAsync(email, TestAccounts.Password);

        var user = await app.FindAccountAsync(email);
        var found = await Log.SearchAsync(await AdminAsync(), new AuditQuery(user.Id.ToString(), AuditAction.Create), Token);
        var entry = Assert.Single(found.Items);
        Assert.Equal(email, entry.ActorName);
        Assert.Equal("User", entry.EntityType);
        Assert.Contains("Pending", entry.Summary, StringComparison.Ordinal);
    }
}
