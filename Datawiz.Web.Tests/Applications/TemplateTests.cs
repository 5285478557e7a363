using System.Net;
using Datawiz.Domain.Applications;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Reviews;
using Datawiz.Infrastructure.Applications;
using Datawiz.Infrastructure.Reviews;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using static Datawiz.Web.Tests.Applications.ApplicationTestData;

namespace Datawiz.Web.Tests.Applications;

public sealed class TemplateTestsOnSqlite(SqliteApp app) : TemplateTests(app), IClassFixture<SqliteApp>;

public sealed class TemplateTestsOnPostgres(PostgresApp app) : TemplateTests(app), IClassFixture<PostgresApp>;

/// <summary>The template catalogue: who sees, creates, edits, submits, deprecates and deletes what.</summary>
public abstract class TemplateTests(DatawizApp app)
{
    [Fact]
    public async Task Admins_choose_draft_or_approved_users_always_create_drafts()
    {
        var admin = await app.AdminAsync();
        var user = await app.NewUserAsync();

        var approved = await app.Templates().CreateAsync(admin, Input(status: ReviewStatus.Approved), Token);
        var draft = await app.Templates().CreateAsync(admin, Input(status: ReviewStatus.Draft), Token);
        var submitted = await app.Templates().CreateAsync(admin, Input(status: ReviewStatus.Submitted), Token);
        var mine = await app.Templates().CreateAsync(user, Input(status: ReviewStatus.Approved), Token);

        Assert.Equal(ReviewStatus.Approved, (await app.Templates().GetAsync(admin, approved.Expect(), Token)).Expect().Template.Review.Status);
        Assert.Equal(ReviewStatus.Draft, (await app.Templates().GetAsync(admin, draft.Expect(), Token)).Expect().Template.Review.Status);
        Assert.Equal(OutcomeKind.Invalid, submitted.Kind);
        var userTemplate = (await app.Templates().GetAsync(user, mine.Expect(), Token)).Expect().Template;
        Assert.Equal(ReviewStatus.Draft, userTemplate.Review.Status);
        Assert.Equal(user.UserId, userTemplate.Review.SubmittedById);
        var audit = Assert.Single(await app.AuditOfAsync(mine.Expect()));
        Assert.Equal(AuditAction.Create, audit.Action);
        Assert.Equal(user.UserId, audit.ActorId);
    }

    [Fact]
    public async Task Users_do_not_see_others_drafts_or_submitted_templates_by_any_route()
    {
        var owner = await app.NewUserAsync("owner");
        var other = await app.NewUserAsync("other");
        var input = Input();
        var id = (await app.Templates().CreateAsync(owner, input, Token)).Expect();

        foreach (var stage in new[] { "draft", "submitted" })
        {
            if (stage == "submitted")
            {
                Assert.True((await app.Templates().SubmitAsync(owner, id, Token)).Succeeded);
            }
            Assert.Equal(OutcomeKind.NotFound, (await app.Templates().GetAsync(other, id, Token)).Kind);
            var listed = await app.Templates().ListAsync(other, new TemplateQuery(input.Name, null, null, 0, 25), Token);
            Assert.Empty(listed.Items);
            Assert.Equal(OutcomeKind.NotFound, (await app.Templates().UpdateAsync(other, id, await app.StampOfAsync(id), input, Token)).Kind);
            Assert.Equal(OutcomeKind.NotFound, (await app.Templates().DeleteAsync(other, id, Token)).Kind);
            Assert.Equal(OutcomeKind.NotFound, (await app.Comments().AddAsync(other, id, "Hello", Token)).Kind);
        }

        using var otherClient = await app.ClientForAsync(other);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/applications/templates/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/applications/templates/{id}/edit")).StatusCode);
        using var ownerClient = await app.ClientForAsync(owner);
        var ownPage = await ownerClient.GetAsync($"/applications/templates/{id}");
        Assert.Equal(HttpStatusCode.OK, ownPage.StatusCode);
        Assert.Contains(input.Name, await PortalClient.TextOf(ownPage));
        var admin = await app.AdminAsync();
        Assert.True((await app.Templates().GetAsync(admin, id, Token)).Succeeded);
        Assert.Single((await app.Templates().ListAsync(admin, new TemplateQuery(input.Name, null, ReviewStatus.Submitted, 0, 25), Token)).Items);
    }

