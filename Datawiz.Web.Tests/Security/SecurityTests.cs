using System.Net;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Security;

/// <summary>Response headers and forms: the parts of security that do not depend on the database.</summary>
public sealed class SecurityTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Theory]
    [InlineData("/account/login")]
    [InlineData("/app.css")]
    [InlineData("/healthz")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = app.CreatePortalClient();

        var response = await client.GetAsync(path);

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline';", policy.Split("script-src")[1].Split(';')[0] + ";");
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Pages_contain_no_inline_script()
    {
        using var client = await app.SignedInClientAsync();

        foreach (var path in new[] { "/", "/account/login", "/account/profile" })
        {
            var html = await (await client.GetAsync(path)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script(?<attributes>[^>]*)>(?<body>.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline);
            Assert.All(scripts, script =>
            {
                Assert.Contains("src=", script.Groups["attributes"].Value);
                Assert.True(string.IsNullOrWhiteSpace(script.Groups["body"].Value), $"{path} has an inline script");
            });
        }
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_with_a_clear_page()
    {
        using var client = app.CreatePortalClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = DatawizApp.AdminEmail,
            ["Input.Password"] = DatawizApp.AdminPassword,
        });

        var response = await client.Http.PostAsync("/account/login", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("go back, reload the page and try again", await PortalClient.TextOf(response));
        Assert.Null(client.Cookies.GetCookies(app.BaseAddress)["datawiz.auth"]);
    }

    [Fact]
    public async Task Sign_out_is_refused_without_an_antiforgery_token()
    {
        using var client = await app.SignedInClientAsync();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" });

        var response = await client.Http.PostAsync("/account/logout", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example")]
    public async Task Sign_in_never_redirects_to_another_site(string returnUrl)
    {
        using var client = app.CreatePortalClient();
        var path = $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}";

        var response = await client.SubmitFormAsync(path, "login", new Dictionary<string, string>
        {
            ["Input.Email"] = DatawizApp.AdminEmail,
            ["Input.Password"] = DatawizApp.AdminPassword,
        });

        Assert.Equal("/", PortalClient.RedirectTarget(response));
    }

    [Fact]
    public async Task Sign_in_returns_to_the_page_that_asked_for_it()
    {
        using var client = app.CreatePortalClient();

        var response = await client.SubmitFormAsync("/account/login?returnUrl=%2Fsensors", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = DatawizApp.AdminEmail,
            ["Input.Password"] = DatawizApp.AdminPassword,
        });

        Assert.Equal("/sensors", PortalClient.RedirectTarget(response));
    }
}
