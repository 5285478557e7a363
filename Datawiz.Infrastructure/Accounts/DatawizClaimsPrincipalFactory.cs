using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>Puts the account status in the sign-in cookie, so that authorisation needs no query per request.</summary>
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
        return identity;
    }
}
