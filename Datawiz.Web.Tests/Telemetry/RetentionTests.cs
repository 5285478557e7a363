using Datawiz.Domain.Telemetry;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Telemetry;

public sealed class RetentionTestsOnSqlite() : RetentionTests(new SqliteApp());

public sealed class RetentionTestsOnPostgres() : RetentionTests(new PostgresApp());

/// <summary>The retention job, on an app of its own because the test moves its clock weeks ahead.</summary>
public abstract class RetentionTests(DatawizApp app) : IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        app.Settings["Telemetry:RetentionInterval"] = "00:00:01";
        app.Settings["Telemetry:RetentionBatchSize"] = "2";
        await app.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Readings_older_than_the_owners_class_allows_and_those_of_deleted_sensors_are_deleted()
    {
        var owner = await app.NewActorAsync();
        await app.LimitMessagesAsync(owner.UserId, perMinute: 600, retentionDays: 30);
        var sensor = await app.NewTelemetrySensorAsync(owner);
        var sensorId = sensor.Sender.SensorId;
        var deletedSensor = Guid.NewGuid();
        var now = app.Clock.GetUtcNow();
        // Stored as ingestion stores them, with their rollups. Old ones in two quarter hours, so that deleting
        // takes several small batches.
        await app.Services.GetRequiredService<ITelemetryStore>().WriteReadingsAsync(
        [
            .. Enumerable.Range(0, 5).Select(i => new Reading { SensorId = sensorId, Field = "temperature", Timestamp = now.AddDays(-20).AddMinutes(10 * i), Value = i }),
            new Reading { SensorId = sensorId, Field = "temperature", Timestamp = now.AddDays(-1), Value = 99 },
            new Reading { SensorId = deletedSensor, Field = "temperature", Timestamp = now, Value = 7 },
        ], Token);
        await using (var db = await app.DbAsync())
        {
            db.LatestReadings.Add(new LatestReading { SensorId = sensorId, Field = "temperature", Timestamp = now.AddDays(-1), Value = 99 });
            db.LatestReadings.Add(new LatestReading { SensorId = deletedSensor, Field = "temperature", Timestamp = now, Value = 7 });
            db.SensorTelemetryCounters.Add(new SensorTelemetryCounters { SensorId = deletedSensor, Received = 1, Stored = 1 });
            await db.SaveChangesAsync(Token);
        }

        // Nothing is old enough yet, except what the deleted sensor left.
        // One round deletes the readings first, then the latest values and counters: wait for the whole round.
        await Poll.UntilAsync(async () => (await app.ReadingsAsync(deletedSensor)).Count == 0
            && !await app.QueryAsync(db => db.LatestReadings.AnyAsync(l => l.SensorId == deletedSensor, Token))
            && !await app.QueryAsync(db => db.SensorTelemetryCounters.AnyAsync(c => c.SensorId == deletedSensor, Token)),
            TimeSpan.FromSeconds(30), "what the deleted sensor left to go");
        Assert.Equal(6, (await app.ReadingsAsync(sensorId)).Count);

        app.Clock.Advance(TimeSpan.FromDays(15));

        await Poll.UntilAsync(async () => (await app.ReadingsAsync(sensorId)).Count == 1, TimeSpan.FromSeconds(30), "the expired readings to go");
        Assert.Equal(99, Assert.Single(await app.ReadingsAsync(sensorId)).Value);
        // Their rollups went with them: what is left summarises exactly what is left.
        var rollups = await app.QueryAsync(db => db.ReadingRollups.Where(r => r.SensorId == sensorId || r.SensorId == deletedSensor).ToListAsync(Token));
        var left = Assert.Single(rollups);
        Assert.Equal((sensorId, 1L, 99.0), (left.SensorId, left.Count, left.Sum));
    }
}