    [Fact]
    public async Task Approved_templates_are_listed_for_everyone_and_filtered_by_category_and_status()
    {
        var user = await app.NewUserAsync();
        var id = await app.ApprovedTemplateAsync();
        var name = (await app.Templates().GetAsync(user, id, Token)).Expect().Template.Name;

        var byStatus = await app.Templates().ListAsync(user, new TemplateQuery(name, ApplicationCategory.Flow, ReviewStatus.Approved, 0, 25), Token);
        var otherCategory = await app.Templates().ListAsync(user, new TemplateQuery(name, ApplicationCategory.Storage, null, 0, 25), Token);

        Assert.Equal(id, Assert.Single(byStatus.Items).Id);
        Assert.Empty(otherCategory.Items);
    }

    [Fact]
    public async Task A_user_submits_their_draft_and_edits_it_again_only_after_a_rejection()
    {
        var user = await app.NewUserAsync();
        var input = Input();
        var id = (await app.Templates().CreateAsync(user, input, Token)).Expect();

        Assert.True((await app.Templates().SubmitAsync(user, id, Token)).Succeeded);
        var whileSubmitted = await app.Templates().UpdateAsync(user, id, await app.StampOfAsync(id), input with { Description = "changed" }, Token);
        Assert.Equal(OutcomeKind.Invalid, whileSubmitted.Kind);
        Assert.Contains("Submitted", whileSubmitted.Message);
        Assert.Equal(OutcomeKind.Invalid, (await app.Templates().SubmitAsync(user, id, Token)).Kind);

        await app.SetStatusAsync(id, ReviewStatus.Rejected, "Please pin the image <b>version</b>.");
        using var client = await app.ClientForAsync(user);
        var page = await PortalClient.TextOf(await client.GetAsync($"/applications/templates/{id}"));
        Assert.Contains("Please pin the image <b>version</b>.", page);
        Assert.Contains("Rejected", page);

        Assert.True((await app.Templates().UpdateAsync(user, id, await app.StampOfAsync(id), input with { Description = "Pinned." }, Token)).Succeeded);
        var edited = (await app.Templates().GetAsync(user, id, Token)).Expect().Template;
        Assert.Equal(ReviewStatus.Draft, edited.Review.Status);
        Assert.Equal("Pinned.", edited.Description);
        Assert.True((await app.Templates().SubmitAsync(user, id, Token)).Succeeded);
        Assert.Equal(ReviewStatus.Submitted, (await app.Templates().GetAsync(user, id, Token)).Expect().Template.Review.Status);

        var actions = (await app.AuditOfAsync(id)).Select(e => e.Action).ToList();
        Assert.Equal([AuditAction.Create, AuditAction.Submit, AuditAction.Update, AuditAction.Submit], actions);
    }

    [Fact]
    public async Task A_save_from_a_form_loaded_before_another_save_is_a_conflict_and_changes_nothing()
    {
        var admin = await app.AdminAsync();
        var user = await app.NewUserAsync();
        var input = Input();
        var id = (await app.Templates().CreateAsync(user, input, Token)).Expect();
        var loaded = await app.StampOfAsync(id);

        var saved = await app.Templates().UpdateAsync(user, id, loaded, input with { Description = "Saved first." }, Token);
        var stale = await app.Templates().UpdateAsync(admin, id, loaded, input with { Description = "Saved from a stale form.", ManifestTemplate = "stale: true\n" }, Token);

        Assert.True(saved.Succeeded, saved.Message);
        Assert.Equal(OutcomeKind.Conflict, stale.Kind);
        Assert.Contains("was changed after you opened it", stale.Message, StringComparison.Ordinal);
        var template = (await app.Templates().GetAsync(admin, id, Token)).Expect().Template;
        Assert.Equal("Saved first.", template.Description);
        Assert.Equal(input.ManifestTemplate, template.ManifestTemplate);
        Assert.Equal([AuditAction.Create, AuditAction.Update], (await app.AuditOfAsync(id)).Select(e => e.Action).ToList());
    }

