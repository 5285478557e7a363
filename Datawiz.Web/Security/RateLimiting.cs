using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Datawiz.Web.Security;

/// <summary>The <c>RateLimiting</c> configuration section.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Sign-in, registration and password posts one address may make per minute.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "{0} must be at least 1.")]
    public int AccountPostsPerMinute { get; set; } = 10;
}

internal static class RateLimiting
{
    public const string TooManyRequestsMessage = "Too many attempts from your address. Please wait a minute and try again.";

    /// <summary>
    /// Slows down password guessing and registration floods: posts to account pages are limited per
    /// client address; everything else is not limited here.
    /// </summary>
    public static void Configure(RateLimiterOptions options, RateLimitingOptions limits)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/account")
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.AccountPostsPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                : RateLimitPartition.GetNoLimiter(""));
        options.OnRejected = async (rejected, cancellationToken) =>
        {
            rejected.HttpContext.Response.Headers.RetryAfter = "60";
            rejected.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
            await rejected.HttpContext.Response.WriteAsync(TooManyRequestsMessage, cancellationToken);
        };
    }
}
