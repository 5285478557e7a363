using Datawiz.Domain.Accounts;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Datawiz.Web.Tests.Broker;

public sealed class UserMqttConnectionTestsOnSqlite(SqliteApp app) : UserMqttConnectionTests(app), IClassFixture<SqliteApp>;

public sealed class UserMqttConnectionTestsOnPostgres(PostgresApp app) : UserMqttConnectionTests(app), IClassFixture<PostgresApp>;

/// <summary>A person's applications on the broker with his user name and own MQTT password: who gets in, and when that stops.</summary>
public abstract class UserMqttConnectionTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private UserMqttPasswords Passwords => app.Services.GetRequiredService<UserMqttPasswords>();

    [Theory]
    [MemberData(nameof(BrokerConnectionTests.Connections), MemberType = typeof(BrokerConnectionTests))]
    public async Task A_person_connects_with_his_user_name_and_mqtt_password(MqttTransport transport, MqttProtocolVersion version)
    {
        var user = await app.NewMqttUserAsync();

        using var client = await app.ConnectUserAsync(user, transport, version);

        Assert.True(client.IsConnected);
        Assert.Equal(user.Actor.Name, user.Username);
    }

    [Fact]
    public async Task The_password_is_stored_only_as_a_hash()
    {
        var user = await app.NewMqttUserAsync();

        await using var db = await app.DbAsync();
        var hash = await db.Users.Where(u => u.Id == user.Actor.UserId).Select(u => u.MqttPasswordHash).SingleAsync(Token);
        Assert.NotNull(hash);
        Assert.DoesNotContain(user.Password, hash);
        Assert.StartsWith("pbkdf2-sha256$", hash);
        Assert.True((await Passwords.GetAsync(user.Actor, Token)).Expect().HasPassword);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Without_an_mqtt_password_or_with_the_sign_in_password_a_person_is_refused(MqttProtocolVersion version)
    {
        var withoutOne = await app.NewActorAsync();
        var user = await app.NewMqttUserAsync();

        Assert.False((await Passwords.GetAsync(withoutOne, Token)).Expect().HasPassword);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await RefusalAsync(version, withoutOne.Name, TestAccounts.Password));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await RefusalAsync(version, user.Username, TestAccounts.Password));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await RefusalAsync(version, user.Username, user.Password + "x"));
    }

    [Fact]
    public async Task Regenerating_closes_the_open_connection_and_only_the_new_password_works()
    {
        var user = await app.NewMqttUserAsync();
        using var flow = await app.ConnectUserAsync(user);

        var renewed = (await Passwords.IssueAsync(user.Actor, Token)).Expect();

        await Poll.UntilAsync(() => Task.FromResult(!flow.IsConnected), TimeSpan.FromSeconds(20), "the old connection to be closed");
        Assert.NotEqual(user.Password, renewed.Password);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await RefusalAsync(MqttProtocolVersion.V500, user.Username, user.Password));
        using var again = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, user.Username, renewed.Password));
        Assert.True(again.IsConnected);
    }

    [Fact]
    public async Task Regenerating_does_not_close_his_sensors_connections()
    {
        var user = await app.NewMqttUserAsync();
        var sensor = await app.NewSensorAsync(user.Actor);
        using var device = await app.ConnectSensorAsync(sensor);
        using var flow = await app.ConnectUserAsync(user);

        (await Passwords.IssueAsync(user.Actor, Token)).Expect();

        await Poll.UntilAsync(() => Task.FromResult(!flow.IsConnected), TimeSpan.FromSeconds(20), "the application's connection to be closed");
        var published = await device.PublishStringAsync(sensor.Topic, "{\"temperature\":20}", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        Assert.True(published.IsSuccess, published.ReasonCode.ToString());
        Assert.True(device.IsConnected);
    }

    [Theory]
    [InlineData(UserStatus.Suspended)]
    [InlineData(UserStatus.Deleted)]
    public async Task Suspending_or_deleting_the_account_closes_its_connection_and_refuses_the_password(UserStatus to)
    {
        var user = await app.NewMqttUserAsync();
        using var flow = await app.ConnectUserAsync(user);
        var admin = await app.ConfiguredAdminAsync();

        var changed = await app.Services.GetRequiredService<UserAdministration>().ChangeStatusAsync(admin, user.Actor.UserId, to, Token);

        Assert.True(changed.Succeeded, changed.Message);
        await Poll.UntilAsync(() => Task.FromResult(!flow.IsConnected), TimeSpan.FromSeconds(20), "the connection to be closed");
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await RefusalAsync(MqttProtocolVersion.V500, user.Username, user.Password));
    }

    [Fact]
    public async Task Changing_the_email_address_closes_the_connection_and_the_new_address_is_the_username()
    {
        var user = await app.NewMqttUserAsync();
        using var flow = await app.ConnectUserAsync(user);
        using var portal = app.CreatePortalClient();
        await portal.SignInAsync(user.Username, TestAccounts.Password);
        var newEmail = TestAccounts.UniqueEmail("renamed");

        var saved = await portal.SubmitFormAsync("/account/profile", "profile", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Renamed",
            ["Input.Email"] = newEmail,
        });

        Assert.Contains("Your profile has been saved.", await PortalClient.TextOf(saved));
        await Poll.UntilAsync(() => Task.FromResult(!flow.IsConnected), TimeSpan.FromSeconds(20), "the connection under the old address to be closed");
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await RefusalAsync(MqttProtocolVersion.V500, user.Username, user.Password));
        using var renamed = await app.ConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V311, newEmail, user.Password));
        Assert.True(renamed.IsConnected);
    }

    [Fact]
    public async Task A_new_role_applies_from_the_next_connect()
    {
        var user = await app.NewMqttUserAsync(role: Roles.Admin);
        using var asAdmin = await app.ConnectUserAsync(user);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS0, (await asAdmin.SubscribeAsync("$SYS/#", cancellationToken: Token)).Items.Single().ResultCode);

        var changed = await app.Services.GetRequiredService<UserAdministration>().ChangeRoleAsync(await app.ConfiguredAdminAsync(), user.Actor.UserId, Roles.User, Token);

        Assert.True(changed.Succeeded, changed.Message);
        await Poll.UntilAsync(() => Task.FromResult(!asAdmin.IsConnected), TimeSpan.FromSeconds(20), "the administrator's connection to be closed");
        using var asUser = await app.ConnectUserAsync(user);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, (await asUser.SubscribeAsync("$SYS/#", cancellationToken: Token)).Items.Single().ResultCode);
    }

    private async Task<MqttClientConnectResultCode> RefusalAsync(MqttProtocolVersion version, string username, string password)
    {
        var (client, result) = await app.TryConnectAsync(app.Options(MqttTransport.Tcp, version, username, password));
        using (client)
        {
            Assert.False(client.IsConnected);
            return result.ResultCode;
        }
    }
}
