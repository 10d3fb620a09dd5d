using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Playwright;
using static HeartRateStreamer.StreamServer.Tests.Browser.PlotPage;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Browser;

/// <summary>The page when the server refuses it for a while: it keeps trying and says so, and a refused status poll
/// breaks nothing. Each test runs a server of its own (its limits differ from the collection's server).</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ReconnectBrowserTests(BrowserFixture browser)
{
    /// <summary>A 503 (the plot has --max-viewers-per-plot viewers) closes an EventSource for good; the page opens a
    /// new one after a back-off and shows the plot once there is room.</summary>
    [Fact]
    public async Task APageTurnedAwayByAFullPlotRetriesAndShowsThePlotOnceThereIsRoom()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.MaxViewersPerPlot = 1);
        (string plot, SseReader holder) = await FullPlotAsync(server, "busy-stream-token");

        await using IPage page = await browser.Context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.SetDefaultTimeout(WaitMilliseconds);
        await page.GotoAsync(new Uri(server.Host.HttpBaseUrl, plot).ToString());

        // Refused, and refused again on the first retry: the page says so and keeps trying.
        await page.WaitForFunctionAsync("() => window.streamViewer && window.streamViewer.opens >= 2 && window.streamViewer.state === 'server busy, retrying'", null, new() { Timeout = WaitMilliseconds });
        Assert.Equal("server busy, retrying", await page.TextContentAsync("#status"));
        Assert.Equal(0, await page.EvaluateAsync<int>("window.streamViewer.renders.length"));

        await holder.DisposeAsync(); // the slot frees
        await using RawConnection stream = await RawConnection.OpenAsync(server.Port);
        await stream.SendAsync(StreamHead("busy-stream-token") + Chunk("{\"x\":1,\"y\":60}\n"));
        await page.WaitForFunctionAsync("() => window.streamViewer.renders.some(r => r.lastX[0] === 1)", null, new() { Timeout = WaitMilliseconds });
        await page.WaitForFunctionAsync("() => window.streamViewer.state !== 'server busy, retrying'", null, new() { Timeout = WaitMilliseconds });
        await stream.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
        Assert.Empty(errors);
    }

    /// <summary>The page asks the streams' state for the stream's state, for the server's clock and, while its event stream
    /// is refused, for why: one request at a time, which whoever asks meanwhile shares. Two in flight put two requests
    /// among the browser's timings of that address, by which the page times its clock's round trip, and clearing them
    /// after one took the other's. Here each answer is held 0.5 s, longer than the page's start-up asks leave between them
    /// (0.3 s) or its asks why the stream was refused.</summary>
    [Fact]
    public async Task APageAsksTheStreamsStateOneRequestAtATime()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.MaxViewersPerPlot = 1);
        (string plot, SseReader holder) = await FullPlotAsync(server, "one-ask-token");
        await using IPage page = await browser.Context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var gate = new object();
        int asks = 0;
        int inFlight = 0;
        int most = 0;
        void Count(IRequest request, int by)
        {
            if (request.Url.EndsWith("/streams", StringComparison.Ordinal))
            {
                lock (gate)
                {
                    asks += by > 0 ? 1 : 0;
                    inFlight += by;
                    most = Math.Max(most, inFlight);
                }
            }
        }

        page.Request += (_, request) => Count(request, 1);
        page.RequestFinished += (_, request) => Count(request, -1);
        page.RequestFailed += (_, request) => Count(request, -1);
        await page.RouteAsync("**/streams", async route =>
        {
            await Task.Delay(500);
            await route.ContinueAsync();
        });
        page.SetDefaultTimeout(WaitMilliseconds);
        await page.GotoAsync(new Uri(server.Host.HttpBaseUrl, plot).ToString());

        // Refused at once and at two retries, each asked why, beside the start-up asks.
        await page.WaitForFunctionAsync("() => window.streamViewer && window.streamViewer.opens >= 3 && window.streamViewer.state === 'server busy, retrying'", null, new() { Timeout = WaitMilliseconds });
        // A busy machine can stretch one held ask over all of these, which then share it; the page goes on retrying, so
        // wait for a second ask rather than expect it by now.
        var deadline = DateTime.UtcNow.AddMilliseconds(WaitMilliseconds);
        while (Volatile.Read(ref asks) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        lock (gate)
        {
            Assert.True(asks >= 2, $"{asks} asks in {WaitMilliseconds} ms of refusals");
            Assert.Equal(1, most);
        }

        await holder.DisposeAsync();
        Assert.Empty(errors);
    }

    /// <summary>A new plot (stream token and filename <paramref name="token"/>) of a server that allows one viewer per
    /// plot, whose place the returned event stream takes.</summary>
    private static async Task<(string Plot, SseReader Holder)> FullPlotAsync(TestServer server, string token)
    {
        string plot = await server.CreatePlotAsync(token, filename: token);
        SseReader holder = await SseReader.OpenAsync(server.Http, plot + "/events");
        await holder.NextAsync();
        return (plot, holder);
    }

    /// <summary>A stream that goes silent without closing (a half-open connection, a proxy that stopped passing it on) is
    /// noticed by its missing pings: the page closes it and opens a new one, resuming after its last event.</summary>
    [Fact]
    public async Task APageReopensAnEventStreamThatWentSilentResumingAfterItsLastEvent()
    {
        // Pings every 0.5 s: the page takes 2 × 0.5 + 5 = 6 s of silence as a dead stream.
        await using TestServer server = await TestServer.StartAsync(o => o.PingMilliseconds = 500);
        string plot = await server.CreatePlotAsync("silent-stream-token", filename: "silent-stream-token");
        await using FreezingProxy proxy = FreezingProxy.To(server.Port);
        await using IPage page = await browser.Context.NewPageAsync();
        var eventStreams = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/events", StringComparison.Ordinal))
            {
                lock (eventStreams)
                {
                    eventStreams.Add(request.Url);
                }
            }
        };
        await LoadAsync(page, new Uri($"http://127.0.0.1:{proxy.Port}{plot}"));

        // The pings reach the page and keep it on its stream.
        await page.WaitForFunctionAsync("() => window.streamViewer.pings >= 3", null, new() { Timeout = WaitMilliseconds });
        Assert.Equal(1, await page.EvaluateAsync<int>("window.streamViewer.opens"));
        await using RawConnection stream = await RawConnection.OpenAsync(server.Port);
        await stream.SendAsync(StreamHead("silent-stream-token") + Chunk("{\"x\":1,\"y\":60}\n"));
        await page.WaitForFunctionAsync("() => window.streamViewer.renders.some(r => r.lastX[0] === 1)", null, new() { Timeout = WaitMilliseconds });

        proxy.FreezeEventStreams();
        Assert.Equal(1, proxy.Frozen);
        await stream.SendAsync(Chunk("{\"x\":2,\"y\":61}\n"));
        await Task.Delay(200);
        await stream.SendAsync(Chunk("{\"x\":3,\"y\":62}\n"));
        await page.WaitForFunctionAsync("() => window.streamViewer.renders.some(r => r.lastX[0] === 3)", null, new() { Timeout = WaitMilliseconds });

        Assert.Equal(2, await page.EvaluateAsync<int>("window.streamViewer.opens"));
        lock (eventStreams)
        {
            Assert.Equal(2, eventStreams.Count);
            Assert.DoesNotContain("lastEventId=", eventStreams[0]);
            Assert.Contains("lastEventId=", eventStreams[1]);
        }

        Assert.Equal("[1,2,3]", await page.EvaluateAsync<string>("JSON.stringify(window.streamViewer.figure.data[0].x)"));
        await stream.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
    }

    /// <summary>A stream that stops passing events while the device's points keep arriving (a half-open connection: after
    /// a laptop's sleep, whose performance.now() stood still, the silence limit counts from the wake) left the plot frozen
    /// for the whole silence limit, 35 s with the server's 15 s pings, under a status that said "live", which the page's
    /// polls read from the server. The page now reopens the stream once two polls in a row found the device's stream
    /// delivering points and no event came between them.</summary>
    [Fact]
    public async Task APageWhoseEventStreamStallsWhileTheDeviceDeliversReopensItWithinSeconds()
    {
        await using TestServer server = await TestServer.StartAsync();
        string plot = await server.CreatePlotAsync("stalled-stream-token", filename: "stalled-stream-token");
        await using FreezingProxy proxy = FreezingProxy.To(server.Port);
        await using IPage page = await browser.Context.NewPageAsync();
        await LoadAsync(page, new Uri($"http://127.0.0.1:{proxy.Port}{plot}"));
        await using RawConnection stream = await RawConnection.OpenAsync(server.Port);
        await stream.SendAsync(StreamHead("stalled-stream-token") + Chunk("{\"x\":1,\"y\":60}\n"));
        await page.WaitForFunctionAsync("() => window.streamViewer.renders.some(r => r.lastX[0] === 1)", null, new() { Timeout = WaitMilliseconds });

        proxy.FreezeEventStreams();
        Assert.Equal(1, proxy.Frozen);
        var frozen = System.Diagnostics.Stopwatch.StartNew();
        // The device goes on, a point every 200 ms, until the page shows one sent after the freeze (the limit's 35 s at most).
        int x = 1;
        while (!await page.EvaluateAsync<bool>("window.streamViewer.renders.some(r => r.lastX[0] > 1)") && frozen.Elapsed < TimeSpan.FromSeconds(40))
        {
            x++;
            await stream.SendAsync(Chunk($"{{\"x\":{x},\"y\":60}}\n"));
            await Task.Delay(200);
        }

        TimeSpan stalled = frozen.Elapsed;
        // Polls every 2 s, two of them: about 4-6 s; 20 s leaves a busy machine room and stays well short of the 35 s.
        Assert.True(stalled < TimeSpan.FromSeconds(20), $"the page showed a point sent after the freeze {stalled.TotalSeconds:F1} s later");
        Assert.Equal(2, await page.EvaluateAsync<int>("window.streamViewer.opens"));
        await stream.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
    }

    /// <summary>A stream whose connection was taken but never answered (a hung server or proxy) stays "connecting" in the
    /// browser for good: the page gives it the same silence limit as an open stream, then opens another.</summary>
    [Fact]
    public async Task APageGivesUpAnEventStreamThatNeverAnswersAndOpensAnother()
    {
        // Pings every 0.5 s: 6 s of silence, or of connecting, ends a stream.
        await using TestServer server = await TestServer.StartAsync(o => o.PingMilliseconds = 500);
        string plot = await server.CreatePlotAsync("hung-stream-token", filename: "hung-stream-token");
        await using FreezingProxy proxy = FreezingProxy.To(server.Port);
        await using IPage page = await browser.Context.NewPageAsync();
        await LoadAsync(page, new Uri($"http://127.0.0.1:{proxy.Port}{plot}"));
        await page.WaitForFunctionAsync("() => window.streamViewer.pings >= 1", null, new() { Timeout = WaitMilliseconds });

        proxy.HoldNewEventStreams = true;
        proxy.FreezeEventStreams();
        await page.WaitForFunctionAsync("() => window.streamViewer.opens >= 3", null, new() { Timeout = WaitMilliseconds });

        // The page counts an open before its request leaves the browser: the proxy may not have read the third yet.
        await Eventually.TrueAsync(() => Task.FromResult(proxy.Held >= 2), "the proxy holds the requests of the page's second and third opens");

        proxy.HoldNewEventStreams = false;
        await using RawConnection stream = await RawConnection.OpenAsync(server.Port);
        await stream.SendAsync(StreamHead("hung-stream-token") + Chunk("{\"x\":1,\"y\":60}\n"));
        await page.WaitForFunctionAsync("() => window.streamViewer.renders.some(r => r.lastX[0] === 1)", null, new() { Timeout = WaitMilliseconds });
        await stream.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
    }

    /// <summary>A server restart drops every page's event stream at the same instant. Left to the browser (the snapshot's
    /// `retry: 1000`), every page tried again each second, in step, for as long as the server was down, and all came back
    /// at the same moment: the page reconnects itself, after the back-off it takes after a refusal (about 1, 2, 4 ... s,
    /// each ±25 % at random), resuming after its last event.</summary>
    [Fact]
    public async Task APageWhoseServerRestartsBacksOffWhileItIsDownAndShowsThePlotAgain()
    {
        string data = TestServer.NewDataDirectory();
        TestServer? server = null; // stopped by the test on purpose, or by the finally when the test failed before that
        try
        {
            server = await TestServer.StartAsync(dataDirectory: data);
            int port = server.Port;
            string plot = await server.CreatePlotAsync("restart-stream-token", filename: "restart-stream-token");
            await using IPage page = await browser.Context.NewPageAsync();
            var errors = new List<string>();
            page.PageError += (_, error) => errors.Add(error);
            int eventStreams = 0;
            page.Request += (_, request) =>
            {
                if (request.Url.Contains("/events", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref eventStreams);
                }
            };
            await LoadAsync(page, new Uri(server.Host.HttpBaseUrl, plot));
            Assert.Equal(1, Volatile.Read(ref eventStreams));

            await server.DisposeAsync();
            server = null;
            await page.WaitForFunctionAsync("() => window.streamViewer.state === 'reconnecting'", null, new() { Timeout = WaitMilliseconds });
            // Down 8 s: a page backing off from 1 s (at most 1.25, 2.5, 5 s) asks at most three times; the browser asked
            // every second, 7 or 8 times.
            await Task.Delay(8000);
            int whileDown = Volatile.Read(ref eventStreams) - 1;

            await using TestServer again = await TestServer.StartAsync(o => o.Urls = [$"http://127.0.0.1:{port}"], data);
            await using RawConnection stream = await RawConnection.OpenAsync(port);
            await stream.SendAsync(StreamHead("restart-stream-token") + Chunk("{\"x\":1,\"y\":60}\n"));
            await page.WaitForFunctionAsync("() => window.streamViewer.renders.some(r => r.lastX[0] === 1)", null, new() { Timeout = WaitMilliseconds });
            Assert.InRange(whileDown, 1, 4);
            Assert.True(await page.EvaluateAsync<int>("window.streamViewer.retryMilliseconds") > 0, "the page waited out a back-off of its own");
            await stream.SendAsync("0\r\n\r\n");
            Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
            Assert.Empty(errors);
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>An EventSource cannot read the status that closed it: the page asks the streams' state why, and says that
    /// its address is refused for guessing links (429), not that the server is busy.</summary>
    [Fact]
    public async Task APageWhoseAddressIsRefusedForGuessingSaysSoWhileItRetries()
    {
        // Pings every 0.5 s: the page takes 6 s of silence as a dead stream and opens another, which is refused.
        await using TestServer server = await TestServer.StartAsync(o =>
        {
            o.PingMilliseconds = 500;
            o.GuessBurst = 1;
            o.GuessRefillSeconds = 3600;
        });
        string plot = await server.CreatePlotAsync("guessed-stream-token", filename: "guessed-stream-token");
        await using FreezingProxy proxy = FreezingProxy.To(server.Port);
        await using IPage page = await browser.Context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await LoadAsync(page, new Uri($"http://127.0.0.1:{proxy.Port}{plot}"));
        await page.WaitForFunctionAsync("() => window.streamViewer.pings >= 1", null, new() { Timeout = WaitMilliseconds });

        // One unknown link from the same address (127.0.0.1) uses up its bucket: every /p/ request after it gets 429.
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await server.Http.GetAsync("/p/unknownunknownunknown0/streams")).StatusCode);
        proxy.FreezeEventStreams();

        await page.WaitForFunctionAsync("() => window.streamViewer.opens >= 2 && window.streamViewer.state === 'too many requests, retrying'", null, new() { Timeout = WaitMilliseconds });
        Assert.Equal("too many requests, retrying", await page.TextContentAsync("#status"));
        Assert.True(await page.EvaluateAsync<bool>("document.getElementById('status').hasAttribute('data-lost')"));
        Assert.Empty(errors);
    }

    /// <summary>The owner deletes the plot: the page's event stream ends, its link answers 410, and the page says so and
    /// stops asking (every retry would be two requests, for a plot that never comes back). It never says "server busy":
    /// the refusal's reason is shown once the page has asked for it.</summary>
    [Fact]
    public async Task APageOnAPlotItsOwnerDeletedSaysSoAndStopsAsking()
    {
        await using TestServer server = await TestServer.StartAsync();
        string plot = await server.CreatePlotAsync("deleted-page-token", filename: "deleted-page-token");
        await using IPage page = await browser.Context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        // Every text the status shows, as a screen reader hears it (a polite live region announces each).
        await page.AddInitScriptAsync("""
            window.statusTexts = [];
            document.addEventListener('DOMContentLoaded', () => {
              const status = document.getElementById('status');
              new MutationObserver(() => window.statusTexts.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
            });
            """);
        await LoadAsync(page, new Uri(server.Host.HttpBaseUrl, plot));

        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.DeletePlotAsync(await server.OwnerPathAsync(plot))).StatusCode);

        await page.WaitForFunctionAsync("() => window.streamViewer.state === 'plot deleted'", null, new() { Timeout = WaitMilliseconds });
        int opens = await page.EvaluateAsync<int>("window.streamViewer.opens");
        // The reopen the refusal set (retryMilliseconds) falls due before a timer set now for as long, which runs after
        // it, however busy the machine: by then a page that kept asking has opened again. The browser does not reconnect
        // by itself: the refused EventSource is closed for good.
        await page.EvaluateAsync("() => new Promise(done => setTimeout(done, window.streamViewer.retryMilliseconds + 1))");
        Assert.Equal(opens, await page.EvaluateAsync<int>("window.streamViewer.opens"));
        Assert.Equal("plot deleted", await page.TextContentAsync("#status"));
        // It said "server busy, retrying" first, before the page had asked why its stream was refused.
        Assert.DoesNotContain("server busy, retrying", await page.EvaluateAsync<string[]>("window.statusTexts"));
        Assert.Empty(errors);
    }

    /// <summary>While the page's address is refused by the guess limit, its status poll gets 429 JSON without "streams":
    /// the page skips it instead of throwing. Only polls count: the page's start-up asks of the server's clock (its first
    /// second) ignore any answer, and are over before the address is refused.</summary>
    [Fact]
    public async Task ARefusedStatusPollThrowsNothing()
    {
        await using TestServer server = await TestServer.StartAsync(o =>
        {
            o.GuessBurst = 1;
            o.GuessRefillSeconds = 3600;
        });
        string plot = await server.CreatePlotAsync("poll-stream-token", filename: "poll-stream-token");
        await using IPage page = await browser.Context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await LoadAsync(page, new Uri(server.Host.HttpBaseUrl, plot));
        await page.WaitForFunctionAsync("() => window.streamViewer.startupAsksLeft === 0", null, new() { Timeout = WaitMilliseconds });

        // One unknown link from the same address (127.0.0.1) uses up its bucket: every /p/ request after it gets 429.
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await server.Http.GetAsync("/p/unknownunknownunknown0/streams")).StatusCode);
        for (int polls = 0; polls < 2; polls++)
        {
            await page.WaitForResponseAsync(response => response.Url.EndsWith("/streams", StringComparison.Ordinal) && response.Status == 429, new() { Timeout = WaitMilliseconds });
        }

        // The answer of the last 429 has been handled by the time the next poll goes out.
        await page.WaitForRequestAsync(request => request.Url.EndsWith("/streams", StringComparison.Ordinal), new() { Timeout = WaitMilliseconds });
        Assert.Empty(errors);
    }
}
