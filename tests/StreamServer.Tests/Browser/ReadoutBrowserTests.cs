using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Playwright;
using static HeartRateStreamer.StreamServer.Tests.Browser.PlotPage;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Browser;

/// <summary>The readouts beside the plot: values read as plotly.js reads them, shown plainly, and every one reachable.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ReadoutBrowserTests(BrowserFixture browser)
{
    /// <summary>A number sent as a string ("88": the server takes it, as Plotly did) is a number to plotly.js on a linear
    /// axis, which plots it. The page read it as no reading, left it out of the axis range it works out, and left it off
    /// the pulse canvas.</summary>
    [Fact]
    public async Task NumbersSentAsStringsReadAndPlotAsPlotlyPlotsThem()
    {
        TestServer server = browser.Server;
        JsonObject reply = await server.ClientRespAsync(
            """[{"x":[],"y":[],"name":"Heart rate (bpm)","mode":"lines","stream":{"token":"string-reading-token","maxpoints":500}},{"x":[],"y":[],"name":"Pulse","mode":"lines","meta":{"waveform":true},"xaxis":"x2","yaxis":"y2","stream":{"token":"string-wave-token","maxpoints":500}}]""",
            """{"filename":"string-values","fileopt":"overwrite","layout":{"grid":{"rows":2,"columns":1,"pattern":"independent"}}}""");
        Assert.Equal("", (string?)reply["error"]);
        await using IPage page = await browser.OpenPlotAsync(new Uri((string)reply["url"]!).AbsolutePath);
        await using RawConnection reading = await RawConnection.OpenAsync(server.Port);
        await using RawConnection wave = await RawConnection.OpenAsync(server.Port);
        await reading.SendAsync(StreamHead("string-reading-token"));
        await wave.SendAsync(StreamHead("string-wave-token"));
        string[] readings = ["88", "90", "89"];
        for (int i = 0; i < 10; i++)
        {
            if (i < readings.Length)
            {
                await reading.SendAsync(Chunk($"{{\"x\":{i + 1},\"y\":\"{readings[i]}\"}}\n"));
            }

            await wave.SendAsync(Chunk($"{{\"x\":{i + 1},\"y\":\"{500 + (10 * (i % 4))}.5\"}}\n"));
            await Task.Delay(100);
        }

        await page.WaitForFunctionAsync("() => window.streamViewer.renders.some(r => r.lastX[0] === 3 && r.lastX[1] === 10)", null, new() { Timeout = WaitMilliseconds });
        Assert.Equal("89", await page.TextContentAsync("#readouts .readout:nth-child(1) .readout-value"));
        Assert.Equal("bpm", await page.TextContentAsync("#readouts .readout:nth-child(1) .readout-unit"));
        Assert.Equal(10, await page.EvaluateAsync<int>("window.streamViewer.wavePoints[1]"));
        Assert.True(await InkedPixelsAsync(page) > 100, "the pulse canvas shows no wave");
        JsonArray yRange = JsonNode.Parse(await page.EvaluateAsync<string>("JSON.stringify(document.getElementById('plot')._fullLayout.yaxis.range)"))!.AsArray();
        Assert.True((double)yRange[0]! < 88 && (double)yRange[1]! > 90 && (double)yRange[1]! - (double)yRange[0]! < 3, $"the readings' y axis shows {yRange.ToJsonString()} for 88 to 90");
        foreach (RawConnection stream in new[] { reading, wave })
        {
            await stream.SendAsync("0\r\n\r\n");
            Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
        }
    }

    /// <summary>A waveform on a log y axis is drawn on the pulse canvas within the axis's range. The range the page holds
    /// is in plotly.js's log units already, and the canvas took the log of it again: wavePoints said 10, the canvas
    /// was blank.</summary>
    [Fact]
    public async Task AWaveformOnALogAxisIsDrawn()
    {
        TestServer server = browser.Server;
        JsonObject reply = await server.ClientRespAsync(
            """[{"x":[],"y":[],"name":"Pulse","mode":"lines","meta":{"waveform":true},"stream":{"token":"log-wave-token","maxpoints":500}}]""",
            """{"filename":"log-wave","fileopt":"overwrite","layout":{"yaxis":{"type":"log"}}}""");
        Assert.Equal("", (string?)reply["error"]);
        await using IPage page = await browser.OpenPlotAsync(new Uri((string)reply["url"]!).AbsolutePath);
        await using RawConnection wave = await RawConnection.OpenAsync(server.Port);
        await wave.SendAsync(StreamHead("log-wave-token"));
        for (int i = 0; i < 10; i++)
        {
            await wave.SendAsync(Chunk($"{{\"x\":{i + 1},\"y\":{500 + (100 * (i % 4))}}}\n"));
            await Task.Delay(100);
        }

        await page.WaitForFunctionAsync("() => window.streamViewer.renders.some(r => r.lastX[0] === 10)", null, new() { Timeout = WaitMilliseconds });
        await page.WaitForFunctionAsync("() => window.streamViewer.wavePoints[0] === 10", null, new() { Timeout = WaitMilliseconds });
        Assert.True(await InkedPixelsAsync(page) > 100, "the pulse canvas of a waveform on a log y axis shows no wave");
        await wave.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await wave.ReadToEndAsync()).Status);
    }

    /// <summary>How many of the pulse canvas's pixels the wave inked (0 for a canvas drawn outside its area).</summary>
    private static Task<int> InkedPixelsAsync(IPage page) => page.EvaluateAsync<int>("""
        () => {
            const canvas = document.querySelector('#plot canvas.wave');
            if (!canvas) {
                return 0;
            }
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let inked = 0;
            for (let i = 3; i < pixels.length; i += 4) {
                if (pixels[i] !== 0) {
                    inked += 1;
                }
            }
            return inked;
        }
        """);

    /// <summary>Whole numbers as they are, others with one decimal, and a magnitude too wide for the readout in
    /// scientific notation. -1e-7 read "-0.0", 1e300 "1e+300".</summary>
    [Fact]
    public async Task OddValuesReadPlainly()
    {
        TestServer server = browser.Server;
        string plot = await server.CreatePlotAsync("odd-values-token", filename: "odd-values-token");
        await using IPage page = await browser.OpenPlotAsync(plot);
        await using RawConnection stream = await RawConnection.OpenAsync(server.Port);
        await stream.SendAsync(StreamHead("odd-values-token"));
        var shown = new List<string>();
        int x = 0;
        foreach (string value in new[] { "-1e-7", "72", "72.25", "-3.5", "1e300", "-1234567", "999999" })
        {
            x += 1;
            await stream.SendAsync(Chunk($"{{\"x\":{x},\"y\":{value}}}\n"));
            await page.WaitForFunctionAsync($"() => window.streamViewer.renders.some(r => r.lastX[0] === {x})", null, new() { Timeout = WaitMilliseconds });
            shown.Add(value + " " + await page.TextContentAsync("#readouts .readout-value"));
        }

        Assert.Equal(["-1e-7 0.0", "72 72", "72.25 72.3", "-3.5 -3.5", "1e300 1E300", "-1234567 -1.23E6", "999999 999999"], shown);
        await stream.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
    }

    /// <summary>30 traces in a 1200x800 window: every readout can be scrolled into view and is then there to see. The panel
    /// clipped them (paint containment, no overflow): ch0-ch9 showed, the rest could not be reached.</summary>
    [Fact]
    public async Task EveryReadoutOfManyTracesCanBeScrolledTo()
    {
        TestServer server = browser.Server;
        string traces = string.Join(",", Enumerable.Range(0, 30).Select(i => $$$"""{"x":[1,2],"y":[{{{60 + i}}},{{{61 + i}}}],"name":"ch{{{i}}} (bpm)"}"""));
        JsonObject reply = await server.ClientRespAsync($"[{traces}]", """{"filename":"many-traces","fileopt":"overwrite"}""");
        Assert.Equal("", (string?)reply["error"]);
        await using IPage page = await browser.Context.NewPageAsync();
        await page.SetViewportSizeAsync(1200, 800);
        await LoadAsync(page, new Uri(server.Host.HttpBaseUrl, new Uri((string)reply["url"]!).AbsolutePath));
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#readouts .readout').length === 30", null, new() { Timeout = WaitMilliseconds });

        string unreachable = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('#readouts .readout')].filter(readout => {
                readout.scrollIntoView({ block: 'nearest' });
                const box = readout.getBoundingClientRect();
                const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
                return !(hit && readout.contains(hit));
            }).map(readout => readout.querySelector('.readout-name').textContent).join(', ')
            """);
        Assert.True(unreachable == "", $"readouts that cannot be brought into view: {unreachable}");
    }
}
