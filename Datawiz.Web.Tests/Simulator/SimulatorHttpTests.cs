using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Datawiz.Simulator.Credentials;
using Datawiz.Simulator.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Datawiz.Web.Tests.Simulator;

/// <summary>
/// The simulator's HTTP publisher against a real Kestrel endpoint with the portal's route and answers
/// (202 stored, 429 with Retry-After), checking HTTP Basic like the portal.
/// </summary>
public sealed class SimulatorHttpTests : IAsyncLifetime
{
    private readonly List<SimulatedSensor> sensors = Enumerable.Range(1, 3)
        .Select(i => new SimulatedSensor($"Sensor {i}", $"s-{i:000000000000}", $"pw-{i}", $"users/u1/sensors/s-{i:000000000000}"))
        .ToList();
    private readonly ConcurrentQueue<(string User, JsonElement Payload)> received = new();
    private readonly HashSet<string> limited = new(StringComparer.Ordinal);
    private WebApplication? server;
    private HttpClient? http;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        server = builder.Build();
        var passwords = sensors.ToDictionary(s => s.Username, s => s.Password);
        server.MapPost("/api/v1/sensors/{username}/telemetry", async (string username, HttpRequest request) =>
        {
            var header = AuthenticationHeaderValue.Parse(request.Headers.Authorization.ToString());
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter!)).Split(':', 2);
            if (header.Scheme != "Basic" || pair[0] != username || passwords.GetValueOrDefault(username) != pair[1])
            {
                return Results.Unauthorized();
            }
            if (limited.Contains(username))
            {
                request.HttpContext.Response.Headers.RetryAfter = "3600";
                return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            }
            using var json = await JsonDocument.ParseAsync(request.Body);
            received.Enqueue((username, json.RootElement.Clone()));
            return Results.Accepted();
        });
        await server.StartAsync(TestContext.Current.CancellationToken);
        http = new HttpClient { BaseAddress = new Uri(server.Urls.First() + "/") };
    }

    [Fact]
    public async Task Every_reading_is_posted_with_the_sensors_own_credentials()
    {
        var simulation = NewSimulation(count: 2);

        await simulation.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(6, simulation.Counters.Accepted);
        Assert.All(sensors, s => Assert.Equal(2, received.Count(r => r.User == s.Username)));
        Assert.All(received, r => Assert.InRange(r.Payload.GetProperty("temperature").GetInt32(), 0, 50));
    }

    [Fact]
    public async Task After_a_429_the_sensor_waits_as_long_as_Retry_After_says()
    {
        limited.Add(sensors[0].Username);
        var simulation = NewSimulation(count: 3);

        await simulation.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(6, simulation.Counters.Accepted);
        Assert.Equal(3, simulation.Counters.RateLimited);
        Assert.Equal("RateLimited: waiting for Retry-After", simulation.Counters.LastProblems[sensors[0].Name]);
        Assert.DoesNotContain(received, r => r.User == sensors[0].Username);
    }

    [Fact]
    public async Task A_wrong_password_is_counted_as_failed_with_the_status()
    {
        sensors[1] = sensors[1] with { Password = "wrong" };
        var simulation = NewSimulation(count: 1);

        await simulation.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, simulation.Counters.Failed);
        Assert.StartsWith("Failed: 401", simulation.Counters.LastProblems[sensors[1].Name]);
    }

    private Simulation NewSimulation(int count) => new(
        sensors,
        sensor => new HttpTransport(sensor, http!, TimeProvider.System),
        new SimulationSettings(TimeSpan.FromMilliseconds(20), count, Seed: 4, FailureRate: 0, TimeScale: 1),
        TimeProvider.System);

    public async ValueTask DisposeAsync()
    {
        http?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
