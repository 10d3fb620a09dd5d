using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>Serves the browser files compiled into this assembly (wwwroot/ and plotly.min.js from
/// npm), so an in-process host needs no files beside the DLL.</summary>
public static class EmbeddedAssets
{
    private static readonly Assembly s_assembly = typeof(EmbeddedAssets).Assembly;
    private static readonly FileExtensionContentTypeProvider s_contentTypes = new();

    // The assembly's build id: a new build is a new version of every asset.
    private static readonly string s_etag = $"\"{s_assembly.ManifestModule.ModuleVersionId:N}\"";

    public static IResult Serve(HttpContext context, string name)
    {
        Stream? stream = s_assembly.GetManifestResourceStream("wwwroot/" + name);
        if (stream is null || name.Contains('/'))
        {
            stream?.Dispose();
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=3600";
        s_contentTypes.TryGetContentType(name, out string? contentType);
        return Results.Stream(stream, contentType ?? "application/octet-stream", entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(s_etag));
    }
}
