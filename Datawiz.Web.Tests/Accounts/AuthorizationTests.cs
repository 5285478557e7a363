using System.Net;
using Datawiz.Domain.Accounts;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Web.Tests.Harness;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Datawiz.Web.Tests.Accounts;

public sealed class AuthorizationTestsOnSqlite(SqliteApp app) : AuthorizationTests(app), IClassFixture<SqliteApp>;

public sealed class AuthorizationTestsOnPostgres(PostgresApp app) : AuthorizationTests(app), IClassFixture<PostgresApp>;

/// <summary>Who may open which page, decided on the server for every request.</summary>
public abstract class AuthorizationTests(DatawizApp app)
{
    public static TheoryData<string> AdminPages => ["/admin/users", "/admin/user-classes", "/admin/reviews", "/admin/audit", "/admin/cluster"];

    public static TheoryData<string> MemberPages =>
        ["/", "/dashboard", "/sensors", "/sensors/new", "/sensors/import", "/sensor-types", "/sensor-types/new", "/networks",
         "/networks/new", "/locations", "/applications", "/applications/new", "/applications/templates",
         "/applications/templates/new", "/groups", "/groups/new", "/notifications",
         "/help/sensor-setup", "/help/mqtt", "/help/node-red", "/account/profile", "/account/change-password"];

    [Theory]
    [MemberData(nameof(MemberPages))]
    [MemberData(nameof(AdminPages))]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string path)
    {
        using var client = app.CreatePortalClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/account/login?ReturnUrl={Uri.EscapeDataString(path)}", PortalClient.RedirectTarget(response));
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Sign_in_registration_and_health_need_no_account(string path)
    {
        using var client = app.CreatePortalClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(MemberPages))]
    public async Task Members_open_every_section(string path)
    {
        using var client = await app.SignedInClientAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Members_who_are_not_admins_are_denied_admin_pages(string path)
    {
        using var client = await app.SignedInClientAsync();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", PortalClient.RedirectTarget(response));
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Admins_open_admin_pages(string path)
    {
        using var client = await app.SignedInClientAsync(Roles.Admin);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_shell_shows_admin_sections_only_to_admins()
    {
        using var member = await app.SignedInClientAsync();
        using var admin = await app.SignedInClientAsync(Roles.Admin);

        var memberHome = await PortalClient.TextOf(await member.GetAsync("/"));
        var adminHome = await PortalClient.TextOf(await admin.GetAsync("/"));

        Assert.Contains("Signed in as", memberHome);
        Assert.DoesNotContain("href=\"/admin/users\"", memberHome);
        Assert.Contains("href=\"/admin/users\"", adminHome);
    }

    [Fact]
    public async Task A_tampered_cookie_counts_as_signed_out()
    {
        using var client = await app.SignedInClientAsync();
        var cookie = client.Cookies.GetCookies(app.BaseAddress)["datawiz.auth"]!;
        var middle = cookie.Value.Length / 2;
        cookie.Value = cookie.Value[..middle] + (cookie.Value[middle] == 'A' ? 'B' : 'A') + cookie.Value[(middle + 1)..];

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", PortalClient.RedirectTarget(response));
    }

    [Theory]
    [InlineData(-1, HttpStatusCode.Redirect)]
    [InlineData(+1, HttpStatusCode.OK)]
    public async Task An_expired_cookie_counts_as_signed_out(int expiresInDays, HttpStatusCode expected)
    {
        var email = TestAccounts.UniqueEmail("expiring");
        var user = await app.CreateAccountAsync(email);
        var cookieValue = await IssueCookieAsync(user, app.Clock.GetUtcNow().AddDays(expiresInDays));
        using var client = app.CreatePortalClient();
        client.Cookies.Add(app.BaseAddress, new System.Net.Cookie("datawiz.auth", cookieValue));

        Assert.Equal(expected, (await client.GetAsync("/")).StatusCode);
    }

    /// <summary>A sign-in cookie made with the app's own keys, as the app would issue it, with a chosen expiry.</summary>
    private async Task<string> IssueCookieAsync(ApplicationUser user, DateTimeOffset expires)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
        var cookieOptions = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(
            principal,
            new AuthenticationProperties { IssuedUtc = expires.AddDays(-14), ExpiresUtc = expires },
            IdentityConstants.ApplicationScheme);
        return cookieOptions.TicketDataFormat.Protect(ticket);
    }
}
