using System.Net;
using Microsoft.AspNetCore.Http;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>
/// A refusal (no such plot, deleted, too many unknown links) as its asker reads it: a person who opened a link in a browser
/// gets a short page that says what happened and what to do; a program keeps the JSON <c>{"error": ...}</c> it parses.
/// </summary>
public static class RefusalPage
{
    /// <summary>The page's policy: text only, no script, style or image; any site may frame it (an embedded plot's iframe).</summary>
    public const string ContentSecurityPolicy = "default-src 'none'";

    /// <summary>Whether the request is a browser loading a page: its Accept names text/html, which fetch, EventSource
    /// (text/event-stream) and curl do not send.</summary>
    public static bool IsPageLoad(HttpRequest request) =>
        request.Headers.Accept.Any(accept => accept?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary><paramref name="error"/> as JSON, or for a page load the page titled <paramref name="title"/> with
    /// <paramref name="error"/> and <paramref name="whatToDo"/>, both with <paramref name="status"/>.</summary>
    public static IResult For(HttpContext context, int status, string error, string title, string whatToDo)
    {
        // Either answer depends on Accept, so a cache must not give a browser the JSON or a program the page.
        context.Response.Headers.Vary = "Accept";
        context.Response.Headers.CacheControl = "no-cache";
        if (!IsPageLoad(context.Request))
        {
            return Results.Json(new { error }, statusCode: status);
        }

        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        string html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{WebUtility.HtmlEncode(title)}</title></head>
            <body>
            <h1>{WebUtility.HtmlEncode(title)}</h1>
            <p>{WebUtility.HtmlEncode(char.ToUpperInvariant(error[0]) + error[1..])}.</p>
            <p>{WebUtility.HtmlEncode(whatToDo)}</p>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
