using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Datawiz.Simulator.Credentials;

namespace Datawiz.Simulator.Publishing;

/// <summary>
/// Posts readings to <c>POST /api/v1/sensors/{username}/telemetry</c> with HTTP Basic, as a device without
/// MQTT does. After a 429 it waits as long as <c>Retry-After</c> says before sending again.
/// </summary>
public sealed class HttpTransport(SimulatedSensor sensor, HttpClient http, TimeProvider clock) : ITelemetryTransport
{
    private readonly AuthenticationHeaderValue authorization =
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sensor.Username}:{sensor.Password}")));

    private DateTimeOffset quietUntil = DateTimeOffset.MinValue;

    public async Task<SendResult> SendAsync(byte[] payload, CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() < quietUntil)
        {
            return new SendResult(SendStatus.RateLimited, "waiting for Retry-After");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/sensors/{Uri.EscapeDataString(sensor.Username)}/telemetry")
        {
            Content = new ByteArrayContent(payload) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Authorization = authorization;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return SendResult.Accepted;
            }
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                quietUntil = clock.GetUtcNow() + wait;
                return new SendResult(SendStatus.RateLimited, $"429, retry after {wait.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            }
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new SendResult(SendStatus.Failed, $"{(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(body)}");
        }
        catch (HttpRequestException ex)
        {
            return new SendResult(SendStatus.Offline, ex.Message);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(SendStatus.Offline, $"timed out: {ex.Message}");
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
