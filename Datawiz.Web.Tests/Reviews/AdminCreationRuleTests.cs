using Datawiz.Domain.Common;
using Datawiz.Infrastructure.SensorTypes;
using Datawiz.Web.Tests.Applications;
using Datawiz.Web.Tests.Harness;
using Datawiz.Web.Tests.SensorTypes;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Reviews;

public sealed class AdminCreationRuleTestsOnSqlite(SqliteApp app) : AdminCreationRuleTests(app), IClassFixture<SqliteApp>;

public sealed class AdminCreationRuleTestsOnPostgres(PostgresApp app) : AdminCreationRuleTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Sensor types and application templates are both reviewed things: what an administrator creates is
/// offered at once, and what anyone else creates waits (a submitted type, a draft template).
/// </summary>
public abstract class AdminCreationRuleTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_administrators_new_sensor_type_and_template_are_both_approved_at_once()
    {
        var admin = await app.AdminAsync();
        var types = app.Services.GetRequiredService<SensorTypeService>();

        var type = (await types.CreateAsync(admin, SensorTypeSamples.Draft(), Token)).Expect();
        var template = (await app.Templates().CreateAsync(admin, ApplicationTestData.Input(), Token)).Expect();

        Assert.Equal(ReviewStatus.Approved, (await types.GetAsync(admin, type, Token)).Expect().Review.Status);
        Assert.Equal(ReviewStatus.Approved, (await app.Templates().GetAsync(admin, template, Token)).Expect().Template.Review.Status);
    }

    [Fact]
    public async Task Nothing_a_member_creates_is_offered_before_a_review()
    {
        var member = await app.NewUserAsync();
        var types = app.Services.GetRequiredService<SensorTypeService>();

        var type = (await types.CreateAsync(member, SensorTypeSamples.Draft(), Token)).Expect();
        var template = (await app.Templates().CreateAsync(member, ApplicationTestData.Input(status: ReviewStatus.Approved), Token)).Expect();

        Assert.NotEqual(ReviewStatus.Approved, (await types.GetAsync(member, type, Token)).Expect().Review.Status);
        Assert.Equal(ReviewStatus.Draft, (await app.Templates().GetAsync(member, template, Token)).Expect().Template.Review.Status);
    }
}
