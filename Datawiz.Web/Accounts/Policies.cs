using Datawiz.Domain.Accounts;
using Datawiz.Infrastructure.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Datawiz.Web.Accounts;

public static class Policies
{
    /// <summary>A signed-in account whose status is Active; every page needs it unless it says otherwise.</summary>
    public const string ActiveUser = "ActiveUser";

    /// <summary>
    /// An active account signed in with the portal's cookie or a personal access token: for the API and the telemetry
    /// hub, which scripts and external clients call. Pages keep <see cref="ActiveUser"/>, which knows only the cookie.
    /// </summary>
    public const string ApiUser = "ApiUser";

    /// <summary>An active administrator.</summary>
    public const string Admin = "Admin";

    public static void Configure(AuthorizationOptions options)
    {
        var activeUser = new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .RequireClaim(DatawizClaims.Status, nameof(UserStatus.Active))
            .Build();
        options.AddPolicy(ActiveUser, activeUser);
        options.AddPolicy(ApiUser, new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme, AccessTokenAuthenticationHandler.SchemeName)
            .Combine(activeUser).Build());
        options.AddPolicy(Admin, new AuthorizationPolicyBuilder().Combine(activeUser).RequireRole(Roles.Admin).Build());
        options.DefaultPolicy = activeUser;
        options.FallbackPolicy = activeUser;
    }
}
