using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Telemetry;

public sealed class TelemetryOverviewTestsOnSqlite(SqliteApp app) : TelemetryOverviewTests(app), IClassFixture<SqliteApp>;

public sealed class TelemetryOverviewTestsOnPostgres(PostgresApp app) : TelemetryOverviewTests(app), IClassFixture<PostgresApp>;

/// <summary>What a sensor's page shows of its telemetry, after real ingestion, and to whom.</summary>
public abstract class TelemetryOverviewTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private TelemetryOverview Overview => app.Services.GetRequiredService<TelemetryOverview>();

    [Fact]
    public async Task A_sensor_that_never_sent_anything_is_empty_with_zero_counters()
    {
        var sensor = await app.NewTelemetrySensorAsync();

        var telemetry = (await Overview.GetAsync(sensor.Owner, sensor.Sender.SensorId, Token)).Expect();

        Assert.True(telemetry.IsEmpty);
        Assert.Equal(0, telemetry.Counters.Received);
        Assert.Null(telemetry.Counters.LastReason);
        Assert.Null(telemetry.LastSeenAt);
        Assert.Empty(telemetry.Latest);
    }

    [Fact]
    public async Task Counters_last_seen_and_latest_values_follow_what_was_ingested_type_fields_first()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var first = await app.Ingestion().IngestAsync(app.Message(sensor, """{"zeta":1,"humidity":19,"alpha":2,"temperature":24,"hostname":"ESP"}"""), Token);
        var second = await app.Ingestion().IngestAsync(app.Message(sensor, """{"temperature":25.5}"""), Token);
        Assert.Equal(IngestionStatus.Stored, first.Status);
        Assert.Equal(IngestionStatus.Stored, second.Status);
        await app.WriteTelemetrySummaryAsync();

        var telemetry = (await Overview.GetAsync(sensor.Owner, sensor.Sender.SensorId, Token)).Expect();

        Assert.False(telemetry.IsEmpty);
        Assert.Equal(2, telemetry.Counters.Received);
        Assert.Equal(2, telemetry.Counters.Stored);
        Assert.Equal(0, telemetry.Counters.Rejected);
        Assert.NotNull(telemetry.LastSeenAt);
        Assert.Equal(
            [
                ("temperature", "Temperature", "°C", 25.5, true),
                ("humidity", "Humidity", "%", 19.0, true),
                ("alpha", "alpha", "", 2.0, false),
                ("zeta", "zeta", "", 1.0, false),
            ],
            telemetry.Latest.Select(v => (v.Field, v.Label, v.Unit, v.Value, v.IsTypeField)));
    }

    [Fact]
    public async Task A_rejected_message_over_http_is_counted_with_its_reason_and_time()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sensors/{sensor.Credentials.Username}/telemetry")
        {
            Content = new StringContent("temperature=24", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{sensor.Credentials.Username}:{sensor.Credentials.Password}")));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await client.SendAsync(request, Token)).StatusCode);

        SensorTelemetry? telemetry = null;
        await Poll.UntilAsync(async () =>
        {
            telemetry = (await Overview.GetAsync(sensor.Owner, sensor.Sender.SensorId, Token)).Expect();
            return telemetry.Counters.Rejected == 1;
        }, TimeSpan.FromSeconds(20), "the rejection to be counted");
        Assert.Equal(1, telemetry!.Counters.Received);
        Assert.Equal(0, telemetry.Counters.Stored);
        Assert.Contains("not valid JSON", telemetry.Counters.LastReason, StringComparison.Ordinal);
        Assert.NotNull(telemetry.Counters.LastReasonAt);
        Assert.Empty(telemetry.Latest);
        Assert.False(telemetry.IsEmpty);
    }

    [Fact]
    public async Task The_owner_a_member_of_a_group_it_is_shared_with_and_an_admin_see_it_a_stranger_does_not()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var member = await app.NewActorAsync();
        var outsider = await app.NewActorAsync();
        var group = await app.CreateGroupAsync(sensor.Owner.UserId, member.UserId);
        // A group the stranger shares with the owner, but the sensor is not shared with it.
        await app.CreateGroupAsync(sensor.Owner.UserId, outsider.UserId);
        await using (var db = await app.DbAsync())
        {
            db.SensorShares.Add(new SensorShare { SensorId = sensor.Sender.SensorId, GroupId = group.Id });
            await db.SaveChangesAsync(Token);
        }
        Assert.Equal(IngestionStatus.Stored, (await app.Ingestion().IngestAsync(app.Message(sensor, """{"temperature":21}"""), Token)).Status);
        await app.WriteTelemetrySummaryAsync();

        foreach (var viewer in new[] { sensor.Owner, member, await app.ConfiguredAdminAsync() })
        {
            var seen = (await Overview.GetAsync(viewer, sensor.Sender.SensorId, Token)).Expect();
            Assert.Equal(21.0, Assert.Single(seen.Latest).Value);
        }
        Assert.Equal(OutcomeKind.NotFound, (await Overview.GetAsync(outsider, sensor.Sender.SensorId, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Overview.GetAsync(await app.NewActorAsync(), sensor.Sender.SensorId, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Overview.GetAsync(sensor.Owner, Guid.NewGuid(), Token)).Kind);
    }
}
