using System.Net;
using Datawiz.Domain.Accounts;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Accounts;

/// <summary>
/// Suspending or deleting an account ends its sign-ins at once, not at the next revalidation: the interval
/// here is an hour and the clock never moves, so only the immediate path can end them.
/// </summary>
public sealed class SessionEndingTests : IAsyncLifetime
{
    private readonly SqliteApp app = new();

    public async ValueTask InitializeAsync()
    {
        app.Settings["Accounts:RevalidationInterval"] = "01:00:00";
        await app.InitializeAsync();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Theory]
    [InlineData(UserStatus.Suspended)]
    [InlineData(UserStatus.Deleted)]
    public async Task The_accounts_cookie_is_refused_on_its_next_request(UserStatus to)
    {
        var (actor, client) = await app.SignedInActorAsync();
        using (client)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/sensors")).StatusCode);

            var outcome = await app.Services.GetRequiredService<UserAdministration>()
                .ChangeStatusAsync(await app.ConfiguredAdminAsync(), actor.UserId, to, TestContext.Current.CancellationToken);

            Assert.True(outcome.Succeeded, outcome.Message);
            var refused = await client.GetAsync("/sensors");
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/account/login", PortalClient.RedirectTarget(refused), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Other_accounts_and_a_new_sign_in_after_reactivation_keep_working()
    {
        var (actor, client) = await app.SignedInActorAsync();
        var (_, bystander) = await app.SignedInActorAsync();
        using (client)
        using (bystander)
        {
            var administration = app.Services.GetRequiredService<UserAdministration>();
            var admin = await app.ConfiguredAdminAsync();
            var token = TestContext.Current.CancellationToken;
            Assert.True((await administration.ChangeStatusAsync(admin, actor.UserId, UserStatus.Suspended, token)).Succeeded);
            Assert.True((await administration.ChangeStatusAsync(admin, actor.UserId, UserStatus.Active, token)).Succeeded);

            Assert.Equal(HttpStatusCode.OK, (await bystander.GetAsync("/sensors")).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/sensors")).StatusCode);
            using var again = app.CreatePortalClient();
            Assert.Equal(HttpStatusCode.Redirect, (await again.SignInAsync(actor.Name, TestAccounts.Password)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/sensors")).StatusCode);
        }
    }
}
