using System.Net;
using System.Text.RegularExpressions;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Operations;

/// <summary>
/// The program run from its build output in the Production environment, as <c>dotnet run</c> runs it there,
/// serves a styled, interactive portal: the stylesheets and scripts its pages link, compressed when asked.
/// The database plays no part in serving files, so one provider is enough here.
/// </summary>
public sealed partial class ProductionServingTests
{
    [Fact]
    public async Task The_sign_in_page_links_stylesheets_and_scripts_that_are_served_compressed()
    {
        await using var portal = await PortalProcess.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = await portal.Address };

        var page = await client.GetStringAsync("/account/login", TestContext.Current.CancellationToken);
        var stylesheets = Stylesheet().Matches(page).Select(m => m.Groups[1].Value).ToArray();
        var scripts = Script().Matches(page).Select(m => m.Groups[1].Value).ToArray();

        Assert.Contains(stylesheets, href => href.Contains("MudBlazor", StringComparison.Ordinal));
        Assert.Contains("_framework/blazor.web.js", scripts);
        foreach (var (path, contentType) in stylesheets.Select(href => (href, "text/css")).Concat(scripts.Select(src => (src, "text/javascript"))))
        {
            var (plainEncoding, plainLength) = await FetchAsync(client, path, contentType, acceptEncoding: null);
            Assert.Null(plainEncoding);

            // The build output carries gzip; a published app brotli too, which browsers prefer.
            foreach (var (accepted, expected) in new[] { ("gzip", new[] { "gzip" }), ("gzip, deflate, br", new[] { "br", "gzip" }) })
            {
                var (encoding, length) = await FetchAsync(client, path, contentType, accepted);
                Assert.Contains(encoding, expected);
                Assert.True(length < plainLength / 2, $"{path} with {encoding} is {length} bytes, {plainLength} uncompressed: not really compressed.");
            }
        }
    }

    private static async Task<(string? Encoding, long Length)> FetchAsync(HttpClient client, string path, string contentType, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/" + path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        return (response.Content.Headers.ContentEncoding.SingleOrDefault(), body.LongLength);
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\"")]
    private static partial Regex Stylesheet();

    [GeneratedRegex("<script src=\"([^\"]+)\"")]
    private static partial Regex Script();
}
