using System.Net;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Reviews;
using Datawiz.Infrastructure.Reviews;
using Datawiz.Web.Tests.Applications;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Reviews;

public sealed class ReviewTestsOnSqlite(SqliteApp app) : ReviewTests(app), IClassFixture<SqliteApp>;

public sealed class ReviewTestsOnPostgres(PostgresApp app) : ReviewTests(app), IClassFixture<PostgresApp>;

/// <summary>The review queue and decisions, through the real service on each provider.</summary>
public abstract class ReviewTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private ReviewService Reviews => app.Services.GetRequiredService<ReviewService>();

    private async Task<Actor> AdminAsync()
    {
        var admin = await app.FindAccountAsync(DatawizApp.AdminEmail);
        return new Actor(admin.Id, admin.Email!, IsAdmin: true);
    }

    private async Task<Actor> NewMemberAsync(string name = "submitter")
    {
        var email = TestAccounts.UniqueEmail(name);
        var user = await app.CreateAccountAsync(email);
        return new Actor(user.Id, email, IsAdmin: false);
    }

    [Fact]
    public async Task The_queue_lists_only_submitted_items_of_both_kinds_oldest_first()
    {
        var submitter = await NewMemberAsync();
        var tag = ReviewTestData.UniqueName("queue");
        var start = app.Clock.GetUtcNow().AddDays(-3);
        var template = await app.AddApplicationTemplateAsync(submitter.UserId, $"{tag}-template", createdAt: start);
        var type = await app.AddSensorTypeAsync(submitter.UserId, $"{tag}-type", createdAt: start.AddHours(1));
        await app.AddSensorTypeAsync(submitter.UserId, $"{tag}-draft", ReviewStatus.Draft, start.AddMinutes(1));
        await app.AddSensorTypeAsync(submitter.UserId, $"{tag}-approved", ReviewStatus.Approved, start.AddMinutes(2));
        await app.AddApplicationTemplateAsync(submitter.UserId, $"{tag}-rejected", ReviewStatus.Rejected, start.AddMinutes(3));

        var queue = await Reviews.QueueAsync(await AdminAsync(), new ReviewQueueQuery(Search: tag), Token);

        Assert.Equal(2, queue.TotalCount);
        Assert.Equal([template.Id, type.Id], queue.Items.Select(i => i.Id));
        Assert.Equal([ReviewKind.ApplicationTemplate, ReviewKind.SensorType], queue.Items.Select(i => i.Kind));
        Assert.All(queue.Items, i => Assert.Equal(submitter.Name, i.SubmitterEmail));

        var onlyTypes = await Reviews.QueueAsync(await AdminAsync(), new ReviewQueueQuery(Search: tag, Kind: ReviewKind.SensorType), Token);
        Assert.Equal([type.Id], onlyTypes.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task A_draft_submitted_late_waits_behind_items_submitted_before_it()
    {
        var submitter = await NewMemberAsync();
        var tag = ReviewTestData.UniqueName("late");
        var templates = app.Templates();
        var draft = await templates.CreateAsync(submitter, ApplicationTestData.Input($"{tag}-template"), Token);
        Assert.True(draft.Succeeded, draft.Message);
        var type = await app.AddSensorTypeAsync(submitter.UserId, $"{tag}-type", createdAt: app.Clock.GetUtcNow());
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True((await templates.SubmitAsync(submitter, draft.Expect(), Token)).Succeeded);

        var queue = await Reviews.QueueAsync(await AdminAsync(), new ReviewQueueQuery(Search: tag), Token);
        Assert.Equal([type.Id, draft.Expect()], queue.Items.Select(i => i.Id));
        Assert.True(queue.Items[1].SubmittedAt > queue.Items[0].SubmittedAt);
    }

    [Fact]
    public async Task The_queue_is_paged_on_the_server()
    {
        var submitter = await NewMemberAsync();
        var tag = ReviewTestData.UniqueName("paged");
        var start = app.Clock.GetUtcNow().AddDays(-2);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(i % 2 == 0
                ? (await app.AddSensorTypeAsync(submitter.UserId, $"{tag}-{i}", createdAt: start.AddMinutes(i))).Id
                : (await app.AddApplicationTemplateAsync(submitter.UserId, $"{tag}-{i}", createdAt: start.AddMinutes(i))).Id);
        }

        var second = await Reviews.QueueAsync(await AdminAsync(), new ReviewQueueQuery(Search: tag, Page: 1, PageSize: 2), Token);

        Assert.Equal(5, second.TotalCount);
        Assert.Equal(ids.Skip(2).Take(2), second.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Approving_changes_the_status_stores_the_comment_notifies_the_submitter_and_is_audited()
    {
        var submitter = await NewMemberAsync();
        var admin = await AdminAsync();
        var type = await app.AddSensorTypeAsync(submitter.UserId);

        var outcome = await Reviews.DecideAsync(admin, ReviewKind.SensorType, type.Id, ReviewDecision.Approve, "  Looks good.  ", Token);

        Assert.True(outcome.Succeeded, outcome.Message);
        await using var db = await app.DbAsync();
        var stored = await db.SensorTypes.AsNoTracking().SingleAsync(t => t.Id == type.Id, Token);
        Assert.Equal(ReviewStatus.Approved, stored.Review.Status);
        Assert.Equal("Looks good.", stored.Review.ReviewComment);
        Assert.Equal(admin.UserId, stored.Review.ReviewedById);
        Assert.NotNull(stored.Review.ReviewedAt);

        var notification = Assert.Single(await db.Notifications.Where(n => n.UserId == submitter.UserId).ToListAsync(Token));
        Assert.Equal($"/sensor-types/{type.Id}", notification.Link);
        Assert.Contains("approved", notification.Message, StringComparison.Ordinal);
        Assert.Contains("Looks good.", notification.Message, StringComparison.Ordinal);
        Assert.Null(notification.ReadAt);

        var entry = Assert.Single(await db.AuditEntries.Where(a => a.EntityId == type.Id.ToString()).ToListAsync(Token));
        Assert.Equal(AuditAction.Approve, entry.Action);
        Assert.Equal(nameof(ReviewKind.SensorType), entry.EntityType);
        Assert.Equal(admin.UserId, entry.ActorId);
        Assert.Contains("Looks good.", entry.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_needs_no_comment()
    {
        var submitter = await NewMemberAsync();
        var template = await app.AddApplicationTemplateAsync(submitter.UserId);

        var outcome = await Reviews.DecideAsync(await AdminAsync(), ReviewKind.ApplicationTemplate, template.Id, ReviewDecision.Approve, "  ", Token);

        Assert.True(outcome.Succeeded, outcome.Message);
        await using var db = await app.DbAsync();
        var stored = await db.ApplicationTemplates.AsNoTracking().SingleAsync(t => t.Id == template.Id, Token);
        Assert.Equal(ReviewStatus.Approved, stored.Review.Status);
        Assert.Null(stored.Review.ReviewComment);
    }

    [Fact]
    public async Task Rejecting_a_template_stores_the_reason_and_tells_the_submitter_where_to_look()
    {
        var submitter = await NewMemberAsync();
        var admin = await AdminAsync();
        var template = await app.AddApplicationTemplateAsync(submitter.UserId);

        var outcome = await Reviews.DecideAsync(admin, ReviewKind.ApplicationTemplate, template.Id, ReviewDecision.Reject, "The manifest has no resource limits.", Token);

        Assert.True(outcome.Succeeded, outcome.Message);
        await using var db = await app.DbAsync();
        var stored = await db.ApplicationTemplates.AsNoTracking().SingleAsync(t => t.Id == template.Id, Token);
        Assert.Equal(ReviewStatus.Rejected, stored.Review.Status);
        Assert.Equal("The manifest has no resource limits.", stored.Review.ReviewComment);
        Assert.Equal(admin.UserId, stored.Review.ReviewedById);

        var notification = Assert.Single(await db.Notifications.Where(n => n.UserId == submitter.UserId).ToListAsync(Token));
        Assert.Equal($"/applications/templates/{template.Id}", notification.Link);
        Assert.Contains("rejected", notification.Message, StringComparison.Ordinal);
        Assert.Contains("no resource limits", notification.Message, StringComparison.Ordinal);

        var entry = Assert.Single(await db.AuditEntries.Where(a => a.EntityId == template.Id.ToString()).ToListAsync(Token));
        Assert.Equal(AuditAction.Reject, entry.Action);
        Assert.Contains("no resource limits", entry.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejecting_without_a_comment_is_refused_and_changes_nothing()
    {
        var submitter = await NewMemberAsync();
        var type = await app.AddSensorTypeAsync(submitter.UserId);

        var outcome = await Reviews.DecideAsync(await AdminAsync(), ReviewKind.SensorType, type.Id, ReviewDecision.Reject, " ", Token);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal([ReviewRules.RejectionNeedsComment], outcome.Errors);
        await AssertUntouchedAsync(type.Id, submitter.UserId);
    }

    [Fact]
    public async Task A_comment_longer_than_the_limit_is_refused()
    {
        var submitter = await NewMemberAsync();
        var type = await app.AddSensorTypeAsync(submitter.UserId);

        var outcome = await Reviews.DecideAsync(
            await AdminAsync(), ReviewKind.SensorType, type.Id, ReviewDecision.Approve, new string('x', Limits.CommentLength + 1), Token);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Contains($"at most {Limits.CommentLength}", Assert.Single(outcome.Errors), StringComparison.Ordinal);
        await AssertUntouchedAsync(type.Id, submitter.UserId);
    }

    [Fact]
    public async Task Deciding_an_item_already_decided_says_so_and_changes_nothing()
    {
        var submitter = await NewMemberAsync();
        var admin = await AdminAsync();
        var otherAdmin = await app.CreateAccountAsync(TestAccounts.UniqueEmail("admin2"), role: Roles.Admin);
        var type = await app.AddSensorTypeAsync(submitter.UserId);
        Assert.True((await Reviews.DecideAsync(admin, ReviewKind.SensorType, type.Id, ReviewDecision.Approve, "First.", Token)).Succeeded);

        var second = await Reviews.DecideAsync(
            new Actor(otherAdmin.Id, otherAdmin.Email!, IsAdmin: true), ReviewKind.SensorType, type.Id, ReviewDecision.Reject, "Second.", Token);

        Assert.Equal(OutcomeKind.Conflict, second.Kind);
        Assert.Contains("already approved", Assert.Single(second.Errors), StringComparison.Ordinal);
        await using var db = await app.DbAsync();
        var stored = await db.SensorTypes.AsNoTracking().SingleAsync(t => t.Id == type.Id, Token);
        Assert.Equal(ReviewStatus.Approved, stored.Review.Status);
        Assert.Equal("First.", stored.Review.ReviewComment);
        Assert.Equal(admin.UserId, stored.Review.ReviewedById);
        Assert.Single(await db.Notifications.Where(n => n.UserId == submitter.UserId).ToListAsync(Token));
        Assert.Single(await db.AuditEntries.Where(a => a.EntityId == type.Id.ToString()).ToListAsync(Token));
    }

    [Fact]
    public async Task Two_admins_deciding_at_once_record_exactly_one_decision()
    {
        var submitter = await NewMemberAsync();
        var admin = await AdminAsync();
        var template = await app.AddApplicationTemplateAsync(submitter.UserId);

        var outcomes = await Task.WhenAll(
            Reviews.DecideAsync(admin, ReviewKind.ApplicationTemplate, template.Id, ReviewDecision.Approve, null, Token),
            Reviews.DecideAsync(admin, ReviewKind.ApplicationTemplate, template.Id, ReviewDecision.Reject, "No.", Token),
            Reviews.DecideAsync(admin, ReviewKind.ApplicationTemplate, template.Id, ReviewDecision.Approve, null, Token));

        Assert.Single(outcomes, o => o.Succeeded);
        await using var db = await app.DbAsync();
        Assert.Single(await db.Notifications.Where(n => n.UserId == submitter.UserId).ToListAsync(Token));
        Assert.Single(await db.AuditEntries.Where(a => a.EntityId == template.Id.ToString()).ToListAsync(Token));
    }

    [Fact]
    public async Task Members_who_are_not_admins_get_nothing_from_the_service()
    {
        var submitter = await NewMemberAsync();
        var type = await app.AddSensorTypeAsync(submitter.UserId);

        Assert.Equal(0, (await Reviews.QueueAsync(submitter, new ReviewQueueQuery(), Token)).TotalCount);
        Assert.Equal(OutcomeKind.NotFound, (await Reviews.SensorTypeAsync(submitter, type.Id, Token)).Kind);
        var outcome = await Reviews.DecideAsync(submitter, ReviewKind.SensorType, type.Id, ReviewDecision.Approve, null, Token);
        Assert.Equal(OutcomeKind.NotFound, outcome.Kind);
        await AssertUntouchedAsync(type.Id, submitter.UserId);
    }

    [Fact]
    public async Task Deciding_an_unknown_item_is_not_found()
    {
        var outcome = await Reviews.DecideAsync(await AdminAsync(), ReviewKind.SensorType, Guid.NewGuid(), ReviewDecision.Approve, null, Token);

        Assert.Equal(OutcomeKind.NotFound, outcome.Kind);
    }

    [Theory]
    [InlineData("/admin/reviews")]
    [InlineData("/admin/audit")]
    public async Task Members_who_are_not_admins_are_sent_away_from_admin_pages(string path)
    {
        using var client = await app.SignedInClientAsync();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", PortalClient.RedirectTarget(response));
    }

    [Fact]
    public async Task Members_who_are_not_admins_are_sent_away_from_an_item_under_review()
    {
        var type = await app.AddSensorTypeAsync(null);
        using var client = await app.SignedInClientAsync();

        var response = await client.GetAsync($"/admin/reviews/sensor-types/{type.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", PortalClient.RedirectTarget(response));
    }

    [Fact]
    public async Task Admins_see_the_queue_and_everything_in_a_submitted_item()
    {
        var submitter = await NewMemberAsync();
        var type = await app.AddSensorTypeAsync(submitter.UserId);
        var template = await app.AddApplicationTemplateAsync(submitter.UserId);
        using var client = await app.SignedInClientAsync(Roles.Admin);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/reviews")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/audit")).StatusCode);

        var typePage = await client.GetAsync($"/admin/reviews/sensor-types/{type.Id}");
        Assert.Equal(HttpStatusCode.OK, typePage.StatusCode);
        var typeHtml = await typePage.Content.ReadAsStringAsync(Token);
        var typeText = System.Net.WebUtility.HtmlDecode(typeHtml);
        Assert.Contains(type.Name, typeText, StringComparison.Ordinal);
        Assert.Contains("ESP8266 + DHT11", typeText, StringComparison.Ordinal);
        Assert.Contains("WIFI_SSID", typeText, StringComparison.Ordinal);
        Assert.Contains("main.ino", typeText, StringComparison.Ordinal);
        Assert.Contains(submitter.Name, typeText, StringComparison.Ordinal);
        // Text from the submitter is shown, never interpreted.
        Assert.Contains("&lt;b&gt;temperature&lt;/b&gt;", typeHtml, StringComparison.Ordinal);
        Assert.Contains("#include &lt;DHT.h&gt;", typeHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>temperature</b>", typeHtml, StringComparison.Ordinal);

        var templatePage = await client.GetAsync($"/admin/reviews/application-templates/{template.Id}");
        Assert.Equal(HttpStatusCode.OK, templatePage.StatusCode);
        var templateText = await PortalClient.TextOf(templatePage);
        Assert.Contains(template.Name, templateText, StringComparison.Ordinal);
        Assert.Contains("kind: Deployment", templateText, StringComparison.Ordinal);
        Assert.Contains("250 m CPU", templateText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sensor-types")]
    [InlineData("application-templates")]
    [InlineData("something-else")]
    public async Task An_unknown_item_under_review_is_a_404(string kind)
    {
        using var client = await app.SignedInClientAsync(Roles.Admin);

        var response = await client.GetAsync($"/admin/reviews/{kind}/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task AssertUntouchedAsync(Guid typeId, Guid submitterId)
    {
        await using var db = await app.DbAsync();
        var stored = await db.SensorTypes.AsNoTracking().SingleAsync(t => t.Id == typeId, Token);
        Assert.Equal(ReviewStatus.Submitted, stored.Review.Status);
        Assert.Null(stored.Review.ReviewComment);
        Assert.Null(stored.Review.ReviewedById);
        Assert.Null(stored.Review.ReviewedAt);
        Assert.Empty(await db.Notifications.Where(n => n.UserId == submitterId).ToListAsync(Token));
        Assert.Empty(await db.AuditEntries.Where(a => a.EntityId == typeId.ToString()).ToListAsync(Token));
    }
}
