using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Telemetry;

/// <summary>Ingestion when the database goes away, and when the app stops with messages queued.</summary>
public sealed class IngestionFaultTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_the_database_messages_are_refused_at_once_and_storing_resumes_when_it_returns()
    {
        await using var database = await DatabaseOutage.StartAsync();
        var app = database.App;
        var sensor = await app.NewTelemetrySensorAsync();
        var stored = 0;
        async Task<IngestionStatus> SendAsync(int value)
        {
            var result = await app.Ingestion().IngestAsync(app.Message(sensor, $$"""{"temperature":{{value}}}"""), Token);
            stored += result.Status == IngestionStatus.Stored ? 1 : 0;
            return result.Status;
        }
        Assert.Equal(IngestionStatus.Stored, await SendAsync(0));

        await database.CutAsync();
        var sent = 1;
        await Poll.UntilAsync(async () => await SendAsync(sent++) == IngestionStatus.Unavailable, TimeSpan.FromSeconds(30), "ingestion to notice the outage");
        // While the database is away every message is refused, and the portal itself keeps answering.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(IngestionStatus.Unavailable, await SendAsync(sent++));
        }
        using var client = app.CreatePortalClient();
        Assert.True((await client.GetAsync("/healthz")).IsSuccessStatusCode);

        database.Restore();
        await Poll.UntilAsync(async () => await SendAsync(sent++) == IngestionStatus.Stored, TimeSpan.FromSeconds(60), "ingestion to resume");

        // Exactly the acknowledged messages are stored: none of the refused ones slipped in.
        Assert.Equal(stored, (await app.ReadingsAsync(sensor.Sender.SensorId)).Count);
        Assert.True(sent > stored + 20);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Stopping_the_app_writes_every_queued_message_first(DatabaseProvider provider)
    {
        var app = DatawizApp.Create(provider);
        // Batches stay open for a second, so that the messages are still queued when the app is told to stop.
        app.Settings["Telemetry:MaxBatchDelay"] = "00:00:01";
        await app.InitializeAsync();
        var sensor = await app.NewTelemetrySensorAsync();
        Assert.Equal(IngestionStatus.Stored, (await app.Ingestion().IngestAsync(app.Message(sensor, """{"temperature":-1}"""), Token)).Status);
        const int count = 200;

        var pending = Enumerable.Range(0, count)
            .Select(i => app.Ingestion().IngestAsync(app.Message(sensor, $$"""{"temperature":{{i}}}"""), CancellationToken.None).AsTask())
            .ToList();
        Assert.Contains(pending, t => !t.IsCompleted);
        var restarted = app.CreateRestartedApp();
        await app.DisposeAsync();

        var results = await Task.WhenAll(pending);
        Assert.All(results, r => Assert.Equal(IngestionStatus.Stored, r.Status));
        await using (restarted)
        {
            await restarted.InitializeAsync();
            Assert.Equal(count + 1, (await restarted.ReadingsAsync(sensor.Sender.SensorId)).Count);
        }
    }
}
