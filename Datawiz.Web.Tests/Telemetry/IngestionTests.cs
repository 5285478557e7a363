using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Web.Tests.Telemetry;

public sealed class IngestionTestsOnSqlite(SqliteApp app) : IngestionTests(app), IClassFixture<SqliteApp>;

public sealed class IngestionTestsOnPostgres(PostgresApp app) : IngestionTests(app), IClassFixture<PostgresApp>;

/// <summary>The batch writer behind IngestAsync: stored once, answered after the commit, counted per sensor.</summary>
public abstract class IngestionTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_messages_are_all_stored_exactly_once_before_they_are_answered()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var start = app.Clock.GetUtcNow().AddSeconds(-30).ToUnixTimeMilliseconds();
        const int count = 300;

        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() =>
            app.Ingestion().IngestAsync(app.Message(sensor, $$"""{"temperature":{{i}},"humidity":{{1000 + i}},"ts":{{start + i * 10}},"hostname":"ESP"}"""), Token).AsTask(), Token)));

        Assert.All(results, r => Assert.Equal(IngestionStatus.Stored, r.Status));
        // Read at once, without waiting: a Stored answer means the readings were already committed.
        var readings = await app.ReadingsAsync(sensor.Sender.SensorId);
        Assert.Equal(count * 2, readings.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => (double)i), readings.Where(r => r.Field == "temperature").Select(r => r.Value).Order());
        Assert.Equal(Enumerable.Range(0, count).Select(i => 1000.0 + i), readings.Where(r => r.Field == "humidity").Select(r => r.Value).Order());
        var first = readings.Single(r => r.Field == "temperature" && r.Value == 0);
        Assert.Equal(start, first.Timestamp.ToUnixTimeMilliseconds());

        // Counters and newest values are written a moment later, by the summary writer.
        await Poll.UntilAsync(async () => (await app.CountersAsync(sensor.Sender.SensorId))?.Stored == count, TimeSpan.FromSeconds(20), "the summary to be written");
        var latest = await app.QueryAsync(db => db.LatestReadings.AsNoTracking().Where(l => l.SensorId == sensor.Sender.SensorId).ToListAsync(Token));
        Assert.Equal(count - 1, latest.Single(l => l.Field == "temperature").Value);
        Assert.Equal(1000 + count - 1, latest.Single(l => l.Field == "humidity").Value);
        var counters = await app.CountersAsync(sensor.Sender.SensorId);
        Assert.NotNull(counters);
        Assert.Equal(count, counters.Received);
        Assert.Equal(count, counters.Stored);
        Assert.Equal(0, counters.Rejected);
        var lastSeen = await app.QueryAsync(db => db.Sensors.Where(s => s.Id == sensor.Sender.SensorId).Select(s => s.LastSeenAt).SingleAsync(Token));
        Assert.NotNull(lastSeen);
    }

    [Fact]
    public async Task A_rejected_message_stores_nothing_and_is_counted_with_its_reason()
    {
        var sensor = await app.NewTelemetrySensorAsync();

        var result = await app.Ingestion().IngestAsync(app.Message(sensor, "temperature=24"), Token);

        Assert.Equal(IngestionStatus.Rejected, result.Status);
        Assert.Contains("not valid JSON", result.Reason, StringComparison.Ordinal);
        await Poll.UntilAsync(async () => (await app.CountersAsync(sensor.Sender.SensorId))?.Rejected == 1, TimeSpan.FromSeconds(20), "the rejection to be counted");
        var counters = await app.CountersAsync(sensor.Sender.SensorId);
        Assert.Equal(1, counters!.Received);
        Assert.Equal(0, counters.Stored);
        Assert.Equal(result.Reason, counters.LastReason);
        Assert.NotNull(counters.LastReasonAt);
        Assert.Empty(await app.ReadingsAsync(sensor.Sender.SensorId));
    }

    [Fact]
    public async Task A_publish_refused_by_the_acl_is_counted_on_its_sensor()
    {
        var sensor = await app.NewTelemetrySensorAsync();

        app.Ingestion().RecordRefusedByAcl(sensor.Sender.SensorId, "users/someone-else/sensors/x");

        await Poll.UntilAsync(async () => (await app.CountersAsync(sensor.Sender.SensorId))?.RefusedByAcl == 1, TimeSpan.FromSeconds(20), "the refusal to be counted");
        Assert.Contains("users/someone-else/sensors/x", (await app.CountersAsync(sensor.Sender.SensorId))!.LastReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owners_message_rate_is_shared_by_his_sensors_and_renewed_after_a_minute()
    {
        var owner = await app.NewActorAsync();
        await app.LimitMessagesAsync(owner.UserId, perMinute: 3);
        var kitchen = await app.NewTelemetrySensorAsync(owner);
        var garden = await app.NewTelemetrySensorAsync(owner);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(IngestionStatus.Stored, (await app.Ingestion().IngestAsync(app.Message(i % 2 == 0 ? kitchen : garden, $$"""{"temperature":{{i}}}"""), Token)).Status);
        }
        var refused = await app.Ingestion().IngestAsync(app.Message(garden, """{"temperature":9}"""), Token);

        Assert.Equal(IngestionStatus.RateLimited, refused.Status);
        Assert.Contains("3 messages a minute", refused.Reason, StringComparison.Ordinal);
        Assert.Single(await app.ReadingsAsync(garden.Sender.SensorId));
        await Poll.UntilAsync(async () => (await app.CountersAsync(garden.Sender.SensorId))?.RateLimited == 1, TimeSpan.FromSeconds(20), "the refusal to be counted");

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(IngestionStatus.Stored, (await app.Ingestion().IngestAsync(app.Message(garden, """{"temperature":10}"""), Token)).Status);
        Assert.Equal([1.0, 10.0], (await app.ReadingsAsync(garden.Sender.SensorId)).Select(r => r.Value).Order());
    }
}
