using Microsoft.Extensions.DependencyInjection;
using Datawiz.Infrastructure.Common;
using System.Net;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Applications;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using static Datawiz.Web.Tests.Applications.ApplicationTestData;

namespace Datawiz.Web.Tests.Applications;

public sealed class UserApplicationTestsOnSqlite(SqliteApp app) : UserApplicationTests(app), IClassFixture<SqliteApp>;

public sealed class UserApplicationTestsOnPostgres(PostgresApp app) : UserApplicationTests(app), IClassFixture<PostgresApp>;

/// <summary>Users' applications: ownership, quotas, validation, secrets and audit.</summary>
public abstract class UserApplicationTests(DatawizApp app)
{
    [Fact]
    public async Task Another_user_cannot_read_change_or_delete_an_application_by_any_route()
    {
        var templateId = await app.ApprovedTemplateAsync();
        var owner = await app.NewUserAsync("owner");
        var other = await app.NewUserAsync("other");
        var created = await app.UserApplications().CreateAsync(owner, new ApplicationInput("my-flows", templateId, Values()), Token);
        Assert.True(created.Succeeded, created.Message);
        var id = created.Expect();

        Assert.Equal(OutcomeKind.NotFound, (await app.UserApplications().GetAsync(other, id, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await app.UserApplications().UpdateValuesAsync(other, id, Values(port: "9999"), Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await app.UserApplications().DeleteAsync(other, id, Token)).Kind);
        Assert.Empty((await app.UserApplications().ListAsync(other, new ApplicationQuery(null, 0, 25), Token)).Items);
        Assert.Empty((await app.UserApplications().ListAsync(other, new ApplicationQuery(null, 0, 25, Everyone: true), Token)).Items);

        using var otherClient = await app.ClientForAsync(other);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/applications/{id}")).StatusCode);
        using var ownerClient = await app.ClientForAsync(owner);
        var ownPage = await ownerClient.GetAsync($"/applications/{id}");
        Assert.Equal(HttpStatusCode.OK, ownPage.StatusCode);
        var text = await PortalClient.TextOf(ownPage);
        Assert.Contains("my-flows", text);
        Assert.DoesNotContain("s3cret-token", text);

        var admin = await app.AdminAsync();
        Assert.Equal("1880", (await app.UserApplications().GetAsync(owner, id, Token)).Expect().Values.Single(v => v.Variable.Key == "PORT").Value);
        Assert.True((await app.UserApplications().GetAsync(admin, id, Token)).Succeeded);
        Assert.Contains((await app.UserApplications().ListAsync(admin, new ApplicationQuery("my-flows", 0, 25, Everyone: true), Token)).Items, a => a.Id == id);
        Assert.Equal(1, (await app.UserApplications().ListAsync(owner, new ApplicationQuery(null, 0, 25), Token)).TotalCount);
    }

    [Fact]
    public async Task Secrets_are_stored_encrypted_never_shown_and_kept_when_left_empty()
    {
        var templateId = await app.ApprovedTemplateAsync();
        var user = await app.NewUserAsync();
        var id = (await app.UserApplications().CreateAsync(user, new ApplicationInput("secretive", templateId, Values()), Token)).Expect();

        var stored = await app.QueryAsync(db => db.UserApplications.AsNoTracking().SingleAsync(a => a.Id == id, Token));
        Assert.DoesNotContain("s3cret-token", stored.Values.Single(v => v.Key == "TOKEN").Value, StringComparison.Ordinal);
        var shown = (await app.UserApplications().GetAsync(user, id, Token)).Expect().Values.Single(v => v.Variable.Key == "TOKEN");
        Assert.Null(shown.Value);
        Assert.True(shown.IsSet);

        Assert.True((await app.UserApplications().UpdateValuesAsync(user, id, Values(port: "8080", token: ""), Token)).Succeeded);
        var after = await app.QueryAsync(db => db.UserApplications.AsNoTracking().SingleAsync(a => a.Id == id, Token));
        Assert.Equal("8080", after.Values.Single(v => v.Key == "PORT").Value);
        var kept = after.Values.Single(v => v.Key == "TOKEN").Value;
        Assert.DoesNotContain("s3cret-token", kept, StringComparison.Ordinal);
        Assert.Equal("s3cret-token", app.Services.GetRequiredService<SecretProtector>().Unprotect(kept));
        var audit = await app.AuditOfAsync(id);
        Assert.Equal([AuditAction.Create, AuditAction.Update], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.DoesNotContain("s3cret-token", e.Summary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_creates_together_stay_within_the_class_limit()
    {
        var templateId = await app.ApprovedTemplateAsync();
        var user = await app.NewUserAsync();

        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            Task.Run(() => app.UserApplications().CreateAsync(user, new ApplicationInput($"racer-{i}", templateId, Values()), Token), Token)));

        Assert.Equal(3, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains("allows at most 3 applications; you have 3", r.Message));
        Assert.Equal(3, (await app.UserApplications().ListAsync(user, new ApplicationQuery(null, 0, 25), Token)).TotalCount);
    }

    [Fact]
    public async Task Creating_beyond_the_class_limit_is_refused_naming_the_limit()
    {
        var templateId = await app.ApprovedTemplateAsync();
        var user = await app.NewUserAsync();
        for (var i = 1; i <= 3; i++)
        {
            var created = await app.UserApplications().CreateAsync(user, new ApplicationInput($"app-{i}", templateId, Values()), Token);
            Assert.True(created.Succeeded, created.Message);
        }

        var refused = await app.UserApplications().CreateAsync(user, new ApplicationInput("app-4", templateId, Values()), Token);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains("allows at most 3 applications; you have 3", refused.Message);
        Assert.Equal(3, (await app.UserApplications().ListAsync(user, new ApplicationQuery(null, 0, 25), Token)).TotalCount);
    }

    [Fact]
    public async Task Templates_asking_more_than_the_class_allows_per_application_are_refused()
    {
        var templateId = await app.ApprovedTemplateAsync(cpu: 1000, memory: 512);
        var user = await app.NewUserAsync();

        var refused = await app.UserApplications().CreateAsync(user, new ApplicationInput("too-big", templateId, Values()), Token);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains(refused.Errors, e => e.Contains("asks for 1000 millicores of CPU", StringComparison.Ordinal) && e.Contains("at most 500 per application", StringComparison.Ordinal));
        Assert.Contains(refused.Errors, e => e.Contains("asks for 512 MiB of memory", StringComparison.Ordinal) && e.Contains("at most 256 MiB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Names_and_values_are_validated_with_clear_messages()
    {
        var templateId = await app.ApprovedTemplateAsync();
        var user = await app.NewUserAsync();

        var badName = await app.UserApplications().CreateAsync(user, new ApplicationInput("My_App", templateId, Values()), Token);
        var badValues = await app.UserApplications().CreateAsync(user, new ApplicationInput("fine-name", templateId, Values(port: "abc", token: null)), Token);
        Assert.True((await app.UserApplications().CreateAsync(user, new ApplicationInput("taken", templateId, Values()), Token)).Succeeded);
        var duplicate = await app.UserApplications().CreateAsync(user, new ApplicationInput("taken", templateId, Values()), Token);
        var otherUsersSameName = await app.UserApplications().CreateAsync(await app.NewUserAsync(), new ApplicationInput("taken", templateId, Values()), Token);

        Assert.Contains("lower-case letters, digits and '-'", badName.Message);
        Assert.Contains("Port: 'abc' is not a whole number.", badValues.Errors);
        Assert.Contains("Token is required.", badValues.Errors);
        Assert.Equal("You already have an application called 'taken'; choose another name.", duplicate.Message);
        Assert.True(otherUsersSameName.Succeeded);
    }

    [Fact]
    public async Task Applications_cannot_start_from_templates_that_are_not_approved()
    {
        var user = await app.NewUserAsync();
        var draft = (await app.Templates().CreateAsync(user, Input(), Token)).Expect();
        var othersDraft = (await app.Templates().CreateAsync(await app.NewUserAsync(), Input(), Token)).Expect();

        var fromDraft = await app.UserApplications().CreateAsync(user, new ApplicationInput("from-draft", draft, Values()), Token);
        var fromOthers = await app.UserApplications().CreateAsync(user, new ApplicationInput("from-others", othersDraft, Values()), Token);

        Assert.Contains("new applications can only start from approved templates", fromDraft.Message);
        Assert.Equal(OutcomeKind.NotFound, fromOthers.Kind);
    }

    [Fact]
    public async Task Deleting_an_application_is_audited()
    {
        var templateId = await app.ApprovedTemplateAsync();
        var user = await app.NewUserAsync();
        var id = (await app.UserApplications().CreateAsync(user, new ApplicationInput("short-lived", templateId, Values()), Token)).Expect();

        Assert.True((await app.UserApplications().DeleteAsync(user, id, Token)).Succeeded);

        Assert.Equal(OutcomeKind.NotFound, (await app.UserApplications().GetAsync(user, id, Token)).Kind);
        var deleted = (await app.AuditOfAsync(id)).Last();
        Assert.Equal(AuditAction.Delete, deleted.Action);
        Assert.Equal(user.UserId, deleted.ActorId);
    }
}
