using Microsoft.Playwright;

namespace HeartRateStreamer.StreamServer.Tests.Browser;

/// <summary>How a browser test opens a plot's page: it waits until the page has drawn the plot once.</summary>
public static class PlotPage
{
    /// <summary>How long a page may take for anything a test waits for (plotly.js is 4.8 MB; the machine may be busy).</summary>
    public const float WaitMilliseconds = 30_000;

    public static async Task<IPage> LoadAsync(IPage page, Uri address)
    {
        page.SetDefaultTimeout(WaitMilliseconds);
        await page.GotoAsync(address.ToString());
        await page.WaitForFunctionAsync("() => window.streamViewer && window.streamViewer.renders.length > 0", null, new() { Timeout = WaitMilliseconds });
        return page;
    }
}
