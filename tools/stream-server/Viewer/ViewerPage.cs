using System.Text.Encodings.Web;
using HeartRateStreamer.StreamServer.Plots;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>The HTML of a plot page. It carries no data: the figure comes through the event
/// stream and is handed to plotly.js as JSON, so no trace name or text is ever parsed as HTML
/// here; the filename is HTML-encoded, and the page's Content-Security-Policy forbids inline script.</summary>
public static class ViewerPage
{
    /// <summary>No inline script at all; plotly.js needs inline styles (it sets them on SVG nodes).</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'";

    /// <param name="publicPath">The path the page streams from and gives out: the share link /p/ID (also on the owner's /~OWNER/N).</param>
    /// <param name="pingInterval">How often the server pings event streams (<see cref="EventStreamPings"/>): the page
    /// reopens a stream that stays silent for two pings and 5 s more.</param>
    /// <remarks>The page draws on the lines of the server's frame grid, <see cref="Plot.FrameIntervalMilliseconds"/>
    /// (data-grid-ms), takes the ping interval from data-ping-ms, and keeps a trace that names no maxpoints (an older
    /// builder's figure in a cluster upgraded node by node) to the server's default, <see cref="StreamSettings.DefaultMaxPoints"/>
    /// (data-max-points).</remarks>
    public static string Render(Plot plot, string publicPath, bool embed, TimeSpan? pingInterval = null)
    {
        long pingMilliseconds = (long)(pingInterval ?? EventStreamPings.DefaultInterval).TotalMilliseconds;
        HtmlEncoder html = HtmlEncoder.Default;
        string title = html.Encode(plot.Filename);
        string path = html.Encode(publicPath);
        string owner = html.Encode(plot.Owner);
        // The stream's state in words, on the embeddable page too: there nothing else said that the server was lost or
        // the plot deleted (only its readouts dimmed).
        const string status = """<span class="status" id="status" role="status" aria-live="polite" data-state="connecting">connecting…</span>""";
        string chrome = embed ? status : $"""
              <header>
                <h1>{title}</h1>
                {status}
                <nav><a href="{path}.json">figure JSON</a> · <a href="{path}.embed">embeddable page</a></nav>
              </header>
            """;
        string tools = embed ? "" : $$"""
              <details class="owner">
                <summary>Share and edit</summary>
                <label>Share link <input id="share-link" readonly></label>
                <label>Embed code <input id="embed-code" readonly></label>
                <form id="edit-form">
                  <p>Owner <b>{{owner}}</b>, your API key is needed to edit; it is sent with each change and kept nowhere.</p>
                  <label>API key <input id="edit-key" type="password" autocomplete="off" required></label>
                  <label>Title <input id="edit-title"></label>
                  <button type="submit" id="edit-title-apply">Set title</button>
                  <label>Layout update (JSON, relayout keys) <textarea id="edit-layout" rows="3" placeholder='{"yaxis.range":[40,180]}'></textarea></label>
                  <button type="button" id="edit-layout-apply">Apply layout</button>
                  <label>Trace style update (JSON, restyle keys) <textarea id="edit-style" rows="3" placeholder='{"line.color":"crimson"}'></textarea></label>
                  <label>Traces (comma-separated indices, empty for all) <input id="edit-traces"></label>
                  <button type="button" id="edit-style-apply">Apply style</button>
                  <output id="edit-result"></output>
                </form>
              </details>
            """;
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{title}</title>
              <link rel="icon" href="data:,">
              <link rel="stylesheet" href="{EmbeddedAssets.UrlOf("viewer.css")}">
              <script src="{EmbeddedAssets.UrlOf("plotly.min.js")}" defer></script>
              <script src="{EmbeddedAssets.UrlOf("viewer.js")}" defer></script>
            </head>
            <body class="{(embed ? "embed" : "page")}">
            {chrome}
              <div class="monitor">
                <main id="plot" aria-label="{title}: live plot" data-plot-path="{path}" data-owner="{owner}" data-ping-ms="{pingMilliseconds}" data-grid-ms="{Plot.FrameIntervalMilliseconds}" data-max-points="{StreamSettings.DefaultMaxPoints}"></main>
                <aside id="readouts" class="readouts" aria-label="latest readings"></aside>
              </div>
            {tools}
            </body>
            </html>
            """;
    }
}
