using System.Text.Json;
using Microsoft.Playwright;

namespace HeartRateStreamer.StreamServer.ViewerBenchmark;

/// <summary>
/// One viewer: the plot page in a browser window of its own (as a person opens the link in a second window), with a
/// Chrome DevTools Protocol session that reads the renderer's counters (Performance.getMetrics: script and layout
/// time, layouts) and the page's own record of its draws (window.streamViewer.renders, kept by viewer.js).
/// </summary>
public sealed class ViewerPageProbe : IAsyncDisposable
{
    private readonly IBrowserContext _window;
    private readonly IPage _page;
    private readonly ICDPSession _devTools;

    private ViewerPageProbe(IBrowserContext window, IPage page, ICDPSession devTools)
    {
        _window = window;
        _page = page;
        _devTools = devTools;
    }

    /// <summary>Opens <paramref name="url"/>; with <paramref name="viewerScript"/> the page gets that script instead of the server's viewer.js.</summary>
    public static async Task<ViewerPageProbe> OpenAsync(IBrowser browser, string url, string? viewerScript)
    {
        IBrowserContext window = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        IPage page = await window.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        page.PageError += (_, error) => Console.Error.WriteLine("page error: " + error);
        if (viewerScript != null)
        {
            await page.RouteAsync("**/static/viewer.js", route => route.FulfillAsync(new RouteFulfillOptions { Body = viewerScript, ContentType = "text/javascript" }));
        }

        ICDPSession devTools = await window.NewCDPSessionAsync(page);
        await devTools.SendAsync("Performance.enable");
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync("() => window.streamViewer && window.streamViewer.renders.length > 0");
        return new ViewerPageProbe(window, page, devTools);
    }

    /// <summary>The page's clock (ms since the epoch), which the draw record uses.</summary>
    public Task<double> NowAsync() => _page.EvaluateAsync<double>("Date.now()");

    /// <summary>The renderer's counters now: ScriptDuration, LayoutCount, LayoutDuration, TaskDuration... (seconds or counts).</summary>
    public async Task<Dictionary<string, double>> MetricsAsync()
    {
        JsonElement? answer = await _devTools.SendAsync("Performance.getMetrics");
        return answer!.Value.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
    }

    /// <summary>The draws the page finished from <paramref name="from"/> to <paramref name="to"/> (page clock): how long each took.</summary>
    public async Task<double[]> DrawTimesAsync(double from, double to)
    {
        string json = await _page.EvaluateAsync<string>(
            "([from, to]) => JSON.stringify(window.streamViewer.renders.filter(r => r.at >= from && r.at < to).map(r => r.took))",
            new[] { from, to });
        return JsonSerializer.Deserialize<double[]>(json)!;
    }

    /// <summary>
    /// Points per trace on the page now: the page's figure, which it draws from (plotly.js holds a stand-in for a
    /// waveform the page draws on a canvas), or plotly.js's data for a viewer that keeps no figure of its own.
    /// </summary>
    public async Task<int[]> PointCountsAsync() =>
        await _page.EvaluateAsync<int[]>("Array.from((window.streamViewer.figure || document.getElementById('plot')).data || [], t => (t.x || []).length)");

    /// <summary>Saves what the page shows as a PNG.</summary>
    public Task ScreenshotAsync(string path) => _page.ScreenshotAsync(new PageScreenshotOptions { Path = path });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _devTools.DetachAsync();
        await _window.CloseAsync();
    }
}
