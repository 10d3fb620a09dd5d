using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Playwright;
using static HeartRateStreamer.StreamServer.Tests.Browser.PlotPage;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Browser;

/// <summary>The axes a plot leaves to autorange follow the streamed data on every frame, on every page alike; an axis
/// the viewer zoomed holds until the viewer double-clicks it back to autorange.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AxisFollowingBrowserTests(BrowserFixture browser)
{
    /// <summary>Two traces in two subplots (x/y and x2/y2), no ranges in the layout, streamed a point each 100 ms. Each
    /// frame is drawn as a plotly.js animation frame with the ranges the page works out; plotly.js marks an axis given a
    /// range that way as no longer autoranging, and the page used to range only the axes plotly.js said autorange: after
    /// the first frame every axis stood still until the next whole draw (x stayed [1,2] while x went to 30).</summary>
    [Fact]
    public async Task AutorangedAxesFollowEveryFrameAlikeOnTwoPagesAndAViewersZoomHoldsUntilDoubleClicked()
    {
        TestServer server = browser.Server;
        JsonObject reply = await server.ClientRespAsync(
            """[{"x":[],"y":[],"mode":"lines","stream":{"token":"follow-top-token","maxpoints":500}},{"x":[],"y":[],"xaxis":"x2","yaxis":"y2","mode":"lines","stream":{"token":"follow-bottom-token","maxpoints":500}}]""",
            """{"filename":"follow-axes","fileopt":"overwrite","layout":{"grid":{"rows":2,"columns":1,"pattern":"independent"}}}""");
        Assert.Equal("", (string?)reply["error"]);
        string plot = new Uri((string)reply["url"]!).AbsolutePath;
        IPage[] pages = await Task.WhenAll(OpenAsync(server, plot), OpenAsync(server, plot));
        await using IPage zoomed = pages[0];
        await using IPage other = pages[1];
        await using RawConnection top = await RawConnection.OpenAsync(server.Port);
        await using RawConnection bottom = await RawConnection.OpenAsync(server.Port);
        await top.SendAsync(StreamHead("follow-top-token"));
        await bottom.SendAsync(StreamHead("follow-bottom-token"));
        int sent = 0;

        async Task StreamAsync(int points)
        {
            for (int i = 0; i < points; i++)
            {
                sent += 1;
                await top.SendAsync(Chunk($"{{\"x\":{sent},\"y\":{60 + sent}}}\n"));
                await bottom.SendAsync(Chunk($"{{\"x\":{1000 + (10 * sent)},\"y\":{-sent % 7}}}\n"));
                await Task.Delay(100);
            }

            foreach (IPage page in pages)
            {
                await page.WaitForFunctionAsync($"() => window.streamViewer.renders.some(r => r.lastX[0] === {sent} && r.lastX[1] === {1000 + (10 * sent)})", null, new() { Timeout = WaitMilliseconds });
            }
        }

        await StreamAsync(30);
        JsonObject[] ranges = await Task.WhenAll(pages.Select(RangesAsync));
        foreach (JsonObject shown in ranges)
        {
            AssertFollows(shown, sent);
        }

        Assert.Equal(ranges[0].ToJsonString(), ranges[1].ToJsonString());

        // The viewer zooms the top subplot's x (a horizontal drag): it stays where the viewer put it, while its y and the
        // other page's axes go on following.
        LocatorBoundingBoxResult area = (await zoomed.Locator(".draglayer .xy .nsewdrag").BoundingBoxAsync())!;
        float middle = area.Y + (area.Height / 2);
        await zoomed.Mouse.MoveAsync(area.X + (area.Width * 0.3f), middle);
        await zoomed.Mouse.DownAsync();
        await zoomed.Mouse.MoveAsync(area.X + (area.Width * 0.45f), middle, new() { Steps = 5 });
        await zoomed.Mouse.MoveAsync(area.X + (area.Width * 0.6f), middle, new() { Steps = 5 });
        await zoomed.Mouse.UpAsync();
        await zoomed.WaitForFunctionAsync("() => document.getElementById('plot')._fullLayout.xaxis.autorange === false && document.getElementById('plot')._fullLayout.xaxis.range[1] < 25", null, new() { Timeout = WaitMilliseconds });
        string zoom = (await RangesAsync(zoomed))["xaxis"]!.ToJsonString();

        await StreamAsync(10);
        JsonObject afterZoom = await RangesAsync(zoomed);
        Assert.Equal(zoom, afterZoom["xaxis"]!.ToJsonString());
        AssertCovers(afterZoom, "yaxis", 61, 60 + sent);
        AssertFollows(await RangesAsync(other), sent);

        // A double click gives the axis back to autorange: it follows again.
        await zoomed.Mouse.DblClickAsync(area.X + (area.Width / 2), middle);
        await zoomed.WaitForFunctionAsync("() => document.getElementById('plot')._fullLayout.xaxis.autorange === true", null, new() { Timeout = WaitMilliseconds });
        await StreamAsync(10);
        JsonObject[] again = await Task.WhenAll(pages.Select(RangesAsync));
        foreach (JsonObject shown in again)
        {
            AssertFollows(shown, sent);
        }

        Assert.Equal(again[0].ToJsonString(), again[1].ToJsonString());
        foreach (RawConnection stream in new[] { top, bottom })
        {
            await stream.SendAsync("0\r\n\r\n");
            Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
        }
    }

    /// <summary>x from the first point to the last, as plotly.js autoranges a line; y around every value.</summary>
    private static void AssertFollows(JsonObject shown, int sent)
    {
        Assert.True(shown["xaxis"]!.ToJsonString() == $"[1,{sent}]", $"after {sent} points the top x axis shows {shown["xaxis"]!.ToJsonString()}, not [1,{sent}]; all: {shown.ToJsonString()}");
        Assert.True(shown["xaxis2"]!.ToJsonString() == $"[1010,{1000 + (10 * sent)}]", $"after {sent} points the bottom x axis shows {shown["xaxis2"]!.ToJsonString()}, not [1010,{1000 + (10 * sent)}]; all: {shown.ToJsonString()}");
        AssertCovers(shown, "yaxis", 61, 60 + sent);
        AssertCovers(shown, "yaxis2", -6, 0);
    }

    private static void AssertCovers(JsonObject shown, string axis, double low, double high)
    {
        double from = (double)shown[axis]![0]!;
        double to = (double)shown[axis]![1]!;
        Assert.True(from < low && to > high && to - from < 1.25 * (high - low),
            $"{axis} shows [{from}, {to}] for values from {low} to {high}; all: {shown.ToJsonString()}");
    }

    /// <summary>The ranges plotly.js drew the four axes with, and (for the failure message) whether it says each autoranges.</summary>
    private static async Task<JsonObject> RangesAsync(IPage page) => JsonNode.Parse(await page.EvaluateAsync<string>("""
        () => {
            const full = document.getElementById('plot')._fullLayout;
            const shown = {};
            for (const name of ['xaxis', 'yaxis', 'xaxis2', 'yaxis2']) {
                shown[name] = full[name].range;
            }
            shown.autorange = ['xaxis', 'yaxis', 'xaxis2', 'yaxis2'].map(name => full[name].autorange);
            return JSON.stringify(shown);
        }
        """))!.AsObject();

    private async Task<IPage> OpenAsync(TestServer server, string plot) =>
        await browser.OpenPlotAsync(plot);
}
