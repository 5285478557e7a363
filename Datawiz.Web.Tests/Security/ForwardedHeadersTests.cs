using System.Net;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Security;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy's address: the portal must take the client's
/// address and scheme from X-Forwarded-For and X-Forwarded-Proto, but only when a trusted proxy sends them.
/// The test client connects from 127.0.0.1, which plays the proxy when it is configured as one. Forwarded
/// headers touch no database, so one provider is enough here.
/// </summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task From_a_known_proxy_rate_limits_count_per_forwarded_client_address()
    {
        await using var app = await StartAsync(trustLoopbackProxy: true);
        using var first = ClientBehindProxy(app, "203.0.113.10");
        using var second = ClientBehindProxy(app, "203.0.113.11");

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.SignInAsync(TestAccounts.UniqueEmail("guess"), "wrong-password-1")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.SignInAsync(TestAccounts.UniqueEmail("guess"), "wrong-password-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.SignInAsync(TestAccounts.UniqueEmail("guess"), "wrong-password-1")).StatusCode);
    }

    [Fact]
    public async Task From_an_unknown_address_a_spoofed_client_address_is_ignored()
    {
        await using var app = await StartAsync(trustLoopbackProxy: false);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var spoofing = ClientBehindProxy(app, $"203.0.113.{20 + attempt}");
            Assert.Equal(HttpStatusCode.OK, (await spoofing.SignInAsync(TestAccounts.UniqueEmail("guess"), "wrong-password-1")).StatusCode);
        }

        using var another = ClientBehindProxy(app, "203.0.113.99");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await another.SignInAsync(TestAccounts.UniqueEmail("guess"), "wrong-password-1")).StatusCode);
    }

    [Fact]
    public async Task Behind_a_known_proxy_that_terminates_TLS_the_antiforgery_and_sign_in_cookies_are_secure()
    {
        await using var app = await StartAsync(trustLoopbackProxy: true);
        var email = TestAccounts.UniqueEmail();
        await app.CreateAccountAsync(email);
        using var client = app.CreatePortalClient();
        var token = await client.AntiforgeryTokenAsync("/account/login");

        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = token,
                ["Input.Email"] = email,
                ["Input.Password"] = TestAccounts.Password,
            }),
        };
        signIn.Headers.Add("X-Forwarded-Proto", "https");
        using var signedIn = await client.Http.SendAsync(signIn, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.True(IsSecure(Cookie(signedIn, "datawiz.auth")));
        Assert.True(IsSecure(Cookie(await GetLoginPageAsync(app, forwardedProto: "https"), "datawiz.antiforgery")));
        Assert.False(IsSecure(Cookie(await GetLoginPageAsync(app, forwardedProto: null), "datawiz.antiforgery")));
    }

    [Fact]
    public async Task From_an_unknown_address_a_spoofed_scheme_is_ignored()
    {
        await using var app = await StartAsync(trustLoopbackProxy: false);

        Assert.False(IsSecure(Cookie(await GetLoginPageAsync(app, forwardedProto: "https"), "datawiz.antiforgery")));
    }

    private static async Task<DatawizApp> StartAsync(bool trustLoopbackProxy)
    {
        var app = new SqliteApp();
        app.Settings["RateLimiting:AccountPostsPerMinute"] = "3";
        if (trustLoopbackProxy)
        {
            app.Settings["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        }
        await app.InitializeAsync();
        return app;
    }

    private static PortalClient ClientBehindProxy(DatawizApp app, string clientAddress)
    {
        var client = app.CreatePortalClient();
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return client;
    }

    private static async Task<HttpResponseMessage> GetLoginPageAsync(DatawizApp app, string? forwardedProto)
    {
        using var client = app.CreatePortalClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }
        return await client.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string Cookie(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), header => header.StartsWith(name + "=", StringComparison.Ordinal));

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';', StringSplitOptions.TrimEntries).Contains("secure", StringComparer.OrdinalIgnoreCase);
}
