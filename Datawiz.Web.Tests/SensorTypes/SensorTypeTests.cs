using System.Net;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Reviews;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Reviews;
using Datawiz.Infrastructure.SensorTypes;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.SensorTypes;

public sealed class SensorTypeTestsOnSqlite(SqliteApp app) : SensorTypeTests(app), IClassFixture<SqliteApp>;

public sealed class SensorTypeTestsOnPostgres(PostgresApp app) : SensorTypeTests(app), IClassFixture<PostgresApp>;

/// <summary>Who sees and changes which sensor types, through the real service and pages on a real database.</summary>
public abstract class SensorTypeTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private SensorTypeService Service => app.Services.GetRequiredService<SensorTypeService>();

    [Fact]
    public async Task An_administrators_type_is_approved_at_once_and_audited_as_created()
    {
        var admin = await AdminAsync();

        var created = await Service.CreateAsync(admin, SensorTypeSamples.Draft(), Token);

        Assert.True(created.Succeeded, created.Message);
        var type = (await Service.GetAsync(admin, created.Expect(), Token)).Expect();
        Assert.Equal(ReviewStatus.Approved, type.Review.Status);
        Assert.Null(type.Review.SubmittedById);
        Assert.Equal(["D1", "D2"], type.Variables.Single(v => v.Key == "PIN").Options);
        Assert.Equal("°C", type.Fields.Single(f => f.Key == "temperature").Unit);
        Assert.Equal([AuditAction.Create], await AuditActionsAsync(created.Expect()));
    }

    [Fact]
    public async Task A_users_type_is_submitted_and_seen_only_by_them_and_administrators()
    {
        var (submitter, _) = await UserAsync();
        var (other, _) = await UserAsync();
        var admin = await AdminAsync();
        var approved = (await Service.CreateAsync(admin, SensorTypeSamples.Draft(), Token)).Expect();

        var submitted = await Service.CreateAsync(submitter, SensorTypeSamples.Draft(), Token);

        Assert.True(submitted.Succeeded, submitted.Message);
        Assert.Equal(ReviewStatus.Submitted, (await Service.GetAsync(submitter, submitted.Expect(), Token)).Expect().Review.Status);
        Assert.Equal([AuditAction.Submit], await AuditActionsAsync(submitted.Expect()));
        Assert.Equal(OutcomeKind.NotFound, (await Service.GetAsync(other, submitted.Expect(), Token)).Kind);
        Assert.True((await Service.GetAsync(admin, submitted.Expect(), Token)).Succeeded);

        var seenByOther = await IdsAsync(other);
        Assert.Contains(approved, seenByOther);
        Assert.DoesNotContain(submitted.Expect(), seenByOther);
        var seenBySubmitter = await IdsAsync(submitter);
        Assert.Contains(approved, seenBySubmitter);
        Assert.Contains(submitted.Expect(), seenBySubmitter);
        Assert.Contains(submitted.Expect(), await IdsAsync(admin));

        var usable = (await Service.UsableAsync(submitter, Token)).Select(t => t.Id).ToList();
        Assert.Contains(approved, usable);
        Assert.DoesNotContain(submitted.Expect(), usable);
    }

    [Fact]
    public async Task Another_users_submitted_type_cannot_be_changed_or_deleted_by_any_route()
    {
        var (submitter, _) = await UserAsync();
        var (other, _) = await UserAsync();
        var id = (await Service.CreateAsync(submitter, SensorTypeSamples.Draft(), Token)).Expect();

        Assert.Equal(OutcomeKind.NotFound, (await Service.UpdateAsync(other, id, await StampOfAsync(id), SensorTypeSamples.Draft(), Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Service.DeleteAsync(other, id, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Service.DeprecateAsync(other, id, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Service.FindUsableAsync(other, id, Token)).Kind);
        Assert.True((await Service.GetAsync(submitter, id, Token)).Succeeded);
    }

    [Fact]
    public async Task The_page_of_another_users_submitted_type_is_a_404_and_the_submitters_own_shows_it()
    {
        var (submitter, submitterEmail) = await UserAsync();
        var (_, otherEmail) = await UserAsync();
        var draft = SensorTypeSamples.Draft();
        draft.Description = "<script>alert('x')</script>";
        var id = (await Service.CreateAsync(submitter, draft, Token)).Expect();
        using var owner = await SignInAsync(submitterEmail);
        using var other = await SignInAsync(otherEmail);

        var refused = await other.GetAsync($"/sensor-types/{id}");
        var unknown = await other.GetAsync($"/sensor-types/{Guid.NewGuid()}");
        var refusedEdit = await other.GetAsync($"/sensor-types/{id}/edit");
        var shown = await owner.GetAsync($"/sensor-types/{id}");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain(draft.Name, await PortalClient.TextOf(refused));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, refusedEdit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var html = await shown.Content.ReadAsStringAsync(Token);
        Assert.Contains(draft.Name, html);
        Assert.Contains("Awaiting review", html);
        Assert.Contains("{{INTERVAL}}", WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("<script>alert", html);
    }

    [Fact]
    public async Task The_submitter_sees_the_review_comment_and_resubmits_by_editing_a_rejected_type()
    {
        var (submitter, submitterEmail) = await UserAsync();
        var id = (await Service.CreateAsync(submitter, SensorTypeSamples.Draft(), Token)).Expect();
        await WithDbAsync(async db =>
        {
            var type = await db.SensorTypes.SingleAsync(t => t.Id == id, Token);
            type.Review.Status = ReviewStatus.Rejected;
            type.Review.ReviewComment = "Please add the wiring in the description.";
            await db.SaveChangesAsync(Token);
        });
        using var owner = await SignInAsync(submitterEmail);

        var page = await PortalClient.TextOf(await owner.GetAsync($"/sensor-types/{id}"));
        Assert.Contains("Please add the wiring in the description.", page);
        Assert.Contains("Rejected", page);

        var draft = SensorTypeSamples.Draft();
        draft.Description = "DHT22 data on D2.";
        var resubmitted = await Service.UpdateAsync(submitter, id, await StampOfAsync(id), draft, Token);

        Assert.True(resubmitted.Succeeded, resubmitted.Message);
        var type = (await Service.GetAsync(submitter, id, Token)).Expect();
        Assert.Equal(ReviewStatus.Submitted, type.Review.Status);
        Assert.Equal("DHT22 data on D2.", type.Description);
        Assert.Equal([AuditAction.Submit, AuditAction.Submit], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task An_approved_type_is_changed_only_by_administrators()
    {
        var (submitter, _) = await UserAsync();
        var admin = await AdminAsync();
        var id = (await Service.CreateAsync(submitter, SensorTypeSamples.Draft(), Token)).Expect();
        await WithDbAsync(db => db.SensorTypes.Where(t => t.Id == id)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.Review.Status, ReviewStatus.Approved), Token));

        var refused = await Service.UpdateAsync(submitter, id, await StampOfAsync(id), SensorTypeSamples.Draft(), Token);
        var refusedDelete = await Service.DeleteAsync(submitter, id, Token);
        var changed = SensorTypeSamples.Draft("Changed by the admin " + Guid.NewGuid().ToString("N")[..8]);
        var accepted = await Service.UpdateAsync(admin, id, await StampOfAsync(id), changed, Token);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains("only an administrator can change it", refused.Errors.Single(), StringComparison.Ordinal);
        Assert.Equal(OutcomeKind.Invalid, refusedDelete.Kind);
        Assert.True(accepted.Succeeded, accepted.Message);
        var type = (await Service.GetAsync(submitter, id, Token)).Expect();
        Assert.Equal(changed.Name, type.Name);
        Assert.Equal(ReviewStatus.Approved, type.Review.Status);
        Assert.Equal([AuditAction.Submit, AuditAction.Update], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task A_type_in_use_cannot_be_deleted_and_the_refusal_counts_its_sensors()
    {
        var admin = await AdminAsync();
        var (owner, _) = await UserAsync();
        var id = (await Service.CreateAsync(admin, SensorTypeSamples.Draft(), Token)).Expect();
        await AddSensorAsync(owner.UserId, id);
        await AddSensorAsync(owner.UserId, id);

        var refused = await Service.DeleteAsync(admin, id, Token);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains("2 sensors use it", refused.Errors.Single(), StringComparison.Ordinal);
        Assert.Equal(2, (await Service.CountSensorsAsync(admin, id, Token)).Expect());
        Assert.True((await Service.GetAsync(admin, id, Token)).Succeeded);
        Assert.DoesNotContain(AuditAction.Delete, await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Only_who_may_delete_a_type_learns_how_many_sensors_use_it()
    {
        var admin = await AdminAsync();
        var (submitter, _) = await UserAsync();
        var (other, _) = await UserAsync();
        var approved = (await Service.CreateAsync(admin, SensorTypeSamples.Draft(), Token)).Expect();
        var submitted = (await Service.CreateAsync(submitter, SensorTypeSamples.Draft(), Token)).Expect();
        await AddSensorAsync(submitter.UserId, approved);

        Assert.Equal(OutcomeKind.Invalid, (await Service.CountSensorsAsync(other, approved, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Service.CountSensorsAsync(other, submitted, Token)).Kind);
        Assert.False((await Service.CountSensorsAsync(other, Guid.NewGuid(), Token)).TryGetValue(out _));
        Assert.Equal(1, (await Service.CountSensorsAsync(admin, approved, Token)).Expect());
    }

    [Fact]
    public async Task A_submitter_deletes_their_unapproved_type_and_the_delete_is_audited()
    {
        var (submitter, _) = await UserAsync();
        var id = (await Service.CreateAsync(submitter, SensorTypeSamples.Draft(), Token)).Expect();

        var deleted = await Service.DeleteAsync(submitter, id, Token);

        Assert.True(deleted.Succeeded, deleted.Message);
        Assert.Equal(OutcomeKind.NotFound, (await Service.GetAsync(submitter, id, Token)).Kind);
        Assert.Equal([AuditAction.Submit, AuditAction.Delete], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task A_deprecated_type_stays_visible_but_is_no_longer_usable_for_new_sensors()
    {
        var admin = await AdminAsync();
        var (user, _) = await UserAsync();
        var id = (await Service.CreateAsync(admin, SensorTypeSamples.Draft(), Token)).Expect();

        Assert.Equal(OutcomeKind.Invalid, (await Service.DeprecateAsync(user, id, Token)).Kind);
        var deprecated = await Service.DeprecateAsync(admin, id, Token);

        Assert.True(deprecated.Succeeded, deprecated.Message);
        Assert.Equal(ReviewStatus.Deprecated, (await Service.GetAsync(user, id, Token)).Expect().Review.Status);
        Assert.DoesNotContain(id, (await Service.UsableAsync(user, Token)).Select(t => t.Id));
        var refused = await Service.FindUsableAsync(user, id, Token);
        Assert.Contains("deprecated", refused.Errors.Single(), StringComparison.Ordinal);
        Assert.Equal([AuditAction.Create, AuditAction.StatusChange], await AuditActionsAsync(id));

        Assert.True((await Service.RestoreAsync(admin, id, Token)).Succeeded);
        Assert.True((await Service.FindUsableAsync(user, id, Token)).Succeeded);
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_messages_and_nothing_is_saved()
    {
        var (user, _) = await UserAsync();
        var draft = SensorTypeSamples.Draft();
        draft.Name = "";
        draft.CodeTemplates[0].Content += "{{UNDECLARED}}";
        draft.Variables[0].Min = 100;
        draft.Variables[0].Max = 10;
        draft.Variables[0].DefaultValue = null;
        var before = await IdsAsync(user);

        var refused = await Service.CreateAsync(user, draft, Token);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains("Name is required.", refused.Errors);
        Assert.Contains(refused.Errors, e => e.Contains("{{UNDECLARED}}", StringComparison.Ordinal) && e.Contains("'main.ino'", StringComparison.Ordinal));
        Assert.Contains("The range of 'INTERVAL' is empty: its minimum 100 is above its maximum 10.", refused.Errors);
        Assert.Equal(before, await IdsAsync(user));
        Assert.Empty(await AuditActionsAsync(Guid.Empty));
    }

    [Fact]
    public async Task A_save_from_a_form_loaded_before_another_save_is_a_conflict_and_changes_nothing()
    {
        var admin = await AdminAsync();
        var id = (await Service.CreateAsync(admin, SensorTypeSamples.Draft(), Token)).Expect();
        var loaded = await StampOfAsync(id);
        var first = SensorTypeSamples.Draft("First " + Guid.NewGuid().ToString("N")[..8]);
        first.Description = "Saved first.";
        var second = SensorTypeSamples.Draft("Second " + Guid.NewGuid().ToString("N")[..8]);
        second.Description = "Saved from a stale form.";

        var saved = await Service.UpdateAsync(admin, id, loaded, first, Token);
        var stale = await Service.UpdateAsync(admin, id, loaded, second, Token);

        Assert.True(saved.Succeeded, saved.Message);
        Assert.Equal(OutcomeKind.Conflict, stale.Kind);
        Assert.Contains("was changed after you opened it", stale.Message, StringComparison.Ordinal);
        var type = (await Service.GetAsync(admin, id, Token)).Expect();
        Assert.Equal(first.Name, type.Name);
        Assert.Equal("Saved first.", type.Description);
        Assert.Equal([AuditAction.Create, AuditAction.Update], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Of_two_saves_racing_from_the_same_form_exactly_one_lands()
    {
        var admin = await AdminAsync();
        var id = (await Service.CreateAsync(admin, SensorTypeSamples.Draft(), Token)).Expect();
        var loaded = await StampOfAsync(id);
        var drafts = Enumerable.Range(0, 2).Select(n => SensorTypeSamples.Draft($"Racer {n} {Guid.NewGuid().ToString("N")[..8]}")).ToList();

        var outcomes = await Task.WhenAll(drafts.Select(draft => Task.Run(() => Service.UpdateAsync(admin, id, loaded, draft, Token), Token)));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.Single(outcomes, o => o.Kind == OutcomeKind.Conflict);
        var winner = drafts[Array.FindIndex(outcomes, o => o.Succeeded)];
        Assert.Equal(winner.Name, (await Service.GetAsync(admin, id, Token)).Expect().Name);
    }

    [Fact]
    public async Task The_database_refuses_an_update_whose_stamp_changed_after_it_was_read()
    {
        var admin = await AdminAsync();
        var id = (await Service.CreateAsync(admin, SensorTypeSamples.Draft(), Token)).Expect();
        var factory = app.Services.GetRequiredService<IDbContextFactory<DatawizDbContext>>();
        await using var db = await factory.CreateDbContextAsync(Token);
        var read = await db.SensorTypes.FirstAsync(t => t.Id == id, Token);

        await WithDbAsync(other => other.SensorTypes.Where(t => t.Id == id)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.Description, "Saved meanwhile.").SetProperty(t => t.ConcurrencyStamp, Guid.NewGuid()), Token));
        read.Description = "Saved over it.";
        read.ConcurrencyStamp = Guid.NewGuid();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync(Token));
        Assert.Equal("Saved meanwhile.", (await Service.GetAsync(admin, id, Token)).Expect().Description);
    }

    [Fact]
    public async Task A_status_change_after_the_form_was_loaded_makes_its_save_a_conflict()
    {
        var admin = await AdminAsync();
        var id = (await Service.CreateAsync(admin, SensorTypeSamples.Draft(), Token)).Expect();
        var loaded = await StampOfAsync(id);

        Assert.True((await Service.DeprecateAsync(admin, id, Token)).Succeeded);
        var stale = await Service.UpdateAsync(admin, id, loaded, SensorTypeSamples.Draft(), Token);

        Assert.Equal(OutcomeKind.Conflict, stale.Kind);
        Assert.Equal(ReviewStatus.Deprecated, (await Service.GetAsync(admin, id, Token)).Expect().Review.Status);
    }

    [Fact]
    public async Task Names_are_unique_whatever_their_case()
    {
        var admin = await AdminAsync();
        var (user, _) = await UserAsync();
        var name = "Unique " + Guid.NewGuid().ToString("N")[..8];
        var first = await Service.CreateAsync(admin, SensorTypeSamples.Draft(name), Token);

        var duplicate = await Service.CreateAsync(user, SensorTypeSamples.Draft("  " + name.ToUpperInvariant() + " "), Token);
        var second = (await Service.CreateAsync(admin, SensorTypeSamples.Draft(), Token)).Expect();
        var renamed = await Service.UpdateAsync(admin, second, await StampOfAsync(second), SensorTypeSamples.Draft(name), Token);
        var unchanged = await Service.UpdateAsync(admin, first.Expect(), await StampOfAsync(first.Expect()), SensorTypeSamples.Draft(name), Token);

        Assert.Equal($"A sensor type named '{name.ToUpperInvariant()}' already exists; choose another name.", duplicate.Errors.Single());
        Assert.Equal(OutcomeKind.Invalid, renamed.Kind);
        Assert.True(unchanged.Succeeded, unchanged.Message);
    }

    [Fact]
    public async Task A_private_types_name_is_taken_only_for_its_submitter_and_the_catalogue_keeps_names_unique()
    {
        var (first, _) = await UserAsync();
        var (second, _) = await UserAsync();
        var (third, _) = await UserAsync();
        var admin = await AdminAsync();
        var reviews = app.Services.GetRequiredService<ReviewService>();
        var name = "Weather " + Guid.NewGuid().ToString("N")[..8];

        var mine = await Service.CreateAsync(first, SensorTypeSamples.Draft(name), Token);
        var theirs = await Service.CreateAsync(second, SensorTypeSamples.Draft(name.ToUpperInvariant()), Token);
        var againMine = await Service.CreateAsync(first, SensorTypeSamples.Draft(name), Token);

        Assert.True(theirs.Succeeded, string.Join(" ", theirs.Errors));
        Assert.Equal($"You already have a sensor type named '{name}'; choose another name.", Assert.Single(againMine.Errors));

        Assert.True((await reviews.DecideAsync(admin, ReviewKind.SensorType, mine.Expect(), ReviewDecision.Approve, null, Token)).Succeeded);
        var clash = await reviews.DecideAsync(admin, ReviewKind.SensorType, theirs.Expect(), ReviewDecision.Approve, null, Token);

        Assert.Equal(OutcomeKind.Invalid, clash.Kind);
        Assert.Equal(
            $"The catalogue already has a sensor type named '{name}'. Reject this one and ask its submitter to choose another name.",
            Assert.Single(clash.Errors));
        Assert.Equal(ReviewStatus.Submitted, (await Service.GetAsync(admin, theirs.Expect(), Token)).Expect().Review.Status);
        // Once in the catalogue, the name is everyone's to see, so saying it is taken reveals nothing.
        var late = await Service.CreateAsync(third, SensorTypeSamples.Draft(name), Token);
        Assert.Equal($"A sensor type named '{name}' already exists; choose another name.", Assert.Single(late.Errors));
    }

    [Fact]
    public async Task The_list_searches_filters_and_pages_on_the_server()
    {
        var admin = await AdminAsync();
        var (user, _) = await UserAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        foreach (var i in Enumerable.Range(1, 3))
        {
            Assert.True((await Service.CreateAsync(admin, SensorTypeSamples.Draft($"Listed {tag} {i}"), Token)).Succeeded);
        }
        var submitted = (await Service.CreateAsync(user, SensorTypeSamples.Draft($"Listed {tag} mine"), Token)).Expect();

        var firstPage = await Service.ListAsync(user, new SensorTypeQuery(Search: tag.ToUpperInvariant(), PageSize: 2), Token);
        var secondPage = await Service.ListAsync(user, new SensorTypeQuery(Search: tag, Page: 1, PageSize: 2), Token);
        var onlySubmitted = await Service.ListAsync(user, new SensorTypeQuery(Search: tag, Status: ReviewStatus.Submitted), Token);
        var descending = await Service.ListAsync(user, new SensorTypeQuery(Search: tag, SortBy: "Name", Descending: true), Token);

        Assert.Equal(4, firstPage.TotalCount);
        Assert.Equal(2, firstPage.Items.Count);
        Assert.Equal(2, secondPage.Items.Count);
        Assert.Empty(firstPage.Items.Select(t => t.Id).Intersect(secondPage.Items.Select(t => t.Id)));
        var mine = Assert.Single(onlySubmitted.Items);
        Assert.Equal(submitted, mine.Id);
        Assert.True(mine.IsOwn);
        Assert.Equal($"Listed {tag} mine", descending.Items[0].Name);
    }

    [Fact]
    public async Task The_pages_answer_for_users_and_administrators()
    {
        var (_, email) = await UserAsync();
        using var user = await SignInAsync(email);
        using var admin = await SignInAsync(DatawizApp.AdminEmail, DatawizApp.AdminPassword);

        var list = await user.GetAsync("/sensor-types");
        var submit = await user.GetAsync("/sensor-types/new");
        var create = await admin.GetAsync("/sensor-types/new");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("New sensor type", await PortalClient.TextOf(list));
        Assert.Contains("Submit for review", await PortalClient.TextOf(submit));
        Assert.Contains(">Create<", (await PortalClient.TextOf(create)).Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
    }

    private async Task<Actor> AdminAsync()
    {
        var admin = await app.FindAccountAsync(DatawizApp.AdminEmail);
        return new Actor(admin.Id, admin.Email!, IsAdmin: true);
    }

    private async Task<(Actor Actor, string Email)> UserAsync()
    {
        var email = TestAccounts.UniqueEmail();
        var user = await app.CreateAccountAsync(email);
        return (new Actor(user.Id, email, IsAdmin: false), email);
    }

    private async Task<PortalClient> SignInAsync(string email, string password = TestAccounts.Password)
    {
        var client = app.CreatePortalClient();
        var response = await client.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private async Task<List<Guid>> IdsAsync(Actor actor) =>
        (await Service.ListAsync(actor, new SensorTypeQuery(PageSize: PageRequest.MaxPageSize), Token)).Items.Select(t => t.Id).ToList();

    private async Task<List<AuditAction>> AuditActionsAsync(Guid id)
    {
        var entries = new List<AuditAction>();
        await WithDbAsync(async db => entries = await db.AuditEntries
            .Where(e => e.EntityType == AuditEntities.SensorType && e.EntityId == id.ToString())
            .OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Token));
        return entries;
    }

    private Task AddSensorAsync(Guid ownerId, Guid typeId) => WithDbAsync(db =>
    {
        var username = "s" + Guid.NewGuid().ToString("N")[..16];
        db.Sensors.Add(new Sensor
        {
            Id = Guid.NewGuid(),
            OwnerId = ownerId,
            SensorTypeId = typeId,
            Name = "Sensor " + username,
            MqttUsername = username,
            MqttPasswordHash = "not-a-real-hash",
            TopicPrefix = TopicScheme.SensorPrefix(ownerId, username),
            CreatedAt = app.Clock.GetUtcNow(),
        });
        return db.SaveChangesAsync(Token);
    });

    /// <summary>The type's stamp as an editor opened now would load it.</summary>
    private Task<Guid> StampOfAsync(Guid id) =>
        app.QueryAsync(db => db.SensorTypes.Where(t => t.Id == id).Select(t => t.ConcurrencyStamp).SingleAsync(Token));

    private async Task WithDbAsync(Func<DatawizDbContext, Task> work)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<DatawizDbContext>>();
        await using var db = await factory.CreateDbContextAsync(Token);
        await work(db);
    }
}
