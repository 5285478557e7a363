using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Operations;
using Microsoft.Extensions.Options;

namespace Datawiz.Web.Endpoints;

/// <summary>
/// Telemetry over HTTP for devices without MQTT, authenticated with the sensor's own credentials (HTTP Basic),
/// parsed and stored exactly as a publish to the sensor's topic; and the Prometheus metrics.
/// </summary>
internal static class TelemetryEndpoints
{
    public const string Route = "/api/v1/sensors/{username}/telemetry";

    private const string Challenge = "Basic realm=\"Datawiz telemetry\", charset=\"UTF-8\"";

    public static IEndpointRouteBuilder MapTelemetryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Devices send no antiforgery token and no cookie: the credentials in each request are the protection.
        endpoints.MapPost(Route, PostAsync).AllowAnonymous().DisableAntiforgery();
        endpoints.MapGet("/metrics", (MetricsExporter exporter) => TypedResults.Text(exporter.Render(), "text/plain; version=0.0.4; charset=utf-8"))
            .AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> PostAsync(
        string username, string? field, HttpContext context, SensorAuthenticator authenticator, TelemetryIngestion ingestion,
        MessageRateLimiter rateLimiter, IOptions<TelemetryOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Credentials(context.Request) is not var (user, password) || user != username
            || await authenticator.AuthenticateAsync(user, password, cancellationToken) is not { } sender)
        {
            context.Response.Headers.WWWAuthenticate = Challenge;
            return TypedResults.Text("The sensor's username and password are required (HTTP Basic), and the username must be the one in the address.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        var limit = options.Value.MaxPayloadBytes;
        if (context.Request.ContentLength > limit || await ReadBodyAsync(context.Request, limit, cancellationToken) is not { } body)
        {
            return TypedResults.Text($"The body is larger than {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        // ?field=temperature takes a bare number, as a publish to <topic>/temperature would.
        var topic = string.IsNullOrEmpty(field) ? sender.SensorTopic : $"{sender.SensorTopic}/{field}";
        var result = await ingestion.IngestAsync(new TelemetryMessage(sender, topic, body, clock.GetUtcNow()), cancellationToken);
        switch (result.Status)
        {
            case IngestionStatus.Stored:
                return TypedResults.Text("Stored.", statusCode: StatusCodes.Status202Accepted);
            case IngestionStatus.Rejected:
                return TypedResults.Text(result.Reason ?? "The payload is not telemetry.", statusCode: StatusCodes.Status400BadRequest);
            case IngestionStatus.RateLimited:
                context.Response.Headers.RetryAfter = Seconds(rateLimiter.RetryAfter(sender.OwnerId));
                return TypedResults.Text(result.Reason ?? "Too many messages.", statusCode: StatusCodes.Status429TooManyRequests);
            default:
                context.Response.Headers.RetryAfter = Seconds(options.Value.DatabaseRetryInterval);
                return TypedResults.Text(result.Reason ?? "Telemetry cannot be stored right now.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static (string User, string Password)? Credentials(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }
        var bytes = new byte[header.Parameter.Length];
        if (!Convert.TryFromBase64String(header.Parameter, bytes, out var length))
        {
            return null;
        }
        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? null : (text[..colon], text[(colon + 1)..]);
    }

    /// <summary>The body, or null as soon as it proves longer than <paramref name="limit"/> (without a Content-Length, as when chunked).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(total, limit + 1 - total), cancellationToken)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    return null;
                }
            }
            return buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
