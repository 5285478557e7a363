using System.Security.Claims;
using System.Text.Encodings.Web;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Web.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Datawiz.Web.Accounts;

/// <summary>
/// Signs in a request that presents a personal access token (<c>Authorization: Bearer dwz_…</c>) as the token's
/// owner, with the claims a cookie sign-in carries, so the same policies and <see cref="CurrentActor"/> apply.
/// Only the API and the telemetry hub name this scheme (<see cref="Policies.ApiUser"/>): pages never accept a token.
/// </summary>
internal sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessTokenAuthenticator authenticator, IUserClaimsPrincipalFactory<ApplicationUser> claims)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    /// <summary>Names the token a principal was signed in with, so a hub connection can be closed when it is revoked.</summary>
    public const string TokenIdClaim = "datawiz:access_token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedToken() is not { } text)
        {
            return AuthenticateResult.NoResult();
        }
        if (await authenticator.AuthenticateAsync(text, Context.RequestAborted) is not { } token)
        {
            // The same words for a malformed, unknown, expired or revoked token, and for one whose account is not active.
            return AuthenticateResult.Fail("The access token is not valid.");
        }
        var principal = await claims.CreateAsync(token.User);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(TokenIdClaim, token.TokenId.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate,
            Request.Headers.Authorization.Count > 0 || Request.Query.ContainsKey(TelemetryHub.AccessTokenParameter)
                ? "Bearer realm=\"Datawiz\", error=\"invalid_token\""
                : "Bearer realm=\"Datawiz\"");
        // A script wants a reason it can read, not the portal's HTML status page (which a response with a body skips).
        // Policies name this scheme after the cookie, whose challenge only sets the status, so nothing is written yet.
        await Response.WriteAsJsonAsync(new
        {
            title = "Not signed in",
            status = StatusCodes.Status401Unauthorized,
            detail = "Send a personal access token (Authorization: Bearer dwz_…; create one on your profile) or sign in with the portal's cookie. " +
                     "A token that is revoked or expired, or whose account is not active, is refused.",
        }, Context.RequestAborted);
    }

    private string? PresentedToken()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }
        // Browsers cannot set headers on a WebSocket or an EventSource, so SignalR clients send the token in the
        // query string instead; accepted on the hub only, where no page or log shows the address.
        if (Request.Path.StartsWithSegments(TelemetryHub.Route, StringComparison.OrdinalIgnoreCase)
            && Request.Query[TelemetryHub.AccessTokenParameter].ToString() is { Length: > 0 } fromQuery)
        {
            return fromQuery;
        }
        return null;
    }

    /// <summary>The token a principal was signed in with; null for a cookie sign-in.</summary>
    public static Guid? TokenIdOf(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(TokenIdClaim), out var id) ? id : null;
}
