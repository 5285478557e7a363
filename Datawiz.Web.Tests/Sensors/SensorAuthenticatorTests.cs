using Datawiz.Domain.Accounts;
using Datawiz.Domain.Broker;
using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Sensors;

public sealed class SensorAuthenticatorTestsOnSqlite(SqliteApp app) : SensorAuthenticatorTests(app), IClassFixture<SqliteApp>;

public sealed class SensorAuthenticatorTestsOnPostgres(PostgresApp app) : SensorAuthenticatorTests(app), IClassFixture<PostgresApp>;

/// <summary>The credentials check shared by the broker and the HTTP endpoint: right answers, and forgetting at once.</summary>
public abstract class SensorAuthenticatorTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private SensorAuthenticator Authenticator => app.Services.GetRequiredService<SensorAuthenticator>();

    private SensorService Sensors => app.Services.GetRequiredService<SensorService>();

    private async Task<(Actor Owner, IssuedCredentials Credentials)> NewSensorAsync()
    {
        var owner = await app.NewActorAsync();
        var type = await app.CreateSensorTypeAsync();
        var created = await Sensors.CreateAsync(owner, new SensorInput
        {
            Name = "Garden",
            SensorTypeId = type.Id,
            Values = new Dictionary<string, string?> { ["interval"] = "30", ["api_key"] = "k", ["location"] = "Garden" },
        }, Token);
        return (owner, created.Expect());
    }

    private static void AssertOk(Outcome outcome) => Assert.True(outcome.Succeeded, outcome.Message);

    [Fact]
    public async Task Right_credentials_give_the_sensor_and_its_topic()
    {
        var (owner, credentials) = await NewSensorAsync();

        var sender = await Authenticator.AuthenticateAsync(credentials.Username, credentials.Password, Token);

        Assert.NotNull(sender);
        Assert.Equal(credentials.SensorId, sender.SensorId);
        Assert.Equal(owner.UserId, sender.OwnerId);
        Assert.Equal(TopicScheme.SensorPrefix(owner.UserId, credentials.Username), sender.SensorTopic);
        // The second answer comes from the cache and must be the same.
        Assert.Equal(sender, await Authenticator.AuthenticateAsync(credentials.Username, credentials.Password, Token));
    }

    [Fact]
    public async Task Wrong_password_unknown_user_and_empty_values_are_refused()
    {
        var (_, credentials) = await NewSensorAsync();
        await Authenticator.AuthenticateAsync(credentials.Username, credentials.Password, Token);

        Assert.Null(await Authenticator.AuthenticateAsync(credentials.Username, credentials.Password + "x", Token));
        Assert.Null(await Authenticator.AuthenticateAsync(credentials.Username, "", Token));
        Assert.Null(await Authenticator.AuthenticateAsync("s-nobodyatall1", credentials.Password, Token));
        Assert.Null(await Authenticator.AuthenticateAsync("", "", Token));
    }

    [Fact]
    public async Task A_regenerated_password_replaces_the_cached_one_at_once_and_is_announced()
    {
        var (owner, credentials) = await NewSensorAsync();
        await Authenticator.AuthenticateAsync(credentials.Username, credentials.Password, Token);
        var revoked = new List<CredentialsRevoked>();
        Authenticator.Revoked += revoked.Add;
        try
        {
            var renewed = (await Sensors.RegeneratePasswordAsync(owner, credentials.SensorId, Token)).Expect();

            Assert.Null(await Authenticator.AuthenticateAsync(credentials.Username, credentials.Password, Token));
            Assert.NotNull(await Authenticator.AuthenticateAsync(credentials.Username, renewed.Password, Token));
            Assert.Contains(revoked, r => r.Covers(new BrokerIdentity(BrokerRole.Sensor, Guid.Empty, credentials.Username, "")));
        }
        finally
        {
            Authenticator.Revoked -= revoked.Add;
        }
    }

    [Fact]
    public async Task A_deleted_sensor_no_longer_authenticates()
    {
        var (owner, credentials) = await NewSensorAsync();
        await Authenticator.AuthenticateAsync(credentials.Username, credentials.Password, Token);

        AssertOk(await Sensors.DeleteAsync(owner, credentials.SensorId, Token));

        Assert.Null(await Authenticator.AuthenticateAsync(credentials.Username, credentials.Password, Token));
    }

    [Fact]
    public async Task Suspending_or_deleting_the_owner_stops_his_sensors_and_is_announced_for_him()
    {
        var (owner, first) = await NewSensorAsync();
        await Authenticator.AuthenticateAsync(first.Username, first.Password, Token);
        var admin = await app.ConfiguredAdminAsync();
        var users = app.Services.GetRequiredService<UserAdministration>();
        var revoked = new List<CredentialsRevoked>();
        Authenticator.Revoked += revoked.Add;
        try
        {
            AssertOk(await users.ChangeStatusAsync(admin, owner.UserId, UserStatus.Suspended, Token));

            Assert.Null(await Authenticator.AuthenticateAsync(first.Username, first.Password, Token));
            Assert.Contains(revoked, r => r.Covers(new BrokerIdentity(BrokerRole.Sensor, owner.UserId, "any-username", "")));

            AssertOk(await users.ChangeStatusAsync(admin, owner.UserId, UserStatus.Active, Token));
            Assert.NotNull(await Authenticator.AuthenticateAsync(first.Username, first.Password, Token));

            AssertOk(await users.DeleteAsync(admin, owner.UserId, Token));
            Assert.Null(await Authenticator.AuthenticateAsync(first.Username, first.Password, Token));
        }
        finally
        {
            Authenticator.Revoked -= revoked.Add;
        }
    }
}
