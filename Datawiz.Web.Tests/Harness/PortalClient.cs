using System.Net;
using System.Text.RegularExpressions;

namespace Datawiz.Web.Tests.Harness;

/// <summary>
/// A browser without JavaScript: keeps cookies, does not follow redirects, and submits the portal's
/// static forms the way a browser does (with the antiforgery token of the page it loaded first).
/// </summary>
public sealed partial class PortalClient : IDisposable
{
    private readonly HttpClientHandler handler;

    public PortalClient(Uri baseAddress)
    {
        handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };
        Http = new HttpClient(handler) { BaseAddress = baseAddress };
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies => handler.CookieContainer;

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path);

    /// <summary>Loads <paramref name="path"/>, then posts the named form on it with the given fields.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string path, string formName, IReadOnlyDictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(path),
        };
        using var content = new FormUrlEncodedContent(form);
        return await Http.PostAsync(path, content);
    }

    /// <summary>Signs out with the form in the app bar, as the sign-out button does.</summary>
    public async Task<HttpResponseMessage> SignOutAsync()
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync("/"),
            ["returnUrl"] = "/",
        });
        return await Http.PostAsync("/account/logout", content);
    }

    public async Task<string> AntiforgeryTokenAsync(string path)
    {
        var page = await Http.GetStringAsync(path);
        var token = AntiforgeryField().Match(page);
        return token.Success
            ? WebUtility.HtmlDecode(token.Groups[1].Value)
            : throw new InvalidOperationException($"{path} has no antiforgery token; is it a form page?");
    }

    public Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        SubmitFormAsync("/account/login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    public Task<HttpResponseMessage> RegisterAsync(string email, string password, string displayName = "Test Person") =>
        SubmitFormAsync("/account/register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = displayName,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    /// <summary>Where a redirect points, as path and query, whether the server sent it absolute or relative.</summary>
    public static string RedirectTarget(HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"{response.StatusCode} is not a redirect.");
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    /// <summary>The page text as a person reads it (entities decoded).</summary>
    public static async Task<string> TextOf(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    public void Dispose()
    {
        Http.Dispose();
        handler.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
