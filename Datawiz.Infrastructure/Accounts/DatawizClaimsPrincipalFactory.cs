using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>Puts the account status, display name and chosen time zone in the sign-in cookie, so that authorisation needs no query per request.</summary>
internal sealed class DatawizClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole<Guid>> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole<Guid>>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DatawizClaims.Status, user.Status.ToString()));
        identity.AddClaim(new Claim(DatawizClaims.DisplayName, user.DisplayName));
        if (!string.IsNullOrEmpty(user.TimeZoneId))
        {
            // In the cookie, so that every page renders times in the chosen zone without a query.
            identity.AddClaim(new Claim(DatawizClaims.TimeZone, user.TimeZoneId));
        }
        return identity;
    }
}
