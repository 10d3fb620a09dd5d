using System.Net.ServerSentEvents;
using System.Text;
using HeartRateStreamer.StreamServer.Cluster;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using HeartRateStreamer.StreamServer.Viewer;
using StackExchange.Redis;
using static HeartRateStreamer.StreamServer.Tests.Cluster.ClusterTestDevice;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>A plot's history in Redis, from which any node resumes a viewer with Last-Event-ID when its own replay buffer
/// cannot (<see cref="PlotRelay.HistoryAfterAsync"/>): it keeps what a node's replay buffer keeps.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterHistoryTests(PostgresServer postgres)
{
    private const int ReplayBytes = 64 * 1024; // --replay-bytes at its least

    // Before, the history was trimmed by count alone (about 1200 events, XADD MAXLEN ~): a plot of large events kept far
    // more than --replay-bytes in Redis (here all 40 frames, 160 KB). Now it keeps what a node's replay buffer keeps: the
    // newest events within --replay-bytes, exactly.
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
        await using (RawConnection device = await ConnectAsync(a.Port))
        {
            for (int x = 1; x <= Points; x++)
            {
                await device.SendAsync(RawHttp.Chunk($$"""{"x":{{x}},"y":{{x}},"text":"{{text}}"}""" + "\n"));
                await Task.Delay(CadenceMilliseconds);
            }

            await EndWith200Async(device);
        }

        List<SseItem<string>> seenOnA = await ReadUntilXAsync(onA, Points);
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

    // The plot's history as Redis holds it, each event as viewers get it.
    private static async Task<List<SseEvent>> HistoryAsync(TwoNodes nodes, TestServer node, string link)
    {
        (string owner, int number) = await OwnerAndNumberAsync(node, link);
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{nodes.Redis.Port}");
        StreamEntry[] entries = await redis.GetDatabase().StreamRangeAsync(ClusterKeys.History(node.Host.Plots.Find(owner, number)!));
        return [.. entries.Select(entry => ClusterEvent.Parse((byte[])entry["e"]!).ToSseEvent())];
    }
}
