using System.Net;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Common;

namespace Datawiz.Web.Tests.Harness;

/// <summary>A new account as the <see cref="Actor"/> services take, optionally with a client signed in as it.</summary>
public static class TestActors
{
    public static async Task<Actor> NewActorAsync(this DatawizApp app, string role = Roles.User)
    {
        var email = TestAccounts.UniqueEmail(role.ToLowerInvariant());
        var user = await app.CreateAccountAsync(email, role: role);
        return new Actor(user.Id, email, role == Roles.Admin);
    }

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
