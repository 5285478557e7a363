using System.Net;
using Datawiz.Web.Components.Layout;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Operations;

/// <summary>
/// Every page in the portal's own shell and theme: unknown addresses get the styled page with status 404,
/// and the light or dark choice, remembered in a cookie, reaches the statically rendered sign-in pages.
/// Neither touches stored data, so one provider is enough.
/// </summary>
public sealed class ShellPageTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    // The two palettes' primary colours, as the theme provider writes them: each appears only in its own palette's variables.
    private static readonly string LightPrimary = DatawizTheme.Theme.PaletteLight.Primary.ToString();
    private static readonly string DarkPrimary = DatawizTheme.Theme.PaletteDark.Primary.ToString();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unknown_address_gets_the_portals_styled_page_with_status_404()
    {
        using var client = await SignedInClientAsync();

        var response = await client.GetAsync("/no-such-page/here");
        var body = await PortalClient.TextOf(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", body, StringComparison.Ordinal);
        Assert.Contains("There is nothing at this address.", body, StringComparison.Ordinal);
        Assert.Contains("MudBlazor.min.css", body, StringComparison.Ordinal);
        Assert.Contains("mud-appbar", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dark_mode_chosen_on_a_static_page_is_remembered_for_the_next_pages()
    {
        using var client = app.CreatePortalClient();
        Assert.Contains(LightPrimary, await client.Http.GetStringAsync("/account/login", Token), StringComparison.Ordinal);

        using var choice = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await client.AntiforgeryTokenAsync("/account/login"),
            ["dark"] = "true",
            ["returnUrl"] = "/account/register",
        });
        var response = await client.Http.PostAsync("/theme", choice, Token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/register", PortalClient.RedirectTarget(response));
        var page = await client.Http.GetStringAsync("/account/register", Token);
        Assert.Contains(DarkPrimary, page, StringComparison.Ordinal);
        Assert.DoesNotContain(LightPrimary, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_theme_toggle_returns_only_to_addresses_on_this_site()
    {
        using var client = app.CreatePortalClient();
        using var choice = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await client.AntiforgeryTokenAsync("/account/login"),
            ["dark"] = "false",
            ["returnUrl"] = "//evil.example/",
        });

        var response = await client.Http.PostAsync("/theme", choice, Token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", PortalClient.RedirectTarget(response));
    }

    // Signed out, an unknown address leads to the sign-in page like any other: it tells a stranger nothing.
    private async Task<PortalClient> SignedInClientAsync()
    {
        var email = TestAccounts.UniqueEmail("shell");
        await app.CreateAccountAsync(email);
        var client = app.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, TestAccounts.Password)).StatusCode);
        return client;
    }
}
