using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Telemetry;

/// <summary>What the telemetry paths do while PostgreSQL is cut off (<see cref="DatabaseOutage"/>), and after it returns.</summary>
public sealed class TelemetryOutageTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_summary_that_cannot_be_written_is_put_back_and_written_by_the_next_write()
    {
        // The longest interval the settings allow, so that only this test's own writes happen meanwhile.
        await using var database = await DatabaseOutage.StartAsync(new Dictionary<string, string> { ["Telemetry:SummaryInterval"] = "00:01:00" });
        var app = database.App;
        var sensor = await app.NewTelemetrySensorAsync();
        var summaries = app.Services.GetRequiredService<TelemetrySummaryWriter>();
        var tally = app.Services.GetRequiredService<CounterTally>();
        Assert.Equal(IngestionStatus.Stored, (await app.Ingestion().IngestAsync(app.Message(sensor, """{"temperature":21}"""), Token)).Status);
        await summaries.WriteNowAsync(Token);
        Assert.True(tally.IsEmpty);

        await database.CutAsync();
        // The profile is cached, so this one is parsed and rejected without the database; only the tally holds it.
        Assert.Equal(IngestionStatus.Rejected, (await app.Ingestion().IngestAsync(app.Message(sensor, "not json"), Token)).Status);
        await summaries.WriteNowAsync(Token);

        Assert.False(tally.IsEmpty);
        database.Restore();
        await Poll.UntilAsync(async () =>
        {
            await summaries.WriteNowAsync(Token);
            return tally.IsEmpty;
        }, TimeSpan.FromSeconds(30), "the summary to be written once the database is back");
        var counters = await app.CountersAsync(sensor.Sender.SensorId);
        Assert.NotNull(counters);
        Assert.Equal(2, counters.Received);
        Assert.Equal(1, counters.Stored);
        Assert.Equal(1, counters.Rejected);
        Assert.Equal("The payload is not valid JSON.", counters.LastReason);
    }

    [Fact]
    public async Task Http_telemetry_gets_503_with_retry_after_while_the_database_is_away_whether_or_not_the_credentials_are_cached()
    {
        await using var database = await DatabaseOutage.StartAsync();
        var app = database.App;
        var known = await app.NewTelemetrySensorAsync();
        // Never authenticated, so its credentials are not cached (a telemetry sensor's are).
        var unseen = await app.NewSensorAsync();
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Post(known.Credentials.Username, known.Credentials.Password, """{"temperature":1}"""), Token)).StatusCode);

        await database.CutAsync();
        // A message sent before the outage is noticed may still be stored; each one answered 202 is counted.
        var storedKnown = 1;
        HttpResponseMessage cached = null!;
        await Poll.UntilAsync(async () =>
        {
            cached = await client.SendAsync(Post(known.Credentials.Username, known.Credentials.Password, """{"temperature":9}"""), Token);
            storedKnown += cached.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
            return cached.StatusCode != HttpStatusCode.Accepted;
        }, TimeSpan.FromSeconds(30), "HTTP ingestion to notice the outage");
        var uncached = await client.SendAsync(Post(unseen.Username, unseen.Password, """{"temperature":2}"""), Token);

        foreach (var response in new[] { cached, uncached })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.InRange(response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        }
        database.Restore();
        await Poll.UntilAsync(async () => (await client.SendAsync(Post(unseen.Username, unseen.Password, """{"temperature":3}"""), Token)).StatusCode == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(60), "HTTP ingestion to resume");
        Assert.Equal(storedKnown, (await app.ReadingsAsync(known.Sender.SensorId)).Count);
        Assert.Single(await app.ReadingsAsync(unseen.Credentials.SensorId));
    }

    private static HttpRequestMessage Post(string username, string password, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sensors/{username}/telemetry")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        return request;
    }
}
