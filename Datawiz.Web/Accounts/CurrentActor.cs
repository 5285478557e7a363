using System.Security.Claims;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Common;
using Microsoft.AspNetCore.Components.Authorization;

namespace Datawiz.Web.Accounts;

/// <summary>The signed-in person as an <see cref="Actor"/>, for the services that check ownership.</summary>
public sealed class CurrentActor(AuthenticationStateProvider authentication)
{
    public async Task<Actor> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return From(state.User) ?? throw new InvalidOperationException("No one is signed in; pages that act need [Authorize].");
    }

    public static Actor? From(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? new Actor(id, user.Identity?.Name ?? "", user.IsInRole(Roles.Admin))
            : null;
}
