using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Operations;
using Microsoft.AspNetCore.Http.HttpResults;
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
        MessageRateLimiter rateLimiter, IOptions<TelemetryOptions> options, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        TelemetrySender? sender = null;
        if (Credentials(context.Request) is var (user, password) && user == username)
        {
            try
            {
                sender = await authenticator.AuthenticateAsync(user, password, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Credentials not cached need the database: without it the device is told to come back, as for a failed store.
                loggers.CreateLogger(typeof(TelemetryEndpoints)).LogWarning(ex, "HTTP telemetry of {Username} cannot be authenticated without the database", user);
                return Unavailable(context, options.Value, null);
            }
        }
        if (sender is null)
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
                return Unavailable(context, options.Value, result.Reason);
        }
    }

    private static ContentHttpResult Unavailable(HttpContext context, TelemetryOptions options, string? reason)
    {
        context.Response.Headers.RetryAfter = Seconds(options.DatabaseRetryInterval);
        return TypedResults.Text(reason ?? "Telemetry cannot be stored right now.", statusCode: StatusCodes.Status503ServiceUnavailable);
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
