using System.Net;
using System.Reflection;
using Datawiz.Web.Accounts;
using Datawiz.Web.Tests.Harness;
using Microsoft.AspNetCore.Components;

namespace Datawiz.Web.Tests.Security;

/// <summary>Query strings are typed by anyone: a value that does not parse is ignored, never a 500.</summary>
public sealed class QueryStringTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Theory]
    [InlineData("/account/login?signedOut=1", true)]
    [InlineData("/account/login?signedOut=true", true)]
    [InlineData("/account/login?signedOut=notabool", false)]
    [InlineData("/account/login?signedOut=", false)]
    public async Task The_sign_in_page_reads_its_signed_out_flag_without_failing(string path, bool saysSignedOut)
    {
        using var client = app.CreatePortalClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(saysSignedOut, (await PortalClient.TextOf(response)).Contains("You have been signed out."));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("12345")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task A_new_application_for_a_template_id_that_is_no_id_or_unknown_offers_the_choice(string template)
    {
        using var client = await app.SignedInClientAsync();

        var response = await client.GetAsync($"/applications/new?template={Uri.EscapeDataString(template)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("New application", await PortalClient.TextOf(response));
    }

    [Fact]
    public void Every_query_parameter_is_bound_as_text_so_binding_cannot_fail()
    {
        var typed = typeof(LocalUrl).Assembly.GetTypes()
            .Where(type => typeof(IComponent).IsAssignableFrom(type))
            .SelectMany(type => type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(property => property.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is not null)
            .Where(property => property.PropertyType != typeof(string) && property.PropertyType != typeof(string[]))
            .Select(property => $"{property.DeclaringType!.Name}.{property.Name} ({property.PropertyType.Name})")
            .ToList();

        Assert.True(typed.Count == 0, $"Bind these as string and read them with QueryValues: {string.Join(", ", typed)}");
    }

    [Fact]
    public async Task Sign_in_with_a_return_address_outside_ascii_redirects_there_encoded_and_signs_in()
    {
        using var client = app.CreatePortalClient();

        var response = await client.SubmitFormAsync("/account/login?ReturnUrl=%2F%C3%BC", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = DatawizApp.AdminEmail,
            ["Input.Password"] = DatawizApp.AdminPassword,
        });

        Assert.True(HttpStatusCode.Redirect == response.StatusCode, await PortalClient.TextOf(response));
        Assert.Equal("/%C3%BC", PortalClient.RedirectTarget(response));
        Assert.NotNull(client.Cookies.GetCookies(app.BaseAddress)["datawiz.auth"]);
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/sensors?q=a%20b", "/sensors?q=a%20b")]
    [InlineData("/ü", "/%C3%BC")]
    [InlineData("/a b", "/a%20b")]
    [InlineData("/line\r\nSet-Cookie: x=1", "/line%0D%0ASet-Cookie:%20x=1")]
    [InlineData("//evil.example", "/")]
    public void Return_addresses_stay_local_and_fit_in_a_header(string url, string expected) =>
        Assert.Equal(expected, LocalUrl.OrHome(url));

    [Fact]
    public void A_return_address_that_is_no_valid_text_goes_home() =>
        Assert.Equal("/", LocalUrl.OrHome("/a\ud800b"));
}
