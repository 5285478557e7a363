using Datawiz.Web.Accounts;
using Datawiz.Web.Components.Layout;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Datawiz.Web.Endpoints;

internal static class ThemeEndpoints
{
    /// <summary>
    /// The theme toggle of statically rendered pages (sign-in, profile), which cannot run code in the
    /// browser: a form post that remembers the choice and returns to the page.
    /// </summary>
    public static IEndpointRouteBuilder MapThemeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/theme", Remember).AllowAnonymous();
        return endpoints;
    }

    private static RedirectHttpResult Remember(HttpContext context, [FromForm] bool dark, [FromForm] string? returnUrl)
    {
        ThemeCookie.Write(context.Response, dark);
        var target = LocalUrl.OrHome(returnUrl);
        // A Location header carries ASCII only; anything else (never produced by the toggle itself) goes home.
        return TypedResults.LocalRedirect(target.All(char.IsAscii) ? target : "/");
    }
}
