using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Cluster;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Xunit.Abstractions;
using static HeartRateStreamer.StreamServer.Tests.Cluster.ClusterTestDevice;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>A node that does not build a plot hands what its streams accept to the node that does, through Redis
/// (<see cref="PlotRelay.ForwardStreamed"/>). What it takes must be answered as one node would answer it, and what waits
/// on it for Redis must stay bounded.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ForwardingTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const string OnA = "cluster-token-on-a";

    private const int Bound = 64 * 1024; // --replay-bytes at its least

    // What waits on the node for Redis is bounded. Before, when Redis answered slower than the lines came, it grew without
    // end (the review: up to 20 lines/s of 1 MiB per stream); now one plot's lines hold at most --replay-bytes, past which
    // the stream is ended with 503, and the device, reconnecting and sending again, loses nothing.
    [Fact]
    public async Task A_node_whose_lines_wait_for_a_slow_redis_holds_at_most_its_bound_ends_the_stream_with_503_and_loses_nothing()
    {
        const int Points = 60; // 3 s at the firmware's cadence, 240 KB
        string text = new('t', 3_900); // each line about 4 KB, within a point's 4 KiB: 16 of them fill the bound
        await using SlowNode<LaggingProxy> nodes = await SlowNode.StartAsync(postgres);

        // Each round trip of node B now takes 800 ms: meanwhile the device sends 16 lines, which wait for the next one
        // beside those on their way, so what waits passes the bound within two round trips; and 800 ms is far within
        // StackExchange.Redis's 2 s timeout, so every line taken still goes through Redis to node A.
        nodes.Proxy.Lag = TimeSpan.FromMilliseconds(400);
        (int sent, RawResponse answer) = await SendUntilAnsweredAsync(nodes.B.Port, Points, text);

        Assert.True(nodes.Relay.PeakForwardBytes <= Bound, $"node B held {nodes.Relay.PeakForwardBytes} bytes of lines for Redis, past its {Bound} (--replay-bytes); {sent} lines were sent");
        Assert.Equal(503, answer.Status);
        Assert.Contains("--replay-bytes", (string?)answer.Json["detail"]);
        long received = answer.Count("received");
        Assert.InRange(received, 1, sent - 1);

        // Redis keeps up again; what node B held reaches node A, and the device's next connection sends on from the line
        // refused (the firmware resends its window): node A's trace holds every point once, in order.
        await Eventually.TrueAsync(() => Task.FromResult(nodes.Relay.ForwardBytes == 0), "node B handed on every line it had taken", timeoutSeconds: 60);
        nodes.Proxy.Lag = TimeSpan.Zero;
        await SendHeartbeatAsync(nodes.DeviceOnA);
        await using (RawConnection again = await ConnectAsync(nodes.B.Port))
        {
            for (long x = received + 1; x <= Points; x++)
            {
                await again.SendAsync(Line(x, text));
                await Task.Delay(CadenceMilliseconds);
            }

            await EndWith200Async(again);
        }

        await nodes.AllPointsReachNodeAAsync(Points);
    }

    // The lines that come while a round trip to Redis is under way go together in the next one, in order. Before, each
    // took a round trip of its own: at 100 ms a round trip node B passed fewer than 10 lines a second of the device's 20,
    // and its stream was answered 503 once the bound waited (here within 6 s). Now every line passes at the device's
    // cadence, with about a sixth of the bound waiting at most: room for a pause of a busy machine. The figures go to the
    // test's output (Cluster/README.md has them, before and after).
    [Fact]
    public async Task A_node_whose_round_trips_to_redis_take_100_ms_passes_every_line_at_the_devices_cadence()
    {
        const int Points = 160; // 8 s at the firmware's cadence, 320 KB
        string text = new('t', 1_900); // each line about 2 KB
        await using SlowNode<LaggingProxy> nodes = await SlowNode.StartAsync(postgres, replayBytes: 2 * Bound);
        nodes.Proxy.Lag = TimeSpan.FromMilliseconds(50);
        var clock = Stopwatch.StartNew();
        (int sent, RawResponse answer) = await SendUntilAnsweredAsync(nodes.B.Port, Points, text);
        TimeSpan sending = clock.Elapsed;
        await Eventually.TrueAsync(() => Task.FromResult(nodes.Relay.ForwardBytes == 0), "node B handed on every line it had taken", timeoutSeconds: 60);
        long received = answer.Count("received");
        output.WriteLine($"100 ms round trips to Redis: {sent} lines of about 2 KB sent in {sending.TotalSeconds:F1} s, answered {answer.Status} "
            + $"with {received} received; all handed on after {clock.Elapsed.TotalSeconds:F1} s ({received / clock.Elapsed.TotalSeconds:F1} lines/s); "
            + $"at most {nodes.Relay.PeakForwardBytes} bytes waited (bound {2 * Bound})");

        Assert.Equal(200, answer.Status);
        Assert.Equal(Points, received);
        await nodes.AllPointsReachNodeAAsync(Points);
    }

    // A round trip hands on at most PlotRelay.ForwardBatchBytes of lines. Before, a batch took up to 500 lines whatever
    // their size (here all but the first of 400 lines of 4 KB, 1.6 MB in one script): the round trip likeliest to time
    // out, and one Redis fails is applied on node B's copy as a whole. Every line still reaches the builder, in order.
    [Fact]
    public async Task A_node_hands_on_at_most_a_mebibyte_of_lines_per_round_trip()
    {
        const int Points = 400;
        string text = new('t', 3_900); // each line about 4 KB
        await using SlowNode<LaggingProxy> nodes = await SlowNode.StartAsync(postgres, replayBytes: 4 * PlotRelay.ForwardBatchBytes, throttle: false);
        nodes.Proxy.Lag = TimeSpan.FromMilliseconds(500); // all the lines come within the first round trip
        await using (RawConnection device = await ConnectAsync(nodes.B.Port))
        {
            for (int x = 1; x <= Points; x++)
            {
                await device.SendAsync(Line(x, text));
            }

            await EndWith200Async(device);
        }

        await Eventually.TrueAsync(() => Task.FromResult(nodes.Relay.ForwardBytes == 0), "node B handed on every line it had taken", timeoutSeconds: 60);
        Assert.True(nodes.Relay.LargestBatchBytes <= PlotRelay.ForwardBatchBytes,
            $"node B handed on {nodes.Relay.LargestBatchBytes} bytes of lines in one round trip, past {PlotRelay.ForwardBatchBytes}");
        nodes.Proxy.Lag = TimeSpan.Zero;
        await nodes.AllPointsReachNodeAAsync(Points);
    }

    // A node with a stream of a plot another node builds asks every tick whether that builder still lives (a takeover step,
    // two round trips). Before, it queued one every tick: at a second a round trip the steps came faster than they ran,
    // and the stream's lines waited behind an ever longer chain (here 4 steps and more within 10 s). Now a takeover that
    // waits does for every tick meanwhile: one runs and at most one waits.
    [Fact]
    public async Task A_node_whose_round_trips_to_redis_take_a_second_queues_no_takeover_while_one_waits()
    {
        await using SlowNode<LaggingProxy> nodes = await SlowNode.StartAsync(postgres);
        await using (RawConnection device = await ConnectAsync(nodes.B.Port))
        {
            await SendPointAsync(device, 1);
            await Eventually.TrueAsync(async () => XColumn(await nodes.A.FigureAsync(nodes.Link), 1).Contains(1), "node A applied node B's line");
            nodes.Proxy.Lag = TimeSpan.FromMilliseconds(500);
            for (int second = 0; second < 10; second++)
            {
                await Task.Delay(1000);
                await SendHeartbeatAsync(device);
            }

            output.WriteLine($"1 s round trips to Redis: at most {nodes.Relay.PeakPendingSteps} steps waited or ran at once on node B");
            Assert.InRange(nodes.Relay.PeakPendingSteps, 1, 2);
            nodes.Proxy.Lag = TimeSpan.Zero;
            await SendPointAsync(device, 2);
            await EndWith200Async(device);
        }

        await nodes.AllPointsReachNodeAAsync(2);
    }

    // An owner edit overtakes none of the lines the node took before it. Before, a node that had just taken the plot over
    // (its takeover step still draining the queue, the device's lines waiting behind it) applied an edit at once, ahead of
    // those lines: its viewers got the relayout before the frame with them. Now the edit waits its turn behind them.
    [Fact]
    public async Task An_owner_edit_on_a_node_that_just_took_the_plot_over_comes_after_the_lines_it_took_before()
    {
        await using SlowNode<LaggingProxy> nodes = await SlowNode.StartAsync(postgres);
        await using SseReader onB = await SseReader.OpenAsync(nodes.B.Http, nodes.Link + "/events");
        Assert.Equal("figure", (await onB.NextAsync()).EventType);
        await using RawConnection device = await ConnectAsync(nodes.B.Port);
        (string owner, int number) = await OwnerAndNumberAsync(nodes.A, nodes.Link);
        var onA = (PlotRelay)nodes.A.Host.Plots.Find(owner, number)!.Relay!;

        // Node A lets the idle plot go; node B's round trips take 1.6 s, so its takeover (a drain of the queue, once it is
        // the builder) lasts seconds, while the device's lines wait behind it.
        nodes.Proxy.Lag = TimeSpan.FromMilliseconds(800);
        await EndWith200Async(nodes.DeviceOnA);
        await Eventually.TrueAsync(() => Task.FromResult(!onA.IsBuilder), "node A let the idle plot go", timeoutSeconds: 30);
        int sent = 0;
        while (!nodes.Relay.IsBuilder)
        {
            Assert.True(sent < 600, "node B did not take the plot over within 30 s");
            await SendPointAsync(device, ++sent);
            await Task.Delay(CadenceMilliseconds);
        }

        using HttpResponseMessage edited = await PostLayoutAsync(nodes.B, nodes.Link, """{"title.text":"after the lines"}""");
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        List<SseItem<string>> events = await onB.ReadUntilAsync(item => item.EventType == "relayout");
        Assert.Contains(sent, ViewerXColumn(events, 1));
        nodes.Proxy.Lag = TimeSpan.Zero;
        await EndWith200Async(device);
    }

    // A batch whose script Redis ran but whose answer did not come in time (StackExchange.Redis's 2 s) went into the queue
    // all the same. Before, node B then applied it on its own copy as well, as if Redis had failed it, and the builder applied
    // it from the queue: node B's copy (and its viewers) had the line twice. Now node B asks Redis whether the batch went
    // in, and leaves it to the builder when it did (here that ask is what lets the proxy pass the held answers on).
    [Fact]
    public async Task A_batch_redis_queued_but_whose_answer_timed_out_is_applied_once()
    {
        await using SlowNode<ReplyHoldingProxy> nodes = await SlowNode<ReplyHoldingProxy>.StartAsync(postgres, ReplyHoldingProxy.To);
        await using SseReader onB = await SseReader.OpenAsync(nodes.B.Http, nodes.Link + "/events"); // node B follows the plot
        Assert.Equal("figure", (await onB.NextAsync()).EventType);
        await using RawConnection device = await ConnectAsync(nodes.B.Port);
        await SendPointAsync(device, 1);
        await Eventually.TrueAsync(async () => XColumn(await nodes.B.FigureAsync(nodes.Link), 1).Contains(1), "node B has the builder's first point");

        // The answer to the script carrying point 2, and to what follows it on that connection, waits in the proxy; the
        // script itself reaches Redis and queues the line, and the builder applies it.
        nodes.Proxy.HoldAfter("\"x\":2,", releaseText: ":batch:");
        await SendPointAsync(device, 2);
        await Eventually.TrueAsync(async () => XColumn(await nodes.A.FigureAsync(nodes.Link), 1).Contains(2), "node A applied point 2 from the queue");
        await Eventually.TrueAsync(() => Task.FromResult(nodes.Relay.ForwardBytes == 0), "node B's step with point 2 ended", timeoutSeconds: 30);
        Assert.Equal(1, nodes.Proxy.HeldConnections);
        nodes.Proxy.Release();

        // Point 3 comes after point 2 on node B's copy, from the builder's frames or its own: once it is there, point 2 is
        // there as it will stay.
        await SendPointAsync(device, 3);
        await Eventually.TrueAsync(async () => XColumn(await nodes.B.FigureAsync(nodes.Link), 1).Contains(3), "node B has point 3");
        Assert.Equal([1, 2, 3], XColumn(await nodes.B.FigureAsync(nodes.Link), 1));
        await EndWith200Async(device);
        await nodes.AllPointsReachNodeAAsync(3);
    }

    private static Task<HttpResponseMessage> PostLayoutAsync(TestServer node, string link, string json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, link + "/layout") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestServer.Alice}:{TestServer.AliceKey}")));
        return node.Http.SendAsync(request);
    }

    // A layout in a streamed line (Python's Stream.write(trace, layout=...) puts one in every line) is checked against the
    // plot's style budget. Before, a node that did not build the plot forwarded it unchecked and answered 200, counting it
    // received, and the builder refused the whole object, points included, without a word. Now it is answered 413 there,
    // as on one node.
    [Fact]
    public async Task A_streamed_layout_past_the_style_budget_is_answered_413_by_a_node_that_does_not_build_the_plot()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        string filler = new('v', 1_000_000); // the layout's budget is 1 MiB
        string link = await CreateTwoTracePlotAsync(a, $$$"""{"filename":"full layout","fileopt":"overwrite","layout":{"filler":"{{{filler}}}"}}""");
        await using RawConnection onA = await ConnectAsync(a.Port, OnA);
        await SendPointAsync(onA, 1);
        await Eventually.TrueAsync(async () => XColumn(await a.FigureAsync(link)).Contains(1), "node A builds the plot");

        string title = new('t', 60 * 1024);
        RawResponse refused = await RawHttp.ExchangeAsync(b.Port, Encoding.UTF8.GetBytes(
            StreamHead() + RawHttp.Chunk($$$"""{"x":1,"y":1,"layout":{"title.text":"{{{title}}}"}}""" + "\n") + "0\r\n\r\n"));

        Assert.Equal(413, refused.Status);
        Assert.Contains("layout and style would pass", (string?)refused.Json["detail"]);
        Assert.Equal(0, refused.Count("received"));

        // The same stream's next line, without a layout, reaches the builder; the refused one left nothing there.
        await using (RawConnection device = await ConnectAsync(b.Port))
        {
            await SendPointAsync(device, 2);
            await EndWith200Async(device);
        }

        await Eventually.TrueAsync(async () => XColumn(await a.FigureAsync(link), 1).Contains(2), "node A applied the next line");
        Assert.Equal(new[] { 2 }, XColumn(await a.FigureAsync(link), 1));
        Assert.Null((await a.FigureAsync(link))["layout"]!["title"]);
        await EndWith200Async(onA);
    }

    // Sends points 1 to the last, each with the text, to the port at the device's cadence, or until the node answers; ends
    // the stream when all went.
    private static async Task<(int Sent, RawResponse Answer)> SendUntilAnsweredAsync(int port, int points, string text)
    {
        int sent = 0;
        await using RawConnection device = await ConnectAsync(port);
        Task<RawResponse> answered = device.ReadToEndAsync();
        try
        {
            while (sent < points && !answered.IsCompleted)
            {
                await device.SendAsync(Line(sent + 1, text));
                sent++;
                await Task.Delay(CadenceMilliseconds);
            }

            if (!answered.IsCompleted)
            {
                await device.SendAsync("0\r\n\r\n");
            }
        }
        catch (IOException)
        {
            // the node answered and closed while a line was on its way
        }

        return (sent, await answered);
    }

    private static string Line(long x, string text) => RawHttp.Chunk($$"""{"x":{{x}},"y":{{x}},"text":"{{text}}"}""" + "\n");

    // Node A builds the plot (a device of its own streams trace 0); node B, which the device under test streams trace 1 to,
    // reaches Redis through a proxy that delays its round trips once Lag is set (node A's are not), and holds at most
    // replayBytes (Bound unless given); without the throttle, B takes lines as fast as they come.
    private static class SlowNode
    {
        public static Task<SlowNode<LaggingProxy>> StartAsync(PostgresServer postgres, long replayBytes = Bound, bool throttle = true) =>
            SlowNode<LaggingProxy>.StartAsync(postgres, LaggingProxy.To, replayBytes, throttle);
    }

    // As above, with node B's proxy to Redis made by proxyTo (from Redis's port).
    private sealed record SlowNode<TProxy>(RedisServer Redis, TProxy Proxy, TestServer A, TestServer B, string Link, PlotRelay Relay, RawConnection DeviceOnA)
        : IAsyncDisposable
        where TProxy : LoopbackProxy
    {
        public static async Task<SlowNode<TProxy>> StartAsync(PostgresServer postgres, Func<int, TProxy> proxyTo, long replayBytes = Bound, bool throttle = true)
        {
            string store = await postgres.NewDatabaseAsync();
            var started = new Stack<IAsyncDisposable>(); // disposed, last first, when a step of the start fails
            try
            {
                RedisServer redis = await RedisServer.StartNewAsync();
                started.Push(redis);
                TProxy proxy = proxyTo(redis.Port);
                started.Push(proxy);
                TestServer a = await StartNodeAsync(store, redis);
                started.Push(a);
                TestServer b = await StartNodeAsync(store, $"redis://127.0.0.1:{proxy.Port}", options =>
                {
                    options.ViewerQueueBytes = replayBytes;
                    options.ReplayBytes = replayBytes;
                    if (!throttle)
                    {
                        options.ThrottleMilliseconds = 0;
                    }
                });
                started.Push(b);
                string link = await CreateTwoTracePlotAsync(a, """{"filename":"forwarded","fileopt":"overwrite"}""");
                RawConnection onA = await ConnectAsync(a.Port, OnA);
                started.Push(onA);
                await SendPointAsync(onA, 1);
                await Eventually.TrueAsync(async () => XColumn(await a.FigureAsync(link)).Contains(1), "node A builds the plot");
                await Eventually.TrueAsync(async () => (await b.Http.GetStringAsync("/healthz")).Contains("\"cluster\":\"connected\""), "node B reaches Redis");
                (string owner, int number) = await OwnerAndNumberAsync(b, link);
                return new SlowNode<TProxy>(redis, proxy, a, b, link, (PlotRelay)b.Host.Plots.Find(owner, number)!.Relay!, onA);
            }
            catch
            {
                while (started.TryPop(out IAsyncDisposable? next))
                {
                    await next.DisposeAsync();
                }

                throw;
            }
        }

        /// <summary>Node A's trace 1 holds every point from 1 to <paramref name="points"/> once, in order; then node A's own
        /// stream ends.</summary>
        public async Task AllPointsReachNodeAAsync(int points)
        {
            await Eventually.TrueAsync(async () => XColumn(await A.FigureAsync(Link), 1).LastOrDefault() == points, "node A applied the device's last point");
            Assert.Equal(Enumerable.Range(1, points), XColumn(await A.FigureAsync(Link), 1));
            await EndWith200Async(DeviceOnA);
        }

        public async ValueTask DisposeAsync()
        {
            await DeviceOnA.DisposeAsync();
            await B.DisposeAsync();
            await A.DisposeAsync();
            await Proxy.DisposeAsync();
            await Redis.DisposeAsync();
        }
    }

    // Trace 0 fed by a device on node A (which makes A the builder), trace 1 by the device under test (ClusterTestDevice.Token).
    private static async Task<string> CreateTwoTracePlotAsync(TestServer node, string kwargs)
    {
        JsonObject reply = await node.ClientRespAsync(
            $$$"""[{"x":[],"y":[],"stream":{"token":"{{{OnA}}}","maxpoints":500}},{"x":[],"y":[],"stream":{"token":"{{{Token}}}","maxpoints":500}}]""", kwargs);
        Assert.Equal("", (string?)reply["error"]);
        return new Uri((string)reply["url"]!).AbsolutePath;
    }

    private static Task SendHeartbeatAsync(RawConnection device) => device.SendAsync(RawHttp.Chunk("\n"));
}
