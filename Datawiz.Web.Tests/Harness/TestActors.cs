using System.Net;
using Datawiz.Domain.Accounts;
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

    /// <summary>A new active account, as an actor.</summary>
    public static async Task<Actor> NewActorAsync(this DatawizApp app, string role = Roles.User)
    {
        var user = await app.CreateAccountAsync(TestAccounts.UniqueEmail(role.ToLowerInvariant()), role: role);
        return ActorFor(user, role == Roles.Admin);
    }

    /// <summary>A new active account, as an actor, with a client signed in as it.</summary>
    public static async Task<(Actor Actor, PortalClient Client)> SignedInActorAsync(this DatawizApp app, string role = Roles.User)
    {
        var actor = await app.NewActorAsync(role);
        var client = app.CreatePortalClient();
        var response = await client.SignInAsync(actor.Name, TestAccounts.Password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            client.Dispose();
            throw new InvalidOperationException($"Signing in {actor.Name} answered {response.StatusCode}.");
        }
        return (actor, client);
    }
}
