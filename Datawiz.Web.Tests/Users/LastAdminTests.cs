using Datawiz.Domain.Accounts;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Users;

/// <summary>Some active administrator always remains; each test has an app of its own with no configured admin.</summary>
public sealed class LastAdminTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_last_active_admin_cannot_be_demoted_suspended_or_deleted(DatabaseProvider provider)
    {
        await using var app = DatawizApp.Create(provider).WithoutConfiguredAdmin();
        await app.InitializeAsync();
        var administration = app.Services.GetRequiredService<UserAdministration>();
        var first = await app.CreateAccountAsync(TestAccounts.UniqueEmail("first-admin"), role: Roles.Admin);
        var second = await app.CreateAccountAsync(TestAccounts.UniqueEmail("second-admin"), role: Roles.Admin);
        var firstActor = TestActors.ActorFor(first, isAdmin: true);
        // The second admin's page still shows them as an admin after they lost the role: a stale session.
        var staleSecond = TestActors.ActorFor(second, isAdmin: true);

        Assert.True((await administration.ChangeRoleAsync(firstActor, second.Id, Roles.User, Token)).Succeeded);

        var demote = await administration.ChangeRoleAsync(staleSecond, first.Id, Roles.User, Token);
        var suspend = await administration.ChangeStatusAsync(staleSecond, first.Id, UserStatus.Suspended, Token);
        var delete = await administration.DeleteAsync(staleSecond, first.Id, Token);

        Assert.All([demote, suspend, delete], outcome =>
        {
            Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
            Assert.Equal([AdminSafeguards.LastAdminMessage], outcome.Errors);
        });
        Assert.True(await app.IsAdminAsync(first.Email!));
        Assert.Equal(UserStatus.Active, (await app.FindAccountAsync(first.Email!)).Status);

        // With a second active admin again, the same change goes through.
        Assert.True((await administration.ChangeRoleAsync(firstActor, second.Id, Roles.Admin, Token)).Succeeded);
        Assert.True((await administration.ChangeRoleAsync(staleSecond, first.Id, Roles.User, Token)).Succeeded);
        Assert.False(await app.IsAdminAsync(first.Email!));
    }
}
