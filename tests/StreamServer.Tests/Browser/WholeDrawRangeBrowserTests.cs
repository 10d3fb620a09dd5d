using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Playwright;
using static HeartRateStreamer.StreamServer.Tests.Browser.PlotPage;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Browser;

/// <summary>An axis that follows the data shows after each appended frame the range plotly.js gives it at a whole draw
/// of the same figure, whatever the trace or axis, and every page shows the same.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class WholeDrawRangeBrowserTests(BrowserFixture browser)
{
    /// <summary>Four subplots, each starting with x:[]: the device's reading (lines+markers, shape hv), a trace filled to
    /// zero, one on a log y axis and one on a reversed y axis. One page is open before the first point, one opens after
    /// it. Each point's ranges are compared with a whole draw of the page's figure (Plotly.newPlot on a div of the plot's
    /// size). The page worked the ranges out itself: a first single point stayed off plotly.js's empty default ([-1,6],
    /// y [-1,4]) and plotly.js showed the legend only at the next whole draw (the plot kept its width without it, a page
    /// opened later had another); markers' padding and the fill to zero were cut (x [1,3] where a whole draw gives
    /// [0.757,5.243]); a log axis took a Plotly.react per frame (counted after the first point, which is drawn whole, as
    /// a whole draw is what shows the legend).</summary>
    [Fact]
    public async Task FollowedAxesShowTheWholeDrawsRangeFromTheFirstPointOnEveryPage()
    {
        TestServer server = browser.Server;
        JsonObject reply = await server.ClientRespAsync(
            """[{"x":[],"y":[],"mode":"lines+markers","line":{"shape":"hv"},"stream":{"token":"whole-markers-token","maxpoints":500}},{"x":[],"y":[],"mode":"lines","fill":"tozeroy","xaxis":"x2","yaxis":"y2","stream":{"token":"whole-fill-token","maxpoints":500}},{"x":[],"y":[],"mode":"lines","xaxis":"x3","yaxis":"y3","stream":{"token":"whole-log-token","maxpoints":500}},{"x":[],"y":[],"mode":"lines+markers","xaxis":"x4","yaxis":"y4","stream":{"token":"whole-reversed-token","maxpoints":500}}]""",
            """{"filename":"whole-draw-ranges","fileopt":"overwrite","layout":{"grid":{"rows":4,"columns":1,"pattern":"independent"},"yaxis3":{"type":"log"},"yaxis4":{"autorange":"reversed"}}}""");
        Assert.Equal("", (string?)reply["error"]);
        Uri address = new(server.Host.HttpBaseUrl, new Uri((string)reply["url"]!).AbsolutePath);
        await using IPage early = await LoadAsync(await browser.Context.NewPageAsync(), address);
        string[] tokens = ["whole-markers-token", "whole-fill-token", "whole-log-token", "whole-reversed-token"];
        var streams = new List<RawConnection>();
        foreach (string token in tokens)
        {
            RawConnection stream = await RawConnection.OpenAsync(server.Port);
            streams.Add(stream);
            await stream.SendAsync(StreamHead(token));
        }

        try
        {
            // The device sends a reading only when it changes: one point, then nothing for a while.
            double[] values = [72, 75, 74, 80, 61, 90];
            await SendAsync(streams, 1, values[0]);
            await WaitForPointAsync(early, 1);
            await AssertWholeDrawRangesAsync(early, "after the first point on the page open before it");
            await CountWholeDrawsAsync(early);
            await using IPage late = await LoadAsync(await browser.Context.NewPageAsync(), address);
            await CountWholeDrawsAsync(late);
            await AssertWholeDrawRangesAsync(late, "after the first point on the page opened after it");
            Assert.Equal(await RangesAsync(early), await RangesAsync(late));

            for (int i = 1; i < values.Length; i++)
            {
                await SendAsync(streams, i + 1, values[i]);
                foreach (IPage page in new[] { early, late })
                {
                    await WaitForPointAsync(page, i + 1);
                    await AssertWholeDrawRangesAsync(page, $"after point {i + 1}");
                }

                Assert.Equal(await RangesAsync(early), await RangesAsync(late));
            }

            foreach (IPage page in new[] { early, late })
            {
                Assert.Equal(0, await page.EvaluateAsync<int>("window.wholeDrawsSinceCounted"));
            }
        }
        finally
        {
            foreach (RawConnection stream in streams)
            {
                await stream.SendAsync("0\r\n\r\n");
                Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
                await stream.DisposeAsync();
            }
        }
    }

    private static async Task SendAsync(List<RawConnection> streams, int x, double value)
    {
        foreach (RawConnection stream in streams)
        {
            await stream.SendAsync(Chunk($"{{\"x\":{x},\"y\":{value}}}\n"));
        }
    }

    private static Task WaitForPointAsync(IPage page, int x) =>
        page.WaitForFunctionAsync($"() => window.streamViewer.renders.some(r => r.lastX.every(last => last === {x}))", null, new() { Timeout = WaitMilliseconds });

    /// <summary>From here on the page's whole draws (Plotly.react, which the page calls by name each time) are counted.</summary>
    private static Task CountWholeDrawsAsync(IPage page) => page.EvaluateAsync("""
        () => {
            const react = Plotly.react;
            window.wholeDrawsSinceCounted = 0;
            Plotly.react = function () { window.wholeDrawsSinceCounted += 1; return react.apply(this, arguments); };
        }
        """);

    private static async Task<string> RangesAsync(IPage page) => await page.EvaluateAsync<string>("""
        () => JSON.stringify(['xaxis', 'yaxis', 'xaxis2', 'yaxis2', 'xaxis3', 'yaxis3', 'xaxis4', 'yaxis4'].map(name => document.getElementById('plot')._fullLayout[name].range))
        """);

    /// <summary>The page's ranges against a whole draw of its figure by plotly.js on a div of the plot's size.</summary>
    private static async Task AssertWholeDrawRangesAsync(IPage page, string when)
    {
        string mismatch = await page.EvaluateAsync<string>("""
            async () => {
                const root = document.getElementById('plot');
                const full = root._fullLayout;
                const reference = document.createElement('div');
                reference.style.position = 'absolute';
                reference.style.left = '-10000px';
                document.body.appendChild(reference);
                const layout = structuredClone(window.streamViewer.figure.layout);
                layout.width = full.width;
                layout.height = full.height;
                await Plotly.newPlot(reference, structuredClone(window.streamViewer.figure.data), layout);
                const wrong = [];
                for (const name of ['xaxis', 'yaxis', 'xaxis2', 'yaxis2', 'xaxis3', 'yaxis3', 'xaxis4', 'yaxis4']) {
                    const shown = full[name].range;
                    const whole = reference._fullLayout[name].range;
                    const span = Math.abs(whole[1] - whole[0]);
                    if (!(Math.abs(shown[0] - whole[0]) <= 1e-9 * span && Math.abs(shown[1] - whole[1]) <= 1e-9 * span)) {
                        wrong.push(name + ' shows ' + JSON.stringify(shown) + ', a whole draw ' + JSON.stringify(whole) + ' (plot areas ' + full._size.w + 'x' + full._size.h + ', ' + reference._fullLayout._size.w + 'x' + reference._fullLayout._size.h + ')');
                    }
                }
                Plotly.purge(reference);
                reference.remove();
                return wrong.join('; ');
            }
            """);
        Assert.True(mismatch == "", $"{when}: {mismatch}");
    }
}
