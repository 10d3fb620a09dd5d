using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Cluster;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Cluster.ClusterTestDevice;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>A node that does not build a plot hands what its streams accept to the node that does, through Redis
/// (<see cref="PlotRelay.ForwardStreamed"/>). What it takes must be answered as one node would answer it, and what waits
/// on it for Redis must stay bounded.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ForwardingTests(PostgresServer postgres)
{
    private const string OnA = "cluster-token-on-a";

    // Its lines wait on the node for Redis one after another, each a round trip, and nothing on the ingest path waits for
    // them. Before, when Redis answered slower than the lines came, what waited grew without end (the review: up to
    // 20 lines/s of 1 MiB per stream); now one plot's lines hold at most --replay-bytes, past which the stream is ended
    // with 503, and the device, reconnecting and sending again, loses nothing.
    [Fact]
    public async Task A_node_whose_lines_wait_for_a_slow_redis_holds_at_most_its_bound_ends_the_stream_with_503_and_loses_nothing()
    {
        const int Bound = 64 * 1024; // --replay-bytes at its least: 16 of these lines
        const int Points = 60; // 3 s at the firmware's cadence, 240 KB
        string text = new('t', 3_900); // each line about 4 KB, within a point's 4 KiB
        string store = await postgres.NewDatabaseAsync();
        await using RedisServer redis = await RedisServer.StartNewAsync();
        await using LaggingProxy slow = LaggingProxy.To(redis.Port);
        await using TestServer a = await StartNodeAsync(store, redis);
        await using TestServer b = await TestServer.StartAsync(options =>
        {
            options.Store = store;
            options.Cluster = $"redis://127.0.0.1:{slow.Port}"; // node B alone reaches Redis through the proxy
            options.ViewerQueueBytes = Bound;
            options.ReplayBytes = Bound;
        });

        string link = await CreateTwoTracePlotAsync(a, """{"filename":"forwarded","fileopt":"overwrite"}""");
        await using RawConnection onA = await ConnectAsync(a.Port, OnA);
        await SendPointAsync(onA, 1);
        await Eventually.TrueAsync(async () => XColumn(await a.FigureAsync(link)).Contains(1), "node A builds the plot");
        await Eventually.TrueAsync(async () => (await b.Http.GetStringAsync("/healthz")).Contains("\"cluster\":\"connected\""), "node B reaches Redis");
        (string owner, int number) = await OwnerAndNumberAsync(b, link);
        var relay = (PlotRelay)b.Host.Plots.Find(owner, number)!.Relay!;

        // Each round trip of node B now takes 200 ms: its forwards pass about 5 lines a second, far below the device's 20,
        // and far within StackExchange.Redis's 2 s timeout, so every line still goes through Redis to node A.
        slow.Lag = TimeSpan.FromMilliseconds(100);
        int sent = 0;
        RawResponse answer;
        await using (RawConnection device = await ConnectAsync(b.Port))
        {
            Task<RawResponse> answered = device.ReadToEndAsync();
            try
            {
                while (sent < Points && !answered.IsCompleted)
                {
                    await device.SendAsync(RawHttp.Chunk($$"""{"x":{{sent + 1}},"y":{{sent + 1}},"text":"{{text}}"}""" + "\n"));
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

            answer = await answered;
        }

        Assert.True(relay.PeakForwardBytes <= Bound, $"node B held {relay.PeakForwardBytes} bytes of lines for Redis, past its {Bound} (--replay-bytes); {sent} lines were sent");
        Assert.Equal(503, answer.Status);
        Assert.Contains("--replay-bytes", (string?)answer.Json["detail"]);
        long received = answer.Count("received");
        Assert.InRange(received, 1, sent - 1);

        // Redis keeps up again; what node B held reaches node A, and the device's next connection sends on from the line
        // refused (the firmware resends its window): node A's trace holds every point once, in order.
        await Eventually.TrueAsync(() => Task.FromResult(relay.ForwardBytes == 0), "node B handed on every line it had taken", timeoutSeconds: 60);
        slow.Lag = TimeSpan.Zero;
        await SendHeartbeatAsync(onA);
        await using (RawConnection again = await ConnectAsync(b.Port))
        {
            for (long x = received + 1; x <= Points; x++)
            {
                await again.SendAsync(RawHttp.Chunk($$"""{"x":{{x}},"y":{{x}},"text":"{{text}}"}""" + "\n"));
                await Task.Delay(CadenceMilliseconds);
            }

            await EndWith200Async(again);
        }

        await Eventually.TrueAsync(async () => XColumn(await a.FigureAsync(link), 1).LastOrDefault() == Points, "node A applied the device's last point");
        Assert.Equal(Enumerable.Range(1, Points), XColumn(await a.FigureAsync(link), 1));
        await EndWith200Async(onA);
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
