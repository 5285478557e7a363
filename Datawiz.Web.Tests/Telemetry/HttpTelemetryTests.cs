using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Telemetry;

public sealed class HttpTelemetryTestsOnSqlite(SqliteApp app) : HttpTelemetryTests(app), IClassFixture<SqliteApp>;

public sealed class HttpTelemetryTestsOnPostgres(PostgresApp app) : HttpTelemetryTests(app), IClassFixture<PostgresApp>;

/// <summary><c>POST /api/v1/sensors/{username}/telemetry</c> with the sensor's own credentials.</summary>
public abstract class HttpTelemetryTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static HttpRequestMessage Post(TelemetrySensor sensor, string body, string? username = null, string? password = null, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sensors/{username ?? sensor.Credentials.Username}/telemetry{query}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sensor.Credentials.Username}:{password ?? sensor.Credentials.Password}")));
        return request;
    }

    private HttpClient Client() => new() { BaseAddress = app.BaseAddress };

    [Fact]
    public async Task A_thesis_payload_is_stored_before_202_is_answered()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        using var client = Client();

        var response = await client.SendAsync(Post(sensor, """{"temperature":24,"humidity":19,"hostname":"ESP_145DD7"}"""), Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var readings = await app.ReadingsAsync(sensor.Sender.SensorId);
        Assert.Equal([("humidity", 19.0), ("temperature", 24.0)], readings.Select(r => (r.Field, r.Value)).Order());
    }

    [Fact]
    public async Task A_bare_number_is_taken_for_the_field_in_the_query()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        using var client = Client();

        var response = await client.SendAsync(Post(sensor, "21.5", query: "?field=temperature"), Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(21.5, Assert.Single(await app.ReadingsAsync(sensor.Sender.SensorId)).Value);
    }

    [Fact]
    public async Task A_payload_that_is_not_telemetry_gets_400_with_the_reason()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        using var client = Client();

        var response = await client.SendAsync(Post(sensor, """{"temperature":"warm"}"""), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no numeric value", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Empty(await app.ReadingsAsync(sensor.Sender.SensorId));
    }

    [Fact]
    public async Task Missing_wrong_or_someone_elses_credentials_get_401_with_a_challenge()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var other = await app.NewTelemetrySensorAsync();
        using var client = Client();
        var anonymous = Post(sensor, """{"temperature":1}""");
        anonymous.Headers.Authorization = null;

        var responses = new[]
        {
            await client.SendAsync(anonymous, Token),
            await client.SendAsync(Post(sensor, """{"temperature":1}""", password: "wrong-password"), Token),
            // Right credentials, but for another sensor than the one in the address.
            await client.SendAsync(Post(other, """{"temperature":1}""", username: sensor.Credentials.Username), Token),
        };

        Assert.All(responses, r =>
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal("Basic", r.Headers.WwwAuthenticate.Single().Scheme);
        });
        Assert.Empty(await app.ReadingsAsync(sensor.Sender.SensorId));
        Assert.Empty(await app.ReadingsAsync(other.Sender.SensorId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_oversize_body_gets_413_with_or_without_a_length(bool chunked)
    {
        var sensor = await app.NewTelemetrySensorAsync();
        using var client = Client();
        var request = Post(sensor, "{\"temperature\":1,\"pad\":\"" + new string('x', 17_000) + "\"}");
        request.Headers.TransferEncodingChunked = chunked;

        var response = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await app.ReadingsAsync(sensor.Sender.SensorId));
    }

    [Fact]
    public async Task Past_the_owners_rate_429_says_when_to_retry()
    {
        var owner = await app.NewActorAsync();
        await app.LimitMessagesAsync(owner.UserId, perMinute: 2);
        var sensor = await app.NewTelemetrySensorAsync(owner);
        using var client = Client();

        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Post(sensor, """{"temperature":1}"""), Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Post(sensor, """{"temperature":2}"""), Token)).StatusCode);
        var refused = await client.SendAsync(Post(sensor, """{"temperature":3}"""), Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(2, (await app.ReadingsAsync(sensor.Sender.SensorId)).Count);
    }
}