    [Fact]
    public async Task Of_two_saves_racing_from_the_same_form_exactly_one_lands()
    {
        var admin = await app.AdminAsync();
        var input = Input(status: ReviewStatus.Draft);
        var id = (await app.Templates().CreateAsync(admin, input, Token)).Expect();
        var loaded = await app.StampOfAsync(id);
        var descriptions = new[] { "First racer.", "Second racer." };

        var outcomes = await Task.WhenAll(descriptions.Select(d =>
            Task.Run(() => app.Templates().UpdateAsync(admin, id, loaded, input with { Description = d }, Token), Token)));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.Single(outcomes, o => o.Kind == OutcomeKind.Conflict);
        var winner = descriptions[Array.FindIndex(outcomes, o => o.Succeeded)];
        Assert.Equal(winner, (await app.Templates().GetAsync(admin, id, Token)).Expect().Template.Description);
    }

    [Fact]
    public async Task A_submission_after_the_form_was_loaded_makes_its_save_a_conflict()
    {
        var user = await app.NewUserAsync();
        var admin = await app.AdminAsync();
        var input = Input();
        var id = (await app.Templates().CreateAsync(user, input, Token)).Expect();
        var loaded = await app.StampOfAsync(id);

        Assert.True((await app.Templates().SubmitAsync(user, id, Token)).Succeeded);
        var stale = await app.Templates().UpdateAsync(admin, id, loaded, input with { Description = "Stale." }, Token);

        Assert.Equal(OutcomeKind.Conflict, stale.Kind);
        Assert.Equal(ReviewStatus.Submitted, (await app.Templates().GetAsync(admin, id, Token)).Expect().Template.Review.Status);
    }

    [Fact]
    public async Task Only_admins_deprecate_and_deprecated_templates_start_no_new_applications()
    {
        var admin = await app.AdminAsync();
        var user = await app.NewUserAsync();
        var id = await app.ApprovedTemplateAsync();

        var byUser = await app.Templates().DeprecateAsync(user, id, Token);
        Assert.Equal(OutcomeKind.Invalid, byUser.Kind);
        Assert.Contains("Only administrators", byUser.Message);
        Assert.True((await app.Templates().DeprecateAsync(admin, id, Token)).Succeeded);

        var refused = await app.UserApplications().CreateAsync(admin, new ApplicationInput("late-app", id, Values()), Token);
        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains("Deprecated", refused.Message);
        Assert.Contains(await app.AuditOfAsync(id), e => e.Action == AuditAction.StatusChange && e.Summary.Contains("Deprecated", StringComparison.Ordinal));
        Assert.Equal(OutcomeKind.NotFound, (await app.Templates().GetAsync(user, id, Token)).Kind);
    }

    [Fact]
    public async Task Deleting_a_template_is_refused_while_applications_use_it()
    {
        var admin = await app.AdminAsync();
        var user = await app.NewUserAsync();
        var id = await app.ApprovedTemplateAsync();
        var application = await app.UserApplications().CreateAsync(user, new ApplicationInput("uses-it", id, Values()), Token);
        Assert.True(application.Succeeded, application.Message);

        var refused = await app.Templates().DeleteAsync(admin, id, Token);
        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains("is used by 1 application", refused.Message);

        Assert.True((await app.UserApplications().DeleteAsync(user, application.Expect(), Token)).Succeeded);
        Assert.True((await app.Templates().DeleteAsync(admin, id, Token)).Succeeded);
        Assert.Equal(OutcomeKind.NotFound, (await app.Templates().GetAsync(admin, id, Token)).Kind);
        Assert.Contains(await app.AuditOfAsync(id), e => e.Action == AuditAction.Delete);
    }

    [Fact]
    public async Task Users_delete_their_own_templates_until_they_are_approved()
    {
        var user = await app.NewUserAsync();
        var draft = (await app.Templates().CreateAsync(user, Input(), Token)).Expect();
        var approved = (await app.Templates().CreateAsync(user, Input(), Token)).Expect();
        await app.SetStatusAsync(approved, ReviewStatus.Approved);

        Assert.True((await app.Templates().DeleteAsync(user, draft, Token)).Succeeded);
        var refused = await app.Templates().DeleteAsync(user, approved, Token);
        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains("only an administrator can delete it", refused.Message);
        Assert.True((await app.Templates().DeleteAsync(await app.AdminAsync(), approved, Token)).Succeeded);
    }

