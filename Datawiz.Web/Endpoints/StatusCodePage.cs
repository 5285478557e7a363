using System.Net;
using Microsoft.AspNetCore.Diagnostics;

namespace Datawiz.Web.Endpoints;

/// <summary>
/// A small page for error statuses that have no body of their own (unknown address, a form whose
/// antiforgery token is missing or stale, …), written directly so that it works for any method.
/// </summary>
internal static class StatusCodePage
{
    public static Task WriteAsync(StatusCodeContext context) => WriteAsync(context.HttpContext);

    public static async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        var (title, explanation) = Describe(response.StatusCode);
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{response.StatusCode} {WebUtility.HtmlEncode(title)} · Datawiz</title>
            <link rel="stylesheet" href="/app.css"></head>
            <body class="dw-status-page"><main>
            <h1>{WebUtility.HtmlEncode(title)}</h1>
            <p>{WebUtility.HtmlEncode(explanation)}</p>
            <p><a href="/">Back to Datawiz</a></p>
            </main></body></html>
            """);
    }

    internal static (string Title, string Explanation) Describe(int statusCode) => statusCode switch
    {
        400 => ("Bad request", "The request could not be accepted. If you sent a form, it may have expired: go back, reload the page and try again."),
        403 => ("Access denied", "You do not have permission to open this page."),
        404 => ("Page not found", "There is nothing at this address."),
        405 => ("Method not allowed", "This address does not accept that kind of request."),
        429 => ("Too many requests", "Please wait a minute and try again."),
        _ => ($"Error {statusCode}", "Something went wrong. Please try again."),
    };
}
