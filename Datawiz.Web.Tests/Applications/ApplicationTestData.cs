using Datawiz.Domain.Applications;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Variables;
using Datawiz.Infrastructure.Applications;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Applications;

/// <summary>Accounts, templates and database look-ups for the application tests, through the app's own services.</summary>
internal static class ApplicationTestData
{
    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static ApplicationTemplates Templates(this DatawizApp app) => app.Services.GetRequiredService<ApplicationTemplates>();

    public static TemplateComments Comments(this DatawizApp app) => app.Services.GetRequiredService<TemplateComments>();

    public static UserApplications UserApplications(this DatawizApp app) => app.Services.GetRequiredService<UserApplications>();

    public static async Task<Actor> NewUserAsync(this DatawizApp app, string name = "user")
    {
        var email = TestAccounts.UniqueEmail(name);
        var user = await app.CreateAccountAsync(email);
        return new Actor(user.Id, email, false);
    }

    public static async Task<Actor> AdminAsync(this DatawizApp app)
    {
        var admin = await app.FindAccountAsync(DatawizApp.AdminEmail);
        return new Actor(admin.Id, DatawizApp.AdminEmail, true);
    }

    /// <summary>A signed-in client for <paramref name="actor"/>, created by <see cref="NewUserAsync"/>.</summary>
    public static async Task<PortalClient> ClientForAsync(this DatawizApp app, Actor actor)
    {
        var client = app.CreatePortalClient();
        var response = await client.SignInAsync(actor.Name, actor.IsAdmin ? DatawizApp.AdminPassword : TestAccounts.Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static TemplateInput Input(
        string? name = null, ReviewStatus? status = null, int cpu = 100, int memory = 128, string version = "1.0",
        string manifest = "metadata:\n  name: {{APP_NAME}}\n  namespace: {{NAMESPACE}}\nport: {{PORT}}\ntoken: {{TOKEN}}\n") =>
        new(
            name ?? $"Template {Guid.NewGuid():N}"[..20],
            ApplicationCategory.Flow,
            "A test template.",
            version,
            manifest,
            [
                new TemplateVariable { Key = "PORT", Label = "Port", Type = VariableType.Int, Min = 1, Max = 65535, DefaultValue = "1880" },
                new TemplateVariable { Key = "TOKEN", Label = "Token", Type = VariableType.Secret, Required = true },
            ],
            cpu,
            memory,
            status);

    /// <summary>An approved template made by the administrator.</summary>
    public static async Task<Guid> ApprovedTemplateAsync(this DatawizApp app, int cpu = 100, int memory = 128)
    {
        var created = await app.Templates().CreateAsync(await app.AdminAsync(), Input(status: ReviewStatus.Approved, cpu: cpu, memory: memory), Token);
        Assert.True(created.Succeeded, created.Message);
        return created.Expect();
    }

    public static Dictionary<string, string?> Values(string? port = "1880", string? token = "s3cret-token") =>
        new(StringComparer.Ordinal) { ["PORT"] = port, ["TOKEN"] = token };

    /// <summary>The template's stamp as an editor opened now would load it.</summary>
    public static Task<Guid> StampOfAsync(this DatawizApp app, Guid templateId) =>
        app.QueryAsync(db => db.ApplicationTemplates.Where(t => t.Id == templateId).Select(t => t.ConcurrencyStamp).SingleAsync(Token));

    /// <summary>Plays the reviewer's part, which another feature owns.</summary>
    public static Task SetStatusAsync(this DatawizApp app, Guid templateId, ReviewStatus status, string? comment = null) =>
        app.QueryAsync(db => db.ApplicationTemplates.Where(t => t.Id == templateId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Review.Status, status).SetProperty(t => t.Review.ReviewComment, comment), Token));

    public static Task<List<AuditEntry>> AuditOfAsync(this DatawizApp app, Guid entityId) =>
        app.QueryAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == entityId.ToString()).OrderBy(e => e.Id).ToListAsync(Token));
}
