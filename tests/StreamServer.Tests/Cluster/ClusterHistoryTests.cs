using System.Net;
using System.Net.ServerSentEvents;
using System.Text;
using HeartRateStreamer.StreamServer.Cluster;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using HeartRateStreamer.StreamServer.Viewer;
using StackExchange.Redis;
using static HeartRateStreamer.StreamServer.Tests.Cluster.ClusterTestDevice;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>A plot's history in Redis, from which any node resumes a viewer with Last-Event-ID when its own replay buffer
/// cannot (<see cref="PlotRelay.HistoryAfterAsync"/>): it keeps what a node's replay buffer keeps, and is read only for a
/// viewer the plot has room for whose id can name an event.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterHistoryTests(PostgresServer postgres)
{
    private const int ReplayBytes = 64 * 1024; // --replay-bytes at its least

    // Before, the history was trimmed by count alone (about 1200 events, XADD MAXLEN ~): a plot of large events kept far
    // more than --replay-bytes in Redis (here all 40 frames, 160 KB). Now it keeps what the one-plot replay rule keeps
    // (ViewerLimits.PlotReplayKeepsTooMuch): the newest events within --replay-bytes, exactly.
    [Fact]
    public async Task The_history_keeps_the_newest_events_within_replay_bytes_as_a_nodes_replay_buffer_does()
    {
        const int Points = 40;
        string text = new('t', 3_900); // each frame about 4 KB
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres, configure: options =>
        {
            options.ViewerQueueBytes = ReplayBytes;
            options.ReplayBytes = ReplayBytes;
        });
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        string link = await a.CreatePlotAsync(Token);
        await using SseReader onA = await SseReader.OpenAsync(a.Http, link + "/events");
        Assert.Equal("figure", (await onA.NextAsync()).EventType);
        Task<List<SseItem<string>>> seen = ReadUntilXAsync(onA, Points); // read as they come: 160 KB is past what sockets hold
        await SendFramesAsync(a, link, Token, Points, text);

        List<SseItem<string>> seenOnA = await seen;
        List<SseEvent> history = await HistoryAsync(nodes, a, link);

        // The newest events node A sent, within the bound, and not one fewer: the one before would have passed it.
        long bytes = history.Sum(item => (long)item.Length);
        Assert.True(bytes <= ReplayBytes, $"the history holds {history.Count} events, {bytes} bytes, past --replay-bytes {ReplayBytes}");
        List<string> sent = seenOnA.Select(item => item.EventId!).ToList();
        int first = sent.IndexOf(history[0].Id);
        Assert.Equal(sent[first..], history.Select(item => item.Id));
        SseItem<string> before = seenOnA[first - 1];
        Assert.True(bytes + SseEvent.Create(0, before.EventId!, before.EventType, Encoding.UTF8.GetBytes(before.Data)).Length > ReplayBytes,
            $"the history dropped event {before.EventId}, and with it would hold {bytes} bytes and more, within --replay-bytes {ReplayBytes}");

        // Node B, which never followed the plot, resumes a viewer from it: after the history's first event, the rest of it.
        await using (SseReader resumed = await SseReader.OpenAsync(b.Http, link + "/events", lastEventId: history[0].Id))
        {
            var got = new List<string>();
            while (got.Count < history.Count - 1)
            {
                got.Add((await resumed.NextAsync()).EventId!);
            }

            Assert.Equal(history.Skip(1).Select(item => item.Id), got);
        }

        // An event the history let go, as a node's replay buffer did, starts from a snapshot.
        await using SseReader tooOld = await SseReader.OpenAsync(b.Http, link + "/events", lastEventId: seenOnA[first - 2].EventId);
        Assert.Equal("figure", (await tooOld.NextAsync()).EventType);
    }

    // A node's replay buffer keeps a plot's events within the owner's --user-replay-bytes too (all their plots' buffers on
    // that node together), but the history is every node's: the owner's other plots on the builder, a budget of that node's,
    // do not decide it. Before, the history kept what the builder's buffer kept: here, with the owner's other plot holding
    // about 40 KB of the 64 KiB on node A, 6 frames (24 KB) where --replay-bytes allows 16. Now it keeps the newest of its
    // own events within --replay-bytes, as the plot's replay alone would.
    [Fact]
    public async Task The_owners_other_plots_on_the_builder_do_not_shrink_the_history()
    {
        const string OtherToken = "cluster-other-plot-token";
        string text = new('t', 3_900); // each frame about 4 KB
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres, configure: options =>
        {
            options.ViewerQueueBytes = ReplayBytes;
            options.ReplayBytes = ReplayBytes;
            options.UserReplayBytes = ReplayBytes; // at its least: all of the owner's plots within one plot's bound
        });
        TestServer a = nodes.A;
        string other = await a.CreatePlotAsync(OtherToken, filename: "other plot");
        string link = await a.CreatePlotAsync(Token);
        await SendFramesAsync(a, other, OtherToken, 10, text);
        await SendFramesAsync(a, link, Token, 40, text);

        (string owner, int number) = await OwnerAndNumberAsync(a, link);
        Plot plot = a.Host.Plots.Find(owner, number)!;
        await Eventually.TrueAsync(async () => (await HistoryAsync(nodes, a, link))[^1].Id == plot.Replay.LastId, "the history has the plot's last event");
        List<SseEvent> history = await HistoryAsync(nodes, a, link);
        (_, int events, long bytes) = plot.Replay;
        long historyBytes = history.Sum(item => (long)item.Length);

        Assert.True(bytes < ReplayBytes / 2, $"node A's replay buffer of the plot holds {bytes} bytes: the owner's other plot should hold most of --user-replay-bytes");
        Assert.True(historyBytes <= ReplayBytes, $"the history holds {history.Count} events, {historyBytes} bytes, past --replay-bytes {ReplayBytes}");
        Assert.True(historyBytes + history[0].Length > ReplayBytes,
            $"the history holds {history.Count} events, {historyBytes} bytes, where --replay-bytes {ReplayBytes} allows one more (node A's buffer: {events} events, {bytes} bytes)");
    }

    // A node that takes a plot over from a builder that let it go, having followed it (a viewer there), goes on from its
    // mirrored copy with the same ids, and its replay buffer holds only what it mirrored since that viewer came. Before, the
    // history was trimmed to the builder's buffer after each event: the new builder's first event cut it down to that, and
    // a viewer whose last event came before it, resuming on a third node, got a snapshot. Now the history keeps its own
    // events by the plot's rule, and that viewer gets every event it missed, across the hand-over.
    [Fact]
    public async Task A_viewer_resuming_on_a_third_node_just_after_a_takeover_gets_the_events_it_missed()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        await using TestServer c = await StartNodeAsync(nodes.Store, nodes.Redis);
        string link = await a.CreatePlotAsync(Token);
        await using SseReader onA = await SseReader.OpenAsync(a.Http, link + "/events");
        Assert.Equal("figure", (await onA.NextAsync()).EventType);
        await using RawConnection toA = await ConnectAsync(a.Port);
        await StreamPointsAsync(toA, 1, 10);
        List<SseItem<string>> seenOnA = await ReadUntilXAsync(onA, 10);
        await using SseReader onB = await SseReader.OpenAsync(b.Http, link + "/events"); // node B follows the plot from here on
        await StreamPointsAsync(toA, 11, 20);
        await ReadUntilXAsync(onB, 20);
        await EndWith200Async(toA);
        seenOnA.AddRange(await ReadUntilXAsync(onA, 20));

        await nodes.LetGoAsync(a, link);
        await using RawConnection toB = await ConnectAsync(b.Port);
        await StreamPointsAsync(toB, 21, 25); // node B builds the plot on
        await ReadUntilXAsync(onB, 25);
        await EndWith200Async(toB);
        seenOnA.AddRange(await ReadUntilXAsync(onA, 25));
        string last = seenOnA[^1].EventId!;
        Assert.True(SseEventId.TryParseEvent(seenOnA[0].EventId!, out string epoch, out _) && last.StartsWith(epoch + "-", StringComparison.Ordinal),
            $"node B went on with node A's ids (no reload): {seenOnA[0].EventId} ... {last}");
        await Eventually.TrueAsync(async () => (await HistoryAsync(nodes, b, link))[^1].Id == last, "the history has node B's last event");

        // The viewer's last event is from before node B followed the plot: only the history holds what came after it.
        int resumeAt = seenOnA.FindIndex(item => XValues(item).Contains(5));
        List<SseItem<string>> missed = seenOnA.Skip(resumeAt + 1).ToList();
        await using SseReader onC = await SseReader.OpenAsync(c.Http, link + "/events", lastEventId: seenOnA[resumeAt].EventId);
        List<SseItem<string>> resumed = await ReadUntilXAsync(onC, 25);

        Assert.Equal(missed.Select(item => (item.EventId, item.EventType, item.Data)), resumed.Select(item => (item.EventId, item.EventType, item.Data)));
    }

    // An id of an epoch the plot's history holds no event of (a builder before a restart, or none ever) names nothing there,
    // as on one node, where an id of another epoch gets a snapshot. Before, a well-formed one read the whole history
    // (XREVRANGE, page by page) to find nothing; now the node learns from the history's epochs that it has none of it and
    // reads no entry (Redis's MONITOR shows what node B asked), while an id of the builder's epoch still resumes.
    [Fact]
    public async Task A_last_event_id_of_an_epoch_the_history_does_not_hold_reads_no_history()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        string link = await a.CreatePlotAsync(Token);
        await SendFramesAsync(a, link, Token, 5, "");
        (string owner, int number) = await OwnerAndNumberAsync(a, link);
        string history = ClusterKeys.History(a.Host.Plots.Find(owner, number)!).ToString();
        List<SseEvent> held = await HistoryAsync(nodes, a, link);
        Assert.True(SseEventId.TryParseEvent(held[0].Id, out string epoch, out _));
        string unknown = (epoch == "0badbeef" ? "0badbeee" : "0badbeef") + "-2";

        await using RedisMonitor monitor = await RedisMonitor.StartAsync(nodes.Redis.Port);
        await using (SseReader viewer = await SseReader.OpenAsync(b.Http, link + "/events", lastEventId: unknown))
        {
            Assert.Equal("figure", (await viewer.NextAsync()).EventType);
        }

        List<string> asked = await monitor.UntilNowAsync();
        Assert.DoesNotContain(asked, command => command.Contains("\"XREVRANGE\" \"" + history + "\"", StringComparison.Ordinal)
            && !command.Contains("\"COUNT\" \"1\"", StringComparison.Ordinal)); // the builder's appends look at the last entry

        // An id the history holds resumes from it, with the events after it.
        await using SseReader resumed = await SseReader.OpenAsync(b.Http, link + "/events", lastEventId: held[0].Id);
        Assert.Equal(held[1].Id, (await resumed.NextAsync()).EventId);
    }

    // Before, a viewer with a Last-Event-ID this node could not resume read the plot's history first (up to all of it, page
    // by page), and only then was refused for the plot's viewer limit. Now a viewer there is no room for is answered 503
    // at once and sends Redis nothing (before, here, its read waited on the hung Redis until it timed out).
    [Fact]
    public Task A_viewer_refused_for_the_plots_viewer_limit_reads_no_history() =>
        WhileNodeBsRedisHangsAsync(maxViewersOnB: 1, async (b, link, proxy) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, link + "/events");
            request.Headers.Add("Last-Event-ID", "0badbeef-3");
            using HttpResponseMessage refused = await b.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal(0, proxy.HeldChunks);
        });

    // An id no event can have (an epoch not as the server makes them, a snapshot's sequence 0, a sequence with a leading
    // zero) is in no history. Before, any EPOCH-SEQUENCE made the node read the history, all of it for such an id (and
    // "0badbeef-03" did until the id had to be written as the server writes it); now the viewer starts from a snapshot at once.
    [Fact]
    public Task A_last_event_id_that_can_name_no_event_reads_no_history() =>
        WhileNodeBsRedisHangsAsync(maxViewersOnB: ViewerLimits.Default.MaxViewersPerPlot, async (b, link, proxy) =>
        {
            foreach (string id in new[] { "x-3", "0BADBEEF-3", "0badbeef-0", "0badbeef-03" })
            {
                await using SseReader viewer = await SseReader.OpenAsync(b.Http, link + "/events", lastEventId: id);
                Assert.Equal("figure", (await viewer.NextAsync()).EventType);
            }

            Assert.Equal(0, proxy.HeldChunks);
        });

    // The builder's events reach the mirroring nodes whatever becomes of the history. Before, the history's commands and the
    // publish were one script that any error ended, silently (it is fire and forget): with the history's key unusable (here
    // of another type) node B's viewer got nothing more. Now the history's commands are pcall'd and the event is published.
    [Fact]
    public async Task A_history_redis_refuses_to_append_to_does_not_stop_the_events_reaching_the_other_nodes()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        string link = await a.CreatePlotAsync(Token);
        await using SseReader onB = await SseReader.OpenAsync(b.Http, link + "/events");
        await using RawConnection device = await ConnectAsync(a.Port);
        await SendPointAsync(device, 1);
        await ReadUntilXAsync(onB, 1);

        (string owner, int number) = await OwnerAndNumberAsync(a, link);
        await using (ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{nodes.Redis.Port}"))
        {
            await redis.GetDatabase().StringSetAsync(ClusterKeys.History(a.Host.Plots.Find(owner, number)!), "not a stream");
        }

        await SendPointAsync(device, 2);
        await ReadUntilXAsync(onB, 2).WaitAsync(RawHttp.Timeout); // the node's pings would otherwise keep the read waiting
        await EndWith200Async(device);
    }

    // Node A builds the plot, node B reaches Redis through a proxy and follows the plot (a viewer there has the builder's
    // last point, so node B asks Redis for nothing more); then the proxy hangs, and counts what node B sends Redis.
    private async Task WhileNodeBsRedisHangsAsync(int maxViewersOnB, Func<TestServer, string, StallingProxy, Task> test)
    {
        string store = await postgres.NewDatabaseAsync();
        await using RedisServer redis = await RedisServer.StartNewAsync();
        await using StallingProxy proxy = StallingProxy.To(redis.Port);
        await using TestServer a = await StartNodeAsync(store, redis);
        await using TestServer b = await StartNodeAsync(store, $"redis://127.0.0.1:{proxy.Port}", options => options.MaxViewersPerPlot = maxViewersOnB);
        string link = await a.CreatePlotAsync(Token);
        await using SseReader onB = await SseReader.OpenAsync(b.Http, link + "/events");
        await using (RawConnection device = await ConnectAsync(a.Port))
        {
            await StreamPointsAsync(device, 1, 20);
            await ReadUntilXAsync(onB, 20);
            await EndWith200Async(device);
        }

        proxy.Stall();
        try
        {
            await test(b, link, proxy);
        }
        finally
        {
            proxy.Resume();
        }
    }

    // Points 1 to count, each with the text, from a device with the token on the node, at the device's cadence.
    private static async Task SendFramesAsync(TestServer node, string link, string token, int count, string text)
    {
        await using RawConnection device = await ConnectAsync(node.Port, token);
        for (int x = 1; x <= count; x++)
        {
            await device.SendAsync(RawHttp.Chunk($$"""{"x":{{x}},"y":{{x}},"text":"{{text}}"}""" + "\n"));
            await Task.Delay(CadenceMilliseconds);
        }

        await EndWith200Async(device);
        await Eventually.TrueAsync(async () => XColumn(await node.FigureAsync(link)).LastOrDefault() == count, "the node applied the last point");
    }

    // The plot's history as Redis holds it, each event as viewers get it.
    private static async Task<List<SseEvent>> HistoryAsync(TwoNodes nodes, TestServer node, string link)
    {
        (string owner, int number) = await OwnerAndNumberAsync(node, link);
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{nodes.Redis.Port}");
        StreamEntry[] entries = await redis.GetDatabase().StreamRangeAsync(ClusterKeys.History(node.Host.Plots.Find(owner, number)!));
        return [.. entries.Select(entry => ClusterEvent.Parse((byte[])entry["e"]!).ToSseEvent())];
    }
}
