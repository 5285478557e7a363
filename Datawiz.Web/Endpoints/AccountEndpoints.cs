using Datawiz.Infrastructure.Accounts;
using Datawiz.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Datawiz.Web.Endpoints;

internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account");
        // A form post (with its antiforgery token, checked by the framework for [FromForm] endpoints), never a
        // link: a link could sign people out from another site.
        account.MapPost("/logout", SignOutAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task<RedirectHttpResult> SignOutAsync(SignInManager<ApplicationUser> signInManager, [FromForm] string? returnUrl)
    {
        await signInManager.SignOutAsync();
        return TypedResults.LocalRedirect($"/account/login?signedOut=true&returnUrl={Uri.EscapeDataString(LocalUrl.OrHome(returnUrl))}");
    }
}