    [Fact]
    public async Task Invalid_templates_are_refused_with_messages_and_name_plus_version_is_unique()
    {
        var admin = await app.AdminAsync();
        var input = Input(manifest: "image: {{IMAGE}}\n", cpu: 5);

        var refused = await app.Templates().CreateAsync(admin, input with { Name = " ", Version = "latest" }, Token);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains("Name is required.", refused.Errors);
        Assert.Contains(refused.Errors, e => e.StartsWith("Version 'latest' is not valid", StringComparison.Ordinal));
        Assert.Contains(refused.Errors, e => e.StartsWith("CPU must be between 10 and 64000", StringComparison.Ordinal));
        Assert.Contains(refused.Errors, e => e.Contains("{{IMAGE}}", StringComparison.Ordinal));

        var first = Input(status: ReviewStatus.Draft);
        Assert.True((await app.Templates().CreateAsync(admin, first, Token)).Succeeded);
        var duplicate = await app.Templates().CreateAsync(admin, first with { Name = first.Name.ToUpperInvariant() }, Token);
        // Both are administrators' drafts, so the name is taken among their own private templates.
        Assert.Contains("You already have a template", duplicate.Message);
        var approved = Input(status: ReviewStatus.Approved);
        Assert.True((await app.Templates().CreateAsync(admin, approved, Token)).Succeeded);
        Assert.Contains("There is already a template", (await app.Templates().CreateAsync(await app.NewUserAsync(), approved with { Status = null }, Token)).Message);
        Assert.True((await app.Templates().CreateAsync(admin, first with { Version = "1.1" }, Token)).Succeeded);
    }

    [Fact]
    public async Task A_private_templates_name_is_taken_only_for_its_submitter_and_the_catalogue_keeps_names_unique()
    {
        var first = await app.NewUserAsync("first");
        var second = await app.NewUserAsync("second");
        var admin = await app.AdminAsync();
        var reviews = app.Services.GetRequiredService<ReviewService>();
        var input = Input();

        var mine = await app.Templates().CreateAsync(first, input, Token);
        var theirs = await app.Templates().CreateAsync(second, input with { Name = input.Name.ToUpperInvariant() }, Token);
        var againMine = await app.Templates().CreateAsync(first, input, Token);

        Assert.True(theirs.Succeeded, theirs.Message);
        Assert.Equal($"You already have a template '{input.Name}' with version 1.0; choose another name or version.", Assert.Single(againMine.Errors));

        Assert.True((await app.Templates().SubmitAsync(first, mine.Expect(), Token)).Succeeded);
        Assert.True((await app.Templates().SubmitAsync(second, theirs.Expect(), Token)).Succeeded);
        Assert.True((await reviews.DecideAsync(admin, ReviewKind.ApplicationTemplate, mine.Expect(), ReviewDecision.Approve, null, Token)).Succeeded);
        var clash = await reviews.DecideAsync(admin, ReviewKind.ApplicationTemplate, theirs.Expect(), ReviewDecision.Approve, null, Token);

        Assert.Equal(OutcomeKind.Invalid, clash.Kind);
        Assert.Equal(
            $"The catalogue already has a template '{input.Name}' with version 1.0. Reject this one and ask its submitter to choose another name or version.",
            Assert.Single(clash.Errors));
        Assert.Equal(ReviewStatus.Submitted, (await app.Templates().GetAsync(admin, theirs.Expect(), Token)).Expect().Template.Review.Status);
    }

    [Fact]
    public async Task Other_users_see_who_submitted_an_approved_template_by_display_name_only()
    {
        var submitter = await app.NewUserAsync("submitter");
        var viewer = await app.NewUserAsync("viewer");
        var admin = await app.AdminAsync();
        var id = (await app.Templates().CreateAsync(submitter, Input(), Token)).Expect();
        Assert.True((await app.Templates().SubmitAsync(submitter, id, Token)).Succeeded);
        Assert.True((await app.Services.GetRequiredService<ReviewService>().DecideAsync(admin, ReviewKind.ApplicationTemplate, id, ReviewDecision.Approve, null, Token)).Succeeded);
        var displayName = submitter.Name.Split('@')[0];

        using var client = await app.ClientForAsync(viewer);
        var page = await client.GetAsync($"/applications/templates/{id}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var text = await PortalClient.TextOf(page);
        Assert.Contains(displayName, text, StringComparison.Ordinal);
        Assert.DoesNotContain(submitter.Name, text, StringComparison.Ordinal);
        Assert.DoesNotContain(DatawizApp.AdminEmail, text, StringComparison.Ordinal);
    }
}
