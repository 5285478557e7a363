using Datawiz.Domain.Sensors;
using Datawiz.Domain.Variables;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Simulator.Creating;
using Datawiz.Simulator.Credentials;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Web.Tests.Simulator;

public sealed class SensorCreationTestsOnSqlite(SqliteApp app) : SensorCreationTests(app), IClassFixture<SqliteApp>;

public sealed class SensorCreationTestsOnPostgres(PostgresApp app) : SensorCreationTests(app), IClassFixture<PostgresApp>;

/// <summary>The simulator's <c>create</c> command, through the portal's own services on a real database.</summary>
public abstract class SensorCreationTests(DatawizApp app)
{
    private static readonly List<TemplateVariable> DefaultsOnly =
        [new() { Key = "interval", Label = "Interval", Type = VariableType.Int, Min = 1, Max = 3600, DefaultValue = "60" }];

    [Fact]
    public async Task Creates_sensors_whose_credentials_file_the_simulator_reads_back()
    {
        var user = await app.CreateAccountAsync(TestAccounts.UniqueEmail());
        var type = await app.CreateSensorTypeAsync(variables: DefaultsOnly);

        var result = await new SensorCreation(app.Services).CreateAsync(new CreationRequest(user.Email!, 3, type.Name, "Sim "), TestContext.Current.CancellationToken);

        Assert.Null(result.Error);
        var read = CredentialsFileReader.Read(CredentialsCsv.Format(result.Created));
        Assert.True(read.TryGetValue(out var sensors), read.Message);
        Assert.Equal(["Sim 1", "Sim 2", "Sim 3"], sensors.Select(s => s.Name));
        await using var db = await app.DbAsync();
        foreach (var sensor in sensors)
        {
            var stored = await db.Sensors.SingleAsync(s => s.MqttUsername == sensor.Username, TestContext.Current.CancellationToken);
            Assert.Equal(user.Id, stored.OwnerId);
            Assert.Equal(type.Id, stored.SensorTypeId);
            Assert.Equal(TopicScheme.SensorPrefix(user.Id, sensor.Username), sensor.Topic);
            Assert.Equal(stored.TopicPrefix, sensor.Topic);
            Assert.True(SensorCredentials.Verify(stored.MqttPasswordHash, sensor.Password));
            Assert.Equal("60", stored.Values.Single(v => v.Key == "interval").Value);
        }
    }

    [Fact]
    public async Task An_unknown_email_creates_nothing_and_says_so()
    {
        var result = await new SensorCreation(app.Services).CreateAsync(
            new CreationRequest("nobody-" + TestAccounts.UniqueEmail(), 2, null, "Sim "), TestContext.Current.CancellationToken);

        Assert.Empty(result.Created);
        Assert.Contains("There is no account with the email", result.Error);
    }

    [Fact]
    public async Task A_type_with_a_required_variable_without_default_is_refused_by_name()
    {
        var user = await app.CreateAccountAsync(TestAccounts.UniqueEmail());
        var type = await app.CreateSensorTypeAsync();

        var result = await new SensorCreation(app.Services).CreateAsync(new CreationRequest(user.Email!, 2, type.Name, "Sim "), TestContext.Current.CancellationToken);

        Assert.Empty(result.Created);
        Assert.Contains("api_key", result.Error);
    }

    [Fact]
    public async Task Past_the_quota_the_sensors_made_so_far_are_kept_and_the_refusal_names_the_next()
    {
        var user = await app.CreateAccountAsync(TestAccounts.UniqueEmail());
        await app.LimitSensorsAsync(user.Id, 2);
        var type = await app.CreateSensorTypeAsync(variables: DefaultsOnly);

        var result = await new SensorCreation(app.Services).CreateAsync(new CreationRequest(user.Email!, 3, type.Name, "Sim "), TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Created.Count);
        Assert.StartsWith("Sensor 'Sim 3':", result.Error);
        await using var db = await app.DbAsync();
        Assert.Equal(2, await db.Sensors.CountAsync(s => s.OwnerId == user.Id, TestContext.Current.CancellationToken));
    }
}
