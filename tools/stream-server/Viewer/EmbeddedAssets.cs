using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>Serves the browser files compiled into this assembly (wwwroot/ and plotly.min.js from npm), so an in-process
/// host needs no files beside the DLL. Each asset's address carries a hash of its content (<see cref="UrlOf"/>, what the page
/// links): such an address names those bytes for good and is cached for a year, so after an upgrade a page loads the new
/// script with the new HTML, never the old one from a cache. An address without it is answered with the current bytes, to
/// be checked every time (no-cache, ETag of the content); one with another version's hash with the current bytes kept by
/// no cache (no-store): they are not the bytes it names.</summary>
public static class EmbeddedAssets
{
    private const string VersionParameter = "v";
    private static readonly Assembly s_assembly = typeof(EmbeddedAssets).Assembly;
    private static readonly FileExtensionContentTypeProvider s_contentTypes = new();

    // The asset table: every embedded wwwroot/ file by name, with its content's hash (read once, at the first use).
    private static readonly Lazy<FrozenDictionary<string, string>> s_versions = new(() => s_assembly.GetManifestResourceNames()
        .Where(resource => resource.StartsWith("wwwroot/", StringComparison.Ordinal))
        .ToFrozenDictionary(resource => resource["wwwroot/".Length..], HashOf));

    /// <summary>The address a page links <paramref name="name"/> by: /static/NAME?v=HASH.</summary>
    /// <exception cref="ArgumentException">No such asset is embedded.</exception>
    public static string UrlOf(string name) => s_versions.Value.TryGetValue(name, out string? version)
        ? $"/static/{name}?{VersionParameter}={version}"
        : throw new ArgumentException($"no asset '{name}' is embedded under wwwroot/", nameof(name));

    public static IResult Serve(HttpContext context, string name)
    {
        if (name.Contains('/') || !s_versions.Value.TryGetValue(name, out string? version) || s_assembly.GetManifestResourceStream("wwwroot/" + name) is not Stream stream)
        {
            return Results.NotFound();
        }

        // A hash this node does not hold names another version's bytes (in a cluster upgraded node by node, a newer node's
        // page whose asset request came here): this node's bytes answer it, kept by no cache, so the right ones are fetched
        // next time rather than these kept under that address. Without a hash: the current bytes, checked every time.
        string? asked = context.Request.Query[VersionParameter];
        context.Response.Headers.CacheControl = asked is null ? "no-cache" : asked == version ? "public, max-age=31536000, immutable" : "no-store";
        s_contentTypes.TryGetContentType(name, out string? contentType);
        return Results.Stream(stream, contentType ?? "application/octet-stream", entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
    }

    private static string HashOf(string resource)
    {
        using Stream stream = s_assembly.GetManifestResourceStream(resource)!;
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }
}
