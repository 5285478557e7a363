using System.Net;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Web.Tests.Harness;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Accounts;

/// <summary>A sign-in is checked against the account again once the configured interval has passed on the app's clock.</summary>
public sealed class RevalidationTests
{
    [Fact]
    public async Task A_session_ended_elsewhere_stops_working_once_the_interval_has_passed()
    {
        await using var app = new SqliteApp();
        app.Settings["Accounts:RevalidationInterval"] = "00:10:00";
        await app.InitializeAsync();
        var (actor, client) = await app.SignedInActorAsync();
        using (client)
        {
            // As a password change or "sign out everywhere" would: the cookie's stamp no longer matches.
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
                var user = await users.FindByIdAsync(actor.UserId.ToString());
                Assert.True((await users.UpdateSecurityStampAsync(user!)).Succeeded);
            }

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/sensors")).StatusCode);
            app.Clock.Advance(TimeSpan.FromMinutes(11));

            var refused = await client.GetAsync("/sensors");
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/account/login", PortalClient.RedirectTarget(refused), StringComparison.Ordinal);
        }
    }
}
