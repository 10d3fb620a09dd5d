using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Microsoft.Playwright;
using static HeartRateStreamer.StreamServer.Tests.Browser.PlotPage;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Browser;

/// <summary>The plot page in a real browser: two viewers in step, the owner's edit live on both, a hidden tab idle, no script injection.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class LiveViewerBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task TwoPagesShowEachNewPointWithin200MillisecondsOfEachOtherAndTheOwnersTitleChange()
    {
        TestServer server = browser.Server;
        string plot = await server.CreatePlotAsync("live-stream-token", filename: "live-stream-token");
        IPage[] pages = await Task.WhenAll(OpenAsync(server, plot), OpenAsync(server, plot));
        await using IPage owner = pages[0];
        await using IPage viewer = pages[1];

        await using RawConnection stream = await RawConnection.OpenAsync(server.Port);
        await stream.SendAsync(StreamHead("live-stream-token"));
        const int Points = 10;
        for (int x = 1; x <= Points; x++)
        {
            await stream.SendAsync(Chunk($"{{\"x\":{x},\"y\":{60 + (x % 5)}}}\n"));
            await Task.Delay(250); // a device sending its BPM 4 times a second: each point is its own frame
        }

        await stream.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
        double[] ownerShown = await ShownTimesAsync(owner, Points);
        double[] viewerShown = await ShownTimesAsync(viewer, Points);
        for (int i = 0; i < Points; i++)
        {
            double apart = Math.Abs(ownerShown[i] - viewerShown[i]);
            Assert.True(apart <= 200, $"point x={i + 1} appeared {apart} ms apart on the two pages; shown at (ms) {Timeline(ownerShown, ownerShown[0])} and {Timeline(viewerShown, ownerShown[0])}");
        }

        foreach (IPage page in pages)
        {
            Assert.Equal(Points, await page.EvaluateAsync<int>("document.getElementById('plot').data[0].x.length"));
        }

        // Applied before the key is typed in, an edit is not sent: the server could only refuse it.
        var edits = new List<string>();
        owner.Request += (_, request) =>
        {
            if (request.Method == "POST")
            {
                lock (edits)
                {
                    edits.Add(request.Url);
                }
            }
        };
        await owner.ClickAsync("summary");
        await owner.FillAsync("#edit-layout", """{"title.text":"not sent"}""");
        await owner.ClickAsync("#edit-layout-apply");
        await owner.ClickAsync("#edit-style-apply");
        await owner.WaitForFunctionAsync("() => document.getElementById('edit-result').textContent !== ''", null, new() { Timeout = WaitMilliseconds });
        Assert.Equal("Not sent: type the API key first.", await owner.TextContentAsync("#edit-result"));

        // The owner retitles the plot from the page's edit form; both pages follow, the data stays.
        await owner.FillAsync("#edit-key", TestServer.AliceKey);
        await owner.FillAsync("#edit-title", "Heart rate (bpm)");
        await owner.ClickAsync("#edit-title-apply");
        foreach (IPage page in pages)
        {
            await page.WaitForFunctionAsync("() => document.querySelector('.gtitle')?.textContent === 'Heart rate (bpm)'", null, new() { Timeout = WaitMilliseconds });
        }

        Assert.Contains("Saved", await owner.TextContentAsync("#edit-result"));
        lock (edits)
        {
            Assert.Equal([plot + "/layout"], edits.Select(url => new Uri(url).AbsolutePath)); // the title's, alone
        }

        Assert.DoesNotContain(TestServer.AliceKey, await viewer.ContentAsync());
        Assert.Equal(Points, await viewer.EvaluateAsync<int>("document.getElementById('plot').data[0].x.length"));
    }

    /// <summary>A browser whose wall clock is off from the server's, here 3 s and half a grid cell behind: the page drew on
    /// its own clock's 50 ms lines, so each frame 25 ms after the pages whose clocks agree with the server's (a clock off
    /// by any amount is off by up to half a cell of the grid). Now it draws for the lines of the server's clock. Checked on
    /// what each draw aimed at, not on when its timer fired (a busy machine fires them late, and a page short of CPU
    /// draws every other line): the line it reckoned (a line of the server's grid) and the instant of performance.now() it
    /// took that line to be, which on the machine's clock, the server's too, must be that line. How far off the page may
    /// be is what NTP's way bounds: half the round trip of the answer it went by, and 1 ms for each of the server's whole
    /// ms and the browser's.</summary>
    [Fact]
    public async Task APageWhoseClockIsOffAimsEachDrawAtALineOfTheServersGrid()
    {
        const int SkewMilliseconds = -3025;
        TestServer server = browser.Server;
        string plot = await server.CreatePlotAsync("skewed-clock-token", filename: "skewed-clock-token");
        await using IPage skewed = await browser.Context.NewPageAsync();
        await skewed.AddInitScriptAsync(SkewedClockScript(SkewMilliseconds));
        await LoadAsync(skewed, new Uri(server.Host.HttpBaseUrl, plot));
        // The page's clock read between two reads of the machine's: exact whatever the machine's load does between them.
        JsonObject read = JsonNode.Parse(await skewed.EvaluateAsync<string>(
            "() => { const before = window.machineNow(); const page = Date.now(); const after = window.machineNow(); return JSON.stringify({ before, page, after }); }"))!.AsObject();
        Assert.InRange(SkewMilliseconds, (double)read["page"]! - (double)read["after"]!, (double)read["page"]! - (double)read["before"]!);
        await skewed.WaitForFunctionAsync("() => window.streamViewer.clock !== null", null, new() { Timeout = WaitMilliseconds });

        await using RawConnection stream = await RawConnection.OpenAsync(server.Port);
        await stream.SendAsync(StreamHead("skewed-clock-token"));
        const int Points = 8;
        for (int x = 1; x <= Points; x++)
        {
            await stream.SendAsync(Chunk($"{{\"x\":{x},\"y\":60}}\n"));
            await Task.Delay(250); // each point its own frame
        }

        await stream.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
        await skewed.WaitForFunctionAsync($"() => window.streamViewer.renders.some(r => r.lastX[0] >= {Points})", null, new() { Timeout = WaitMilliseconds });
        // The machine's clock as an offset from performance.now(), and each draw of a point: its line, and how far from
        // that line on the machine's clock it aimed (the offset of the page's clock from the machine's, whatever the timer did).
        JsonObject seen = JsonNode.Parse(await skewed.EvaluateAsync<string>("""
            () => {
                // The read of the machine's clock between the two closest reads of performance.now(), so a pause of the page
                // between them (a loaded machine) adds nothing unknown: half that gap is added to every bound.
                let closest = null;
                for (let i = 0; i < 50; i++) {
                    const before = performance.now();
                    const now = window.machineNow();
                    const after = performance.now();
                    if (closest === null || after - before < closest.gap) closest = { gap: after - before, machine: now - (before + after) / 2 };
                }
                const machine = closest.machine;
                const bound = clock => (clock ? clock.roundTrip / 2 + 2 + closest.gap / 2 : 0);
                const clock = window.streamViewer.clock;
                return JSON.stringify({
                    off: clock ? clock.offset - machine : null,
                    bound: bound(clock),
                    draws: window.streamViewer.renders.filter(r => r.lastX[0] !== null)
                        .map(r => ({ line: r.line, missed: machine + r.due - r.line, bound: bound(r.clock) })),
                });
            }
            """))!.AsObject();
        JsonArray draws = seen["draws"]!.AsArray();
        Assert.NotEmpty(draws);
        foreach (JsonNode? draw in draws)
        {
            double line = (double)draw!["line"]!;
            double missed = (double)draw["missed"]!;
            double bound = (double)draw["bound"]!;
            Assert.True(line % Plot.FrameIntervalMilliseconds == 0 && Math.Abs(missed) <= bound,
                $"a draw for line {line} aimed {missed:0.0} ms from it on the machine's clock ({Mod(line + missed, Plot.FrameIntervalMilliseconds):0.0} ms into a cell "
                + $"of the server's grid), more than {bound:0.0} ms; every draw (line, ms from it, bound): {string.Join("; ", draws.Select(d => $"{d!["line"]}, {(double)d["missed"]!:0.0}, {(double)d["bound"]!:0.0}"))}");
        }

        double off = (double?)seen["off"] ?? double.NaN;
        Assert.True(Math.Abs(off) <= (double)seen["bound"]!, $"the page takes the server's clock for {off:0.0} ms off the machine's, more than {(double)seen["bound"]!:0.0} ms");
    }

    /// <summary>A laptop that slept (Chrome's performance.now() stands still meanwhile) or a server whose clock was
    /// stepped: every offset the page heard before is off by the sleep or the step. The page went by the answer with the
    /// shortest round trip of the last 20 s, one from before, for up to 20 s. Here the server's answers say its clock
    /// went 5 s ahead (the test's route adds 5 s to their "now"): at the moment the page has heard such an answer, it
    /// goes by it.</summary>
    [Fact]
    public async Task APageGoesByTheServersClockAsSoonAsItHearsTheClockStepped()
    {
        const long StepMilliseconds = 5000;
        TestServer server = browser.Server;
        string plot = await server.CreatePlotAsync("stepped-clock-token", filename: "stepped-clock-token");
        await using IPage page = await browser.Context.NewPageAsync();
        int stepped = 0;
        await page.RouteAsync("**/streams", async route =>
        {
            if (Volatile.Read(ref stepped) == 0)
            {
                await route.ContinueAsync();
                return;
            }

            IAPIResponse answer = await route.FetchAsync();
            JsonObject state = JsonNode.Parse(await answer.TextAsync())!.AsObject();
            state["now"] = (long)state["now"]! + StepMilliseconds;
            await route.FulfillAsync(new() { Response = answer, Body = state.ToJsonString() });
        });
        await LoadAsync(page, new Uri(server.Host.HttpBaseUrl, plot));
        await page.WaitForFunctionAsync("() => window.streamViewer.clockSamples.length >= 2", null, new() { Timeout = WaitMilliseconds });
        double before = await page.EvaluateAsync<double>("() => window.streamViewer.clock.offset");

        Volatile.Write(ref stepped, 1);
        JsonObject seen = await ClockOnceMovedAsync(page, before, StepMilliseconds);
        double inUse = (double)seen["inUse"]!;
        Assert.True(Math.Abs(inUse - StepMilliseconds) < StepMilliseconds / 2,
            $"the page goes by a clock {inUse:0.0} ms from the one before the step, not {StepMilliseconds}; its answers (ms from the clock before, round trip): {seen["heard"]!.ToJsonString()}");
    }

    /// <summary>A laptop that slept: Chrome's performance.now() stands still meanwhile while every wall clock, the
    /// server's and the browser's, runs on. Each offset heard before the sleep is then off by its length, however short
    /// its round trip. Here the page's performance.now() is held 5 s back from the test's chosen moment on (the
    /// script below), as a 5 s sleep leaves it: the first answer after it must drop every one from before, at once.</summary>
    [Fact]
    public async Task APageGoesByTheServersClockAsSoonAsItWakesFromASleep()
    {
        const int SleepMilliseconds = 5000;
        TestServer server = browser.Server;
        string plot = await server.CreatePlotAsync("slept-clock-token", filename: "slept-clock-token");
        await using IPage page = await browser.Context.NewPageAsync();
        await page.AddInitScriptAsync("""
            (() => {
                const realNow = performance.now.bind(performance);
                window.sleptMilliseconds = 0;
                performance.now = () => realNow() - window.sleptMilliseconds;
            })();
            """);
        await LoadAsync(page, new Uri(server.Host.HttpBaseUrl, plot));
        await page.WaitForFunctionAsync("() => window.streamViewer.clockSamples.length >= 2", null, new() { Timeout = WaitMilliseconds });
        double before = await page.EvaluateAsync<double>($"() => {{ const before = window.streamViewer.clock.offset; window.sleptMilliseconds = {SleepMilliseconds}; return before; }}");

        JsonObject seen = await ClockOnceMovedAsync(page, before, SleepMilliseconds);
        Assert.True(Math.Abs((double)seen["inUse"]! - SleepMilliseconds) < SleepMilliseconds / 2,
            $"after a {SleepMilliseconds} ms sleep the page goes by a clock {(double)seen["inUse"]!:0.0} ms from the one before; its answers (ms from the clock before, round trip): {seen["heard"]!.ToJsonString()}");
        Assert.All(seen["heard"]!.AsArray(), answer => Assert.True((double)answer![0]! > SleepMilliseconds / 2,
            $"an answer from before the sleep is kept: {seen["heard"]!.ToJsonString()}"));
    }

    /// <summary>Once the page has heard an answer whose offset moved more than half of <paramref name="moved"/> ms from
    /// <paramref name="before"/>, read at that one instant of the page: the clock it goes by ("inUse", ms from before) and
    /// the answers it keeps ("heard": ms from before, round trip).</summary>
    private static async Task<JsonObject> ClockOnceMovedAsync(IPage page, double before, long moved)
    {
        IJSHandle heard = await page.WaitForFunctionAsync("""
            ([before, moved]) => {
                const samples = window.streamViewer.clockSamples;
                const newest = samples[samples.length - 1];
                return newest.offset - before > moved / 2
                    && JSON.stringify({ inUse: window.streamViewer.clock.offset - before, heard: samples.map(s => [s.offset - before, s.roundTrip]) });
            }
            """, new object[] { before, moved }, new() { Timeout = WaitMilliseconds });
        return JsonNode.Parse(await heard.JsonValueAsync<string>())!.AsObject();
    }

    private static double Mod(double value, double modulus) => ((value % modulus) + modulus) % modulus;

    /// <summary>Sets the page's wall clock (Date, performance.timeOrigin) off by skew ms before any of its scripts run;
    /// performance.now(), a duration since the page began, is the same on any clock. window.machineNow() keeps the
    /// machine's (and so the server's) wall clock, for the test.</summary>
    private static string SkewedClockScript(int skew) => $$"""
        (() => {
            const skew = {{skew}};
            const RealDate = Date;
            const origin = performance.timeOrigin;
            window.machineNow = () => RealDate.now();
            window.Date = new Proxy(RealDate, {
                construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [RealDate.now() + skew] : args, newTarget),
                apply: () => new RealDate(RealDate.now() + skew).toString(),
                get: (target, name) => (name === 'now' ? () => RealDate.now() + skew : Reflect.get(target, name)),
            });
            Object.defineProperty(performance, 'timeOrigin', { get: () => origin + skew });
        })();
        """;

    // plotly.js throws while it draws some layout values the server takes (a tickformatstops entry without a proper
    // dtickrange). The page stopped drawing for good then, its state still "live", until someone reloaded it.
    [Fact]
    public async Task AFigurePlotlyCannotDrawStopsNothingAndTheOwnersFixDrawsAgain()
    {
        TestServer server = browser.Server;
        string plot = await server.CreatePlotAsync("refused-layout-token", filename: "refused-layout-token");
        string owner = await server.OwnerPathAsync(plot);
        await using IPage page = await OpenAsync(server, plot);
        await using RawConnection stream = await RawConnection.OpenAsync(server.Port);
        await stream.SendAsync(StreamHead("refused-layout-token") + Chunk("{\"x\":1,\"y\":60}\n"));
        await page.WaitForFunctionAsync("() => window.streamViewer.renders.some(r => r.lastX[0] === 1)", null, new() { Timeout = WaitMilliseconds });

        Assert.Equal(HttpStatusCode.OK, (await server.RelayoutAsync(owner, """{"xaxis.tickformatstops":[{"dtickrange":"bad"}]}""")).StatusCode);
        await page.WaitForFunctionAsync("() => window.streamViewer.drawFailures > 0", null, new() { Timeout = WaitMilliseconds });
        Assert.Equal(HttpStatusCode.OK, (await server.RelayoutAsync(owner, """{"xaxis.tickformatstops":null}""")).StatusCode);
        await stream.SendAsync(Chunk("{\"x\":2,\"y\":61}\n"));

        await page.WaitForFunctionAsync("() => window.streamViewer.renders.some(r => r.lastX[0] === 2)", null, new() { Timeout = WaitMilliseconds });
        await stream.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
    }

    // Plotly's clients use scattergl for plots of many points. The page's Content-Security-Policy allows no eval, which the
    // WebGL code of the default plotly.js bundle needs: such a plot said "WebGL is not supported by your browser".
    [Fact]
    public async Task AWebGlTraceIsDrawnUnderThePagesContentSecurityPolicy()
    {
        TestServer server = browser.Server;
        JsonObject reply = await server.ClientRespAsync(
            """[{"x":[1,2,3],"y":[60,62,61],"type":"scattergl","mode":"lines","stream":{"token":"webgl-stream-token","maxpoints":500}}]""",
            """{"filename":"webgl-stream-token","fileopt":"overwrite"}""");
        Assert.Equal("", (string?)reply["error"]);
        await using IPage page = await browser.Context.NewPageAsync();
        await page.AddInitScriptAsync("window.cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));");
        await LoadAsync(page, new Uri(server.Host.HttpBaseUrl, new Uri((string)reply["url"]!).AbsolutePath));

        await page.WaitForFunctionAsync("() => document.querySelector('#plot .gl-container canvas') !== null", null, new() { Timeout = WaitMilliseconds });
        Assert.Equal("[]", await page.EvaluateAsync<string>("JSON.stringify(window.cspViolations)"));
        Assert.DoesNotContain("WebGL is not supported", await page.TextContentAsync("#plot"));
    }

    [Fact]
    public async Task AHiddenPageDrawsNothingAndShowsTheNewestPointWhenShownAgain()
    {
        TestServer server = browser.Server;
        string plot = await server.CreatePlotAsync("hidden-stream-token", filename: "hidden-stream-token");
        await using IPage page = await OpenAsync(server, plot);
        await using RawConnection stream = await RawConnection.OpenAsync(server.Port);
        await stream.SendAsync(StreamHead("hidden-stream-token") + Chunk("{\"x\":1,\"y\":60}\n"));
        await page.WaitForFunctionAsync("() => window.streamViewer.renders.some(r => r.lastX[0] === 1)", null, new() { Timeout = WaitMilliseconds });

        // The tab goes to the background, as the browser reports it: document.hidden and a visibilitychange event.
        await page.EvaluateAsync("""
            () => {
                Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.testHidden });
                window.testHidden = true;
                document.dispatchEvent(new Event('visibilitychange'));
            }
            """);
        int drawsBefore = await page.EvaluateAsync<int>("window.streamViewer.drawsBegun");
        for (int x = 2; x <= 4; x++)
        {
            await stream.SendAsync(Chunk($"{{\"x\":{x},\"y\":60}}\n"));
            await Task.Delay(100); // three events, not one frame (setup, not an assertion)
        }

        await page.WaitForFunctionAsync("() => window.streamViewer.figure.data[0].x.length === 4", null, new() { Timeout = WaitMilliseconds });
        // A page that drew while hidden would have set a timer for its next grid line, at most two grid intervals after
        // the last point came; a timer set now for two intervals runs after it (timers run in the order they fall due),
        // so by then such a draw has begun, however busy the machine.
        await page.EvaluateAsync("() => new Promise(done => setTimeout(done, 2 * Number(document.getElementById('plot').dataset.gridMs) + 1))");
        Assert.Equal(drawsBefore, await page.EvaluateAsync<int>("window.streamViewer.drawsBegun"));

        await page.EvaluateAsync("() => { window.testHidden = false; document.dispatchEvent(new Event('visibilitychange')); }");
        await page.WaitForFunctionAsync("() => window.streamViewer.renders.some(r => r.lastX[0] === 4)", null, new() { Timeout = WaitMilliseconds });
        Assert.Equal(4, await page.EvaluateAsync<int>("document.getElementById('plot').data[0].x.length"));
        await stream.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
    }

    /// <summary>The owner opens /~USER/N with the key (here: sent with the page's own request only, as a browser sends
    /// none unasked and /~USER/N answers 404 without it): the page streams from the share link and offers it, and its
    /// embed code, for sharing.</summary>
    [Fact]
    public async Task TheOwnersPageStreamsFromAndOffersTheShareLink()
    {
        TestServer server = browser.Server;
        string link = await server.CreatePlotAsync("owner-page-stream-token", filename: "owner-page-stream-token");
        string ownerPath = await server.OwnerPathAsync(link);
        var ownerPage = new Uri(server.Host.HttpBaseUrl, ownerPath);
        await using IPage page = await browser.Context.NewPageAsync();
        await page.RouteAsync(ownerPage.ToString(), async route =>
        {
            var headers = new Dictionary<string, string>(route.Request.Headers)
            {
                ["Authorization"] = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{TestServer.Alice}:{TestServer.AliceKey}")),
            };
            await route.ContinueAsync(new() { Headers = headers });
        });
        await using RawConnection stream = await RawConnection.OpenAsync(server.Port);
        await stream.SendAsync(StreamHead("owner-page-stream-token") + Chunk("{\"x\":1,\"y\":60}\n"));

        await LoadAsync(page, ownerPage);
        await page.WaitForFunctionAsync("() => window.streamViewer.renders.some(r => r.lastX[0] === 1)", null, new() { Timeout = WaitMilliseconds });
        string origin = server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority);
        Assert.Equal(origin + link, await page.InputValueAsync("#share-link"));
        Assert.Contains($"src=\"{origin}{link}.embed\"", await page.InputValueAsync("#embed-code"));
        await stream.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
    }

    [Fact]
    public async Task TraceNamesAndTextNeverRunAsScript()
    {
        TestServer server = browser.Server;
        string hostileName = "<img src=x onerror=\\\"window.injected=1\\\">";
        System.Text.Json.Nodes.JsonObject reply = await server.ClientRespAsync(
            $$$"""[{"x":[],"y":[],"name":"{{{hostileName}}}","showlegend":true,"stream":{"token":"hostile-stream-token"}},{"x":[1],"y":[1],"name":"<script>window.injected=2</script>"}]""",
            """{"filename":"<script>window.injected=3</script>","fileopt":"overwrite"}""");
        string plot = new Uri((string)reply["url"]!).AbsolutePath;
        await server.ExchangeAsync(StreamHead("hostile-stream-token") + Chunk("{\"x\":1,\"y\":2,\"text\":\"<img src=y onerror=window.injected=4>\"}\n") + "0\r\n\r\n");

        await using IPage page = await OpenAsync(server, plot);

        await page.WaitForFunctionAsync("() => document.querySelectorAll('.legendtext').length === 2", null, new() { Timeout = WaitMilliseconds });
        Assert.Equal("undefined", await page.EvaluateAsync<string>("typeof window.injected"));
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('#plot img, #plot script').length"));
    }

    private async Task<IPage> OpenAsync(TestServer server, string plot) =>
        await browser.OpenPlotAsync(plot);

    private static string Timeline(double[] shown, double origin) => string.Join(",", shown.Select(t => t - origin));

    /// <summary>For x = 1..count, the page's clock time (ms) when a finished render first showed it.</summary>
    private static async Task<double[]> ShownTimesAsync(IPage page, int count)
    {
        await page.WaitForFunctionAsync($"() => window.streamViewer.renders.some(r => r.lastX[0] >= {count})", null, new() { Timeout = WaitMilliseconds });
        string json = await page.EvaluateAsync<string>($$"""
            () => JSON.stringify(Array.from({ length: {{count}} }, (_, i) =>
                window.streamViewer.renders.find(r => r.lastX[0] !== null && r.lastX[0] >= i + 1).at))
            """);
        return JsonSerializer.Deserialize<double[]>(json)!;
    }
}
