using Datawiz.Domain.Accounts;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.UserClasses;

public sealed class AdministratorQuotaTestsOnSqlite(SqliteApp app) : AdministratorQuotaTests(app), IClassFixture<SqliteApp>;

public sealed class AdministratorQuotaTestsOnPostgres(PostgresApp app) : AdministratorQuotaTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// An administrator in no class is not held by the default class' counts; one put in a class is held by it.
/// The import page learns the room left before anything is uploaded.
/// </summary>
public abstract class AdministratorQuotaTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private SensorService Sensors => app.Services.GetRequiredService<SensorService>();

    private SensorImport Import => app.Services.GetRequiredService<SensorImport>();

    [Fact]
    public async Task An_administrator_in_no_class_may_go_past_the_default_class_count()
    {
        var admin = await app.NewActorAsync(Roles.Admin);
        var type = await app.CreateSensorTypeAsync(variables: []);
        int defaultLimit;
        await using (var db = await app.DbAsync())
        {
            defaultLimit = db.UserClasses.Single(c => c.IsDefault).MaxSensors;
        }
        for (var i = 0; i < defaultLimit; i++)
        {
            await app.InsertSensorAsync(admin.UserId);
        }

        var created = await Sensors.CreateAsync(admin, new SensorInput { Name = "One past the default", SensorTypeId = type.Id }, Token);

        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        Assert.Null((await Import.RoomLeftAsync(admin, Token)).Left);
    }

    [Fact]
    public async Task An_administrator_put_in_a_class_is_held_by_it()
    {
        var admin = await app.NewActorAsync(Roles.Admin);
        var type = await app.CreateSensorTypeAsync(variables: []);
        var tiny = await app.LimitSensorsAsync(admin.UserId, maxSensors: 1);
        await app.InsertSensorAsync(admin.UserId);

        var refused = await Sensors.CreateAsync(admin, new SensorInput { Name = "Over the class", SensorTypeId = type.Id }, Token);

        Assert.False(refused.Succeeded);
        Assert.Contains($"'{tiny.Name}' allows at most 1 sensors", string.Join(" ", refused.Errors));
        Assert.Equal((0, tiny.Name), await Import.RoomLeftAsync(admin, Token));
    }

    [Fact]
    public async Task The_import_page_says_how_many_sensors_the_quota_still_allows()
    {
        var (user, client) = await app.SignedInActorAsync();
        using var _ = client;
        var tiny = await app.LimitSensorsAsync(user.UserId, maxSensors: 3);
        await app.InsertSensorAsync(user.UserId);

        Assert.Equal((2, tiny.Name), await Import.RoomLeftAsync(user, Token));
        var page = await PortalClient.TextOf(await client.GetAsync("/sensors/import"));
        Assert.Contains($"Your user class '{tiny.Name}' allows 2 more sensors, so a file may have at most 2 rows.", page);
    }
}
