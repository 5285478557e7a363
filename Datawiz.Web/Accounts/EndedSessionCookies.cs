using Datawiz.Infrastructure.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Datawiz.Web.Accounts;

internal static class EndedSessionCookies
{
    /// <summary>
    /// Refuses, on its next request, a cookie whose sessions <see cref="AccountSessions"/> ended, before the
    /// periodic security-stamp check (still run after this) would notice.
    /// </summary>
    public static void RefuseEndedSessions(this CookieAuthenticationOptions cookie)
    {
        var stampCheck = cookie.Events.OnValidatePrincipal;
        cookie.Events.OnValidatePrincipal = async context =>
        {
            var sessions = context.HttpContext.RequestServices.GetRequiredService<AccountSessions>();
            if (context.Principal is { } principal && sessions.HasEnded(principal))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }
            await stampCheck(context);
        };
    }
}
