using Datawiz.Domain.Applications;
using Datawiz.Domain.Common;
using Datawiz.Domain.Reviews;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Applications;
using Datawiz.Infrastructure.Groups;
using Datawiz.Infrastructure.Networks;
using Datawiz.Infrastructure.Reviews;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Infrastructure.SensorTypes;
using Datawiz.Infrastructure.UserClasses;
using Datawiz.Web.Tests.Harness;
using Datawiz.Web.Tests.SensorTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Security;

public sealed class HostileTextTestsOnSqlite(SqliteApp app) : HostileTextTests(app), IClassFixture<SqliteApp>;

public sealed class HostileTextTestsOnPostgres(PostgresApp app) : HostileTextTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Text no person types on purpose (NUL, which PostgreSQL cannot store; line breaks in one-line fields; direction
/// overrides that make a name read differently from what it is) gets a clear refusal from every service, never an error.
/// </summary>
public abstract class HostileTextTests(DatawizApp app)
{
    private const string Nul = "before\0after";
    private const string Reversed = "Kitchen\u202Egnp.exe";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private T Service<T>() where T : notnull => app.Services.GetRequiredService<T>();

    private static void AssertRefused(Outcome outcome, string field, string reason)
    {
        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Contains(outcome.Errors, e => e.StartsWith(field, StringComparison.Ordinal) && e.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sensors_refuse_NUL_in_the_description_and_direction_overrides_in_the_name()
    {
        var owner = await app.NewActorAsync();
        var type = await app.CreateSensorTypeAsync(variables: []);
        var sensors = Service<SensorService>();

        var nul = await sensors.CreateAsync(owner, new SensorInput { Name = "Kitchen", SensorTypeId = type.Id, Description = Nul }, Token);
        var reversed = await sensors.CreateAsync(owner, new SensorInput { Name = Reversed, SensorTypeId = type.Id }, Token);

        AssertRefused(nul, "Description", "control characters");
        AssertRefused(reversed, "Name", "formatting characters");
    }

    [Fact]
    public async Task Groups_refuse_NUL_in_the_description_and_direction_overrides_in_the_name()
    {
        var owner = await app.NewActorAsync();
        var groups = Service<GroupService>();

        AssertRefused(await groups.CreateAsync(owner, new GroupInput("Street", Nul), Token), "Description", "control characters");
        AssertRefused(await groups.CreateAsync(owner, new GroupInput(Reversed, null), Token), "Name", "formatting characters");
    }

    [Fact]
    public async Task Networks_refuse_direction_overrides_in_the_name_and_the_SSID()
    {
        var owner = await app.NewActorAsync();
        var networks = Service<NetworkService>();

        AssertRefused(await networks.CreateAsync(owner, new NetworkInput(Reversed, "home", null), Token), "Name", "formatting characters");
        AssertRefused(await networks.CreateAsync(owner, new NetworkInput("Home", "home\u202E", null), Token), "SSID", "formatting characters");
    }

    [Fact]
    public async Task Sensor_types_refuse_NUL_in_descriptions_units_and_code()
    {
        var submitter = await app.NewActorAsync();
        var types = Service<SensorTypeService>();
        var inDescription = SensorTypeSamples.Draft();
        inDescription.Description = Nul;
        var inUnit = SensorTypeSamples.Draft();
        inUnit.Fields[0].Unit = "°\0C";
        var inCode = SensorTypeSamples.Draft();
        inCode.CodeTemplates[0].Content += "\0";

        AssertRefused(await types.CreateAsync(submitter, inDescription, Token), "Description", "control characters");
        AssertRefused(await types.CreateAsync(submitter, inUnit, Token), "The unit of the measured field 'temperature'", "control characters");
        AssertRefused(await types.CreateAsync(submitter, inCode, Token), "The content of 'main.ino'", "control characters");
    }

    [Fact]
    public async Task Templates_and_their_comments_refuse_NUL()
    {
        var user = await app.NewActorAsync();
        var templates = Service<ApplicationTemplates>();
        var input = Applications.ApplicationTestData.Input();

        AssertRefused(await templates.CreateAsync(user, input with { Description = Nul }, Token), "Description", "control characters");
        AssertRefused(await templates.CreateAsync(user, input with { ManifestTemplate = input.ManifestTemplate + "\0" }, Token), "The manifest template", "control characters");
        var id = (await templates.CreateAsync(user, input, Token)).Expect();
        AssertRefused(await Service<TemplateComments>().AddAsync(user, id, Nul, Token), "The comment", "control characters");
    }

    [Fact]
    public async Task Review_comments_refuse_NUL()
    {
        var submitter = await app.NewActorAsync();
        var type = await app.AddSensorTypeAsync(submitter.UserId);

        var outcome = await Service<ReviewService>().DecideAsync(await app.ConfiguredAdminAsync(), ReviewKind.SensorType, type.Id, ReviewDecision.Reject, Nul, Token);

        AssertRefused(outcome, "Comment", "control characters");
        Assert.Equal(ReviewStatus.Submitted, await app.QueryAsync(db => db.SensorTypes.Where(t => t.Id == type.Id).Select(t => t.Review.Status).SingleAsync(Token)));
    }

    [Fact]
    public async Task User_classes_refuse_direction_overrides_in_the_name()
    {
        var draft = UserClassDraft.New();
        draft.Name = Reversed;

        AssertRefused(await Service<UserClassService>().CreateAsync(await app.ConfiguredAdminAsync(), draft, Token), "Name", "formatting characters");
    }

    [Theory]
    [InlineData("Ada\r\nAdmin", "one line")]
    [InlineData("Ada\0", "control characters")]
    [InlineData("Ada\u202E", "formatting characters")]
    public async Task Registration_refuses_display_names_that_are_not_one_line_of_visible_text(string displayName, string reason)
    {
        var email = TestAccounts.UniqueEmail("hostile");
        await using var scope = app.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<AccountRegistration>().RegisterAsync(email, displayName, TestAccounts.Password, Token);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.StartsWith("Display name", StringComparison.Ordinal) && e.Contains(reason, StringComparison.Ordinal));
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.FindAccountAsync(email));
    }

    [Fact]
    public async Task Registration_refuses_NUL_in_the_email_address()
    {
        await using var scope = app.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<AccountRegistration>().RegisterAsync("a\0b@datawiz.test", "Ada", TestAccounts.Password, Token);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.StartsWith("Email", StringComparison.Ordinal) && e.Contains("control characters", StringComparison.Ordinal));
    }
}
