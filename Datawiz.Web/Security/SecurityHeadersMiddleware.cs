using Microsoft.Extensions.Options;

namespace Datawiz.Web.Security;

/// <summary>
/// Headers on every response. The policy allows no inline script at all: everything the portal runs
/// comes from its own origin. Inline styles stay allowed because MudBlazor writes its theme as a style
/// element and positions popovers with style attributes.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<SecurityHeadersOptions> options)
{
    private readonly string contentSecurityPolicy = BuildPolicy(options.Value);

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)";
        return next(context);
    }

    internal static string BuildPolicy(SecurityHeadersOptions options)
    {
        var images = string.Join(' ', ["'self'", "data:", "blob:", .. options.ExtraImageSources]);
        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            $"img-src {images}",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    }
}
