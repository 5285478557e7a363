using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Accounts;

namespace Datawiz.Web.Tests.Harness;

/// <summary>Actors for calling services directly, as the pages would for a signed-in person.</summary>
public static class TestActors
{
    /// <summary>The administrator from configuration, who exists in every app with the default settings.</summary>
    public static async Task<Actor> ConfiguredAdminAsync(this DatawizApp app) =>
        ActorFor(await app.FindAccountAsync(DatawizApp.AdminEmail), isAdmin: true);

    public static Actor ActorFor(ApplicationUser user, bool isAdmin = false) => new(user.Id, user.Email!, isAdmin);
}
