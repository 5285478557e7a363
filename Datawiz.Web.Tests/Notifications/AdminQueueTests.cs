using Datawiz.Domain.Accounts;
using Datawiz.Domain.Common;
using Datawiz.Domain.Reviews;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Notifications;
using Datawiz.Infrastructure.Reviews;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Notifications;

public sealed class AdminQueueTestsOnSqlite(SqliteApp app) : AdminQueueTests(app), IClassFixture<SqliteApp>;

public sealed class AdminQueueTestsOnPostgres(PostgresApp app) : AdminQueueTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// What waits for administrators: counted for them only, announced to them as a notification that links to
/// it, and signalled live once committed. Tests in a class share one app, so they compare counts before and after.
/// </summary>
public abstract class AdminQueueTests(DatawizApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private AdminQueues Queues => app.Services.GetRequiredService<AdminQueues>();

    private NotificationService Notifications => app.Services.GetRequiredService<NotificationService>();

    [Fact]
    public async Task A_registration_waiting_for_approval_is_counted_announced_with_a_link_and_signalled_after_commit()
    {
        var admin = await app.ConfiguredAdminAsync();
        var before = await Queues.CountAsync(admin, AdminWork.Accounts, Token);
        var unreadBefore = await Notifications.UnreadCountAsync(admin, Token);
        var countedWhenSignalled = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = Queues.Watch(AdminWork.Accounts, async cancellationToken =>
            countedWhenSignalled.TrySetResult(await Queues.CountAsync(admin, AdminWork.Accounts, cancellationToken)));
        var email = TestAccounts.UniqueEmail("newcomer");

        using (var client = app.CreatePortalClient())
        {
            await client.RegisterAsync(email, "quiet-orchard-57", "New Comer");
        }

        // Counted when the signal arrives: the signal came after the commit, not before it.
        Assert.Equal(before + 1, await countedWhenSignalled.Task.WaitAsync(Patience, Token));
        Assert.Equal(unreadBefore + 1, await Notifications.UnreadCountAsync(admin, Token));
        var newest = (await Notifications.ListAsync(admin, new PageRequest(0, 1), Token)).Items.Single();
        Assert.Contains(email, newest.Message);
        Assert.Equal("/admin/users", newest.Link);

        var approved = await app.Services.GetRequiredService<UserAdministration>()
            .ChangeStatusAsync(admin, (await app.FindAccountAsync(email)).Id, UserStatus.Active, Token);
        Assert.True(approved.Succeeded, approved.Message);
        Assert.Equal(before, await Queues.CountAsync(admin, AdminWork.Accounts, Token));
    }

    [Fact]
    public async Task A_submitted_template_reaches_the_admins_with_a_link_to_its_review_and_leaves_the_count_when_decided()
    {
        var admin = await app.ConfiguredAdminAsync();
        var member = await app.NewActorAsync();
        var template = await app.AddApplicationTemplateAsync(member.UserId, status: ReviewStatus.Draft);
        var before = await Queues.CountAsync(admin, AdminWork.Reviews, Token);

        var submitted = await app.Services.GetRequiredService<Datawiz.Infrastructure.Applications.ApplicationTemplates>().SubmitAsync(member, template.Id, Token);

        Assert.True(submitted.Succeeded, submitted.Message);
        Assert.Equal(before + 1, await Queues.CountAsync(admin, AdminWork.Reviews, Token));
        Assert.Equal(0, await Queues.CountAsync(member, AdminWork.Reviews, Token));
        var newest = (await Notifications.ListAsync(admin, new PageRequest(0, 1), Token)).Items.Single();
        Assert.Equal($"/admin/reviews/application-templates/{template.Id}", newest.Link);

        var decided = await app.Services.GetRequiredService<ReviewService>()
            .DecideAsync(admin, ReviewKind.ApplicationTemplate, template.Id, ReviewDecision.Reject, "Not yet.", Token);
        Assert.True(decided.Succeeded, decided.Message);
        Assert.Equal(before, await Queues.CountAsync(admin, AdminWork.Reviews, Token));
    }

    [Fact]
    public async Task A_notification_is_signalled_to_its_person_only_after_the_transaction_commits()
    {
        var admin = await app.ConfiguredAdminAsync();
        var member = await app.NewActorAsync();
        var type = await app.AddSensorTypeAsync(member.UserId);
        var unreadWhenSignalled = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = app.Services.GetRequiredService<Notifier>().Watch(member.UserId, async cancellationToken =>
            unreadWhenSignalled.TrySetResult(await Notifications.UnreadCountAsync(member, cancellationToken)));

        // The decision is saved inside an explicit transaction: the signal must wait for its commit.
        var decided = await app.Services.GetRequiredService<ReviewService>()
            .DecideAsync(admin, ReviewKind.SensorType, type.Id, ReviewDecision.Approve, null, Token);

        Assert.True(decided.Succeeded, decided.Message);
        Assert.Equal(1, await unreadWhenSignalled.Task.WaitAsync(Patience, Token));
    }
}
