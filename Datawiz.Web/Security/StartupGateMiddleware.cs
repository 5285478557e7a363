using Datawiz.Infrastructure.Persistence;

namespace Datawiz.Web.Security;

/// <summary>Answers 503 until the database is migrated, so no request meets a half-built schema.</summary>
internal sealed class StartupGateMiddleware(RequestDelegate next, DatabaseReadiness readiness)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (readiness.IsReady || context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/readyz"))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("Datawiz is starting: its database is being prepared. Try again in a few seconds.");
    }
}
