using System.Net;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Notifications;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Notifications;

public sealed class NotificationTestsOnSqlite(SqliteApp app) : NotificationTests(app), IClassFixture<SqliteApp>;

public sealed class NotificationTestsOnPostgres(PostgresApp app) : NotificationTests(app), IClassFixture<PostgresApp>;

/// <summary>Each person's own notifications: listing, the unread count and marking them read.</summary>
public abstract class NotificationTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private NotificationService Notifications => app.Services.GetRequiredService<NotificationService>();

    private async Task<Actor> NewMemberAsync()
    {
        var email = TestAccounts.UniqueEmail("reader");
        var user = await app.CreateAccountAsync(email);
        return new Actor(user.Id, email, IsAdmin: false);
    }

    [Fact]
    public async Task A_person_sees_only_their_own_notifications_newest_first_in_pages()
    {
        var me = await NewMemberAsync();
        var someoneElse = await NewMemberAsync();
        var start = app.Clock.GetUtcNow().AddHours(-5);
        for (var i = 0; i < 5; i++)
        {
            await app.AddNotificationAsync(me.UserId, $"mine {i}", start.AddMinutes(i * 7));
        }
        await app.AddNotificationAsync(someoneElse.UserId, "not mine", start.AddMinutes(100));

        var first = await Notifications.ListAsync(me, new PageRequest(0, 2), Token);
        var second = await Notifications.ListAsync(me, new PageRequest(1, 2), Token);

        Assert.Equal(5, first.TotalCount);
        Assert.Equal(["mine 4", "mine 3"], first.Items.Select(n => n.Message));
        Assert.Equal(["mine 2", "mine 1"], second.Items.Select(n => n.Message));
    }

    [Fact]
    public async Task Marking_one_read_lowers_the_unread_count_and_gives_its_link()
    {
        var me = await NewMemberAsync();
        var now = app.Clock.GetUtcNow();
        var first = await app.AddNotificationAsync(me.UserId, "first", now.AddMinutes(-2), "/sensor-types/1");
        await app.AddNotificationAsync(me.UserId, "second", now.AddMinutes(-1));
        Assert.Equal(2, await Notifications.UnreadCountAsync(me, Token));

        var marked = await Notifications.MarkReadAsync(me, first.Id, Token);

        Assert.True(marked.Succeeded);
        Assert.Equal("/sensor-types/1", marked.Expect());
        Assert.Equal(1, await Notifications.UnreadCountAsync(me, Token));
        var listed = await Notifications.ListAsync(me, new PageRequest(), Token);
        Assert.True(listed.Items.Single(n => n.Id == first.Id).IsRead);
        Assert.True((await Notifications.MarkReadAsync(me, first.Id, Token)).Succeeded);
        Assert.Equal(1, await Notifications.UnreadCountAsync(me, Token));
    }

    [Fact]
    public async Task Nobody_marks_someone_elses_notification_read_not_even_an_admin()
    {
        var owner = await NewMemberAsync();
        var other = await NewMemberAsync();
        var notification = await app.AddNotificationAsync(owner.UserId, "private", app.Clock.GetUtcNow());

        var byOther = await Notifications.MarkReadAsync(other, notification.Id, Token);
        var byAdmin = await Notifications.MarkReadAsync(new Actor(Guid.NewGuid(), "admin", IsAdmin: true), notification.Id, Token);

        Assert.Equal(OutcomeKind.NotFound, byOther.Kind);
        Assert.Equal(OutcomeKind.NotFound, byAdmin.Kind);
        Assert.False(byOther.TryGetValue(out _));
        Assert.Equal(1, await Notifications.UnreadCountAsync(owner, Token));
        Assert.Equal(0, (await Notifications.ListAsync(other, new PageRequest(), Token)).TotalCount);
    }

    [Fact]
    public async Task Mark_all_as_read_touches_only_the_persons_own()
    {
        var me = await NewMemberAsync();
        var other = await NewMemberAsync();
        var now = app.Clock.GetUtcNow();
        await app.AddNotificationAsync(me.UserId, "a", now);
        await app.AddNotificationAsync(me.UserId, "b", now);
        await app.AddNotificationAsync(other.UserId, "c", now);

        var count = await Notifications.MarkAllReadAsync(me, Token);

        Assert.Equal(2, count);
        Assert.Equal(0, await Notifications.UnreadCountAsync(me, Token));
        Assert.Equal(1, await Notifications.UnreadCountAsync(other, Token));
        await using var db = await app.DbAsync();
        Assert.All(await db.Notifications.Where(n => n.UserId == me.UserId).ToListAsync(Token), n => Assert.NotNull(n.ReadAt));
    }

    [Fact]
    public async Task Members_open_their_notifications_page_with_the_bell_in_the_app_bar()
    {
        using var client = await app.SignedInClientAsync();

        var response = await client.GetAsync("/notifications");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"notification-bell\"", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }
}
