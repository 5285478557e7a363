using System.Net;
using Datawiz.Domain.Accounts;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Accounts;

/// <summary>A fresh installation: each test starts its own app on an empty database.</summary>
public sealed class FirstAccountTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_first_account_administers_the_portal_and_later_ones_wait(DatabaseProvider provider)
    {
        await using var app = DatawizApp.Create(provider).WithoutConfiguredAdmin();
        await app.InitializeAsync();
        var firstEmail = TestAccounts.UniqueEmail("first");
        var secondEmail = TestAccounts.UniqueEmail("second");

        using var first = app.CreatePortalClient();
        Assert.Contains("you will administer the portal", await PortalClient.TextOf(await first.GetAsync("/account/register")));
        var registered = await first.RegisterAsync(firstEmail, TestAccounts.Password);

        Assert.Equal("/", PortalClient.RedirectTarget(registered));
        Assert.True(await app.IsAdminAsync(firstEmail));
        Assert.Equal(UserStatus.Active, (await app.FindAccountAsync(firstEmail)).Status);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/admin/users")).StatusCode);

        using var second = app.CreatePortalClient();
        Assert.DoesNotContain("you will administer the portal", await PortalClient.TextOf(await second.GetAsync("/account/register")));
        Assert.Equal("/account/login?registered=pending", PortalClient.RedirectTarget(await second.RegisterAsync(secondEmail, TestAccounts.Password)));
        Assert.False(await app.IsAdminAsync(secondEmail));
        Assert.Equal(UserStatus.Pending, (await app.FindAccountAsync(secondEmail)).Status);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Racing_first_registrations_make_exactly_one_admin(DatabaseProvider provider)
    {
        await using var app = DatawizApp.Create(provider).WithoutConfiguredAdmin();
        await app.InitializeAsync();
        var emails = Enumerable.Range(0, 6).Select(i => TestAccounts.UniqueEmail($"racer{i}")).ToArray();

        await Task.WhenAll(emails.Select(async email =>
        {
            using var client = app.CreatePortalClient();
            Assert.Equal(HttpStatusCode.Redirect, (await client.RegisterAsync(email, TestAccounts.Password)).StatusCode);
        }));

        var admins = 0;
        foreach (var email in emails)
        {
            admins += await app.IsAdminAsync(email) ? 1 : 0;
        }
        Assert.Equal(1, admins);
    }

    [Fact]
    public async Task With_auto_approval_new_accounts_sign_in_at_once()
    {
        await using var app = new SqliteApp();
        app.Settings["Accounts:AutoApprove"] = "true";
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("eager");
        using var client = app.CreatePortalClient();

        Assert.Equal("/", PortalClient.RedirectTarget(await client.RegisterAsync(email, TestAccounts.Password)));

        Assert.Equal(UserStatus.Active, (await app.FindAccountAsync(email)).Status);
        Assert.False(await app.IsAdminAsync(email));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }
}
