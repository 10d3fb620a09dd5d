using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using HeartRateStreamer.StreamServer.Tests.Storage;
using Microsoft.Playwright;
using static HeartRateStreamer.StreamServer.Tests.Browser.PlotPage;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Browser;

/// <summary>The page holds exactly the server's figure: an owner's edit that names an array element, and a stored maxpoints
/// the server reads otherwise than as written, leave the page's figure as /p/ID.json has it.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class FigureAgreementBrowserTests(BrowserFixture browser)
{
    // plotly.js's relayout would delete the element; the server's paths name object members only (an array is a value,
    // set whole), so it removes nothing. The page used to walk into the array and leave a hole ([0,null] against [0,10]).
    [Fact]
    public async Task RemovingAnArrayElementLeavesThePageAsTheServer()
    {
        TestServer server = browser.Server;
        string link = await server.CreatePlotAsync("array-path-stream-token", filename: "array-path-stream-token");
        await using IPage page = await browser.OpenPlotAsync(link);

        foreach (string edit in new[] { """{"xaxis.range":[0,10]}""", """{"xaxis.range.1":null}""", """{"title.text":"edited"}""" })
        {
            using HttpResponseMessage answer = await server.RelayoutAsync(link, edit);
            Assert.True(answer.IsSuccessStatusCode, $"{edit}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }

        await page.WaitForFunctionAsync("() => (window.streamViewer.figure.layout.title || {}).text === 'edited'", null, new() { Timeout = WaitMilliseconds });
        string onPage = await page.EvaluateAsync<string>("JSON.stringify(window.streamViewer.figure.layout.xaxis)");
        JsonObject served = await server.FigureAsync(link);
        Assert.Equal(served["layout"]!["xaxis"]!.ToJsonString(), onPage);
        Assert.Equal("""{"range":[0,10]}""", onPage);
    }

    // A stored row loaded on purpose with maxpoints 1e999 (Plots/StoredPlotLoadTests.OddButReadableStreamSettingsLoad): the
    // server reads it as infinity and keeps it within 0..10000, so it keeps 10,000 points; the page kept every one (its
    // own rule took any number, Infinity too).
    [Fact]
    public async Task AStoredMaxpointsOutOfRangeIsKeptByThePageAsTheServerKeepsIt()
    {
        string data = TestServer.NewDataDirectory();
        try
        {
            string link;
            await using (TestServer first = await TestServer.StartAsync(dataDirectory: data))
            {
                link = await first.CreatePlotAsync("odd-maxpoints-token", filename: "odd maxpoints");
            }

            StoredDatabase.Execute(data, """UPDATE plots SET data_json = '[{"x":[],"y":[],"type":"scatter","mode":"lines","stream":{"token":"odd-maxpoints-token","maxpoints":1e999}}]'""");
            await using TestServer server = await TestServer.StartAsync(options => options.ThrottleMilliseconds = 0, dataDirectory: data);
            await using IPage page = await LoadAsync(await browser.Context.NewPageAsync(), new Uri(server.Host.HttpBaseUrl, link));

            const int Points = StreamSettings.MaxMaxPoints + 100;
            string lines = string.Concat(Enumerable.Range(1, Points).Select(x => Chunk($"{{\"x\":{x},\"y\":{x % 50}}}\n")));
            Assert.Equal(200, (await server.ExchangeAsync(StreamHead("odd-maxpoints-token") + lines + "0\r\n\r\n")).Status);

            await page.WaitForFunctionAsync($"() => {{ const x = window.streamViewer.figure.data[0].x; return x.length > 0 && x[x.length - 1] === {Points}; }}", null, new() { Timeout = WaitMilliseconds });
            JsonObject served = await server.FigureAsync(link);
            Assert.Equal(StreamSettings.MaxMaxPoints, served["data"]![0]!["x"]!.AsArray().Count);
            Assert.Equal(StreamSettings.MaxMaxPoints, await page.EvaluateAsync<int>("window.streamViewer.figure.data[0].x.length"));
            Assert.Equal(served["data"]![0]!["x"]!.ToJsonString(), await page.EvaluateAsync<string>("JSON.stringify(window.streamViewer.figure.data[0].x)"));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    // An older server's figure in a cluster upgraded node by node names no maxpoints: the page keeps such a trace to the
    // server's default (which it gets from the page, data-max-points), where it used to keep every point. The page's figure
    // loses its maxpoints as such a figure would have arrived.
    [Fact]
    public async Task ATraceWithoutMaxpointsIsKeptToTheServersDefault()
    {
        await using TestServer server = await TestServer.StartAsync(options => options.ThrottleMilliseconds = 0);
        string link = await server.CreatePlotAsync("no-maxpoints-token", filename: "no-maxpoints-token");
        await using IPage page = await LoadAsync(await browser.Context.NewPageAsync(), new Uri(server.Host.HttpBaseUrl, link));
        Assert.Equal(StreamSettings.DefaultMaxPoints, await page.EvaluateAsync<int>("(() => { const s = window.streamViewer.figure.data[0].stream; const m = s.maxpoints; delete s.maxpoints; return m; })()"));

        const int Points = StreamSettings.DefaultMaxPoints + 100;
        string lines = string.Concat(Enumerable.Range(1, Points).Select(x => Chunk($"{{\"x\":{x},\"y\":{x % 50}}}\n")));
        Assert.Equal(200, (await server.ExchangeAsync(StreamHead("no-maxpoints-token") + lines + "0\r\n\r\n")).Status);

        await page.WaitForFunctionAsync($"() => {{ const x = window.streamViewer.figure.data[0].x; return x.length > 0 && x[x.length - 1] === {Points}; }}", null, new() { Timeout = WaitMilliseconds });
        Assert.Null(await page.EvaluateAsync<int?>("window.streamViewer.figure.data[0].stream.maxpoints"));
        Assert.Equal(StreamSettings.DefaultMaxPoints, await page.EvaluateAsync<int>("window.streamViewer.figure.data[0].x.length"));
        Assert.Equal(StreamSettings.DefaultMaxPoints, (await server.FirstTraceAsync(link))["x"]!.AsArray().Count);
    }
}
