using Datawiz.Domain.Telemetry;
using Datawiz.Infrastructure.Live;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Telemetry;

public sealed class LiveReadingsTestsOnSqlite(SqliteApp app) : LiveReadingsTests(app), IClassFixture<SqliteApp>;

public sealed class LiveReadingsTestsOnPostgres(PostgresApp app) : LiveReadingsTests(app), IClassFixture<PostgresApp>;

/// <summary>Readings reach live views after their commit, coalesced per view, and only for the view's sensors.</summary>
public abstract class LiveReadingsTests(DatawizApp app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reading_is_announced_only_once_it_is_stored()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var storedWhenAnnounced = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = app.Services.GetRequiredService<ILiveFeed<Guid, CommittedReadings>>().Subscribe(sensor.Sender.SensorId, async (committed, _) =>
        {
            var stored = await app.ReadingsAsync(sensor.Sender.SensorId);
            storedWhenAnnounced.TrySetResult(committed.Readings.All(r => stored.Exists(s => s.Field == r.Field && s.Value == r.Value)));
        });

        var result = await app.Ingestion().IngestAsync(app.Message(sensor, """{"temperature":24,"humidity":19,"hostname":"ESP_145DD7"}"""), Token);

        Assert.Equal(IngestionStatus.Stored, result.Status);
        Assert.True(await storedWhenAnnounced.Task.WaitAsync(Deadline, Token));
    }

    [Fact]
    public async Task A_view_gets_its_own_sensors_readings_in_few_updates_with_the_newest_value()
    {
        var watched = await app.NewTelemetrySensorAsync();
        var other = await app.NewTelemetrySensorAsync();
        var updates = new List<SensorUpdate>();
        var calls = 0;
        using var view = app.Services.GetRequiredService<LiveReadings>().Subscribe([watched.Sender.SensorId], (batch, _) =>
        {
            lock (updates)
            {
                calls++;
                updates.AddRange(batch);
            }
            return Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(200));
        const int count = 100;
        var start = app.Clock.GetUtcNow().AddSeconds(-10).ToUnixTimeMilliseconds();

        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            app.Ingestion().IngestAsync(app.Message(watched, $$"""{"temperature":{{i}},"ts":{{start + i}}}"""), Token).AsTask()));
        await app.Ingestion().IngestAsync(app.Message(other, """{"temperature":-40}"""), Token);

        await Poll.UntilAsync(() =>
        {
            lock (updates)
            {
                return Task.FromResult(updates.Sum(u => u.Fields.GetValueOrDefault("temperature")?.Count ?? 0) == count);
            }
        }, Deadline, "every reading of the watched sensor");
        lock (updates)
        {
            Assert.All(updates, u => Assert.Equal(watched.Sender.SensorId, u.SensorId));
            Assert.Contains(updates, u => u.Latest("temperature") is { Value: count - 1 });
            // A hundred messages sent at once are committed in a few batches; the view hears of them a few times, not a hundred.
            Assert.InRange(calls, 1, count / 4);
        }
    }

    [Fact]
    public async Task A_disposed_view_leaves_no_subscription_behind_and_a_sensor_listed_twice_is_heard_once()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var feed = (InProcessLiveFeed<Guid, CommittedReadings>)app.Services.GetRequiredService<ILiveFeed<Guid, CommittedReadings>>();
        var view = app.Services.GetRequiredService<LiveReadings>().Subscribe([sensor.Sender.SensorId, sensor.Sender.SensorId], (_, _) => Task.CompletedTask);
        Assert.Equal(1, feed.SubscriberCount(sensor.Sender.SensorId));

        view.Dispose();

        Assert.Equal(0, feed.SubscriberCount(sensor.Sender.SensorId));
    }
}
