using Datawiz.Web.Endpoints;
using Microsoft.AspNetCore.Antiforgery;

namespace Datawiz.Web.Security;

/// <summary>
/// A post whose antiforgery token is missing or stale (typically a form left open for hours) gets the
/// portal's own 400 page, instead of the framework's message meant for developers.
/// </summary>
internal sealed class AntiforgeryFailureMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await StatusCodePage.WriteAsync(context);
            return;
        }
        await next(context);
    }
}
