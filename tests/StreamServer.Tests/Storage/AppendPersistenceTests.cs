using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Storage;

/// <summary>Issue 13, item 6: streamed points are appended, not saved by rewriting the plot; replayed at start-up
/// into the same window; compacted (the plot saved whole again) once they outgrow its whole copy.</summary>
public sealed class AppendPersistenceTests : IDisposable
{
    private readonly string _data = TestServer.NewDataDirectory();

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task StreamedPointsAreAppendedNotRewrittenAndReplayIntoTheSameWindowAndLayout()
    {
        string plot;
        JsonObject before;
        await using (TestServer server = await TestServer.StartAsync(o => { o.ThrottleMilliseconds = 0; o.PersistIntervalMilliseconds = 50; }, _data))
        {
            plot = await server.CreatePlotAsync("appended-stream-token", maxPoints: 20);
            string wholeCopy = (string)StoredDatabase.Scalar(_data, "SELECT data_json FROM plots")!;
            string points = string.Concat(Enumerable.Range(1, 30).Select(i => $"{{\"x\":{i},\"y\":{i * i},\"text\":\"p{i}\"}}\n"))
                + "{\"x\":31,\"y\":0,\"layout\":{\"title.text\":\"from the stream\"}}\n";
            Assert.Equal(200, (await server.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: appended-stream-token\r\n\r\n" + Chunk(points) + "0\r\n\r\n")).Status);
            await Eventually.TrueAsync(() => Task.FromResult((long)StoredDatabase.Scalar(_data, "SELECT count(*) FROM plot_appends")! == 31), "31 streamed objects appended");

            // The whole copy was not touched by the 31 objects.
            Assert.Equal(wholeCopy, StoredDatabase.Scalar(_data, "SELECT data_json FROM plots"));
            before = await server.FigureAsync(plot);
        }

        await using TestServer after = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0, _data);
        JsonObject replayed = await after.FigureAsync(plot);
        Assert.Equal(before["data"]!.ToJsonString(), replayed["data"]!.ToJsonString());
        Assert.Equal("from the stream", (string?)replayed["layout"]!["title"]!["text"]);
        Assert.Equal(Enumerable.Range(12, 20), replayed["data"]![0]!["x"]!.AsArray().Select(x => (int)x!));

        // Loading compacted the plot into one row.
        Assert.Equal(0L, StoredDatabase.Scalar(_data, "SELECT count(*) FROM plot_appends"));
        Assert.Contains("p30", (string)StoredDatabase.Scalar(_data, "SELECT data_json FROM plots")!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendsOutgrowingTheWholeCopyAreCompactedInTheBackground()
    {
        await using TestServer server = await TestServer.StartAsync(o => { o.ThrottleMilliseconds = 0; o.PersistIntervalMilliseconds = 50; }, _data);
        string plot = await server.CreatePlotAsync("compacted-stream-token", maxPoints: 10);
        string text = new('c', 2000);
        int objects = (int)(WriteBehindPersister.MinimumCompactionBytes / text.Length) + 20;
        string points = string.Concat(Enumerable.Range(1, objects).Select(i => $"{{\"x\":{i},\"text\":\"{text}\"}}\n"));
        Assert.Equal(200, (await server.ExchangeAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: compacted-stream-token\r\n\r\n" + Chunk(points) + "0\r\n\r\n")).Status);

        // Where the saver's batches fall depends on how fast the objects arrive: the whole copy is written once the
        // appends since the last one pass the threshold, and the objects after it stay appends (fewer than the threshold).
        long compactionObjects = WriteBehindPersister.MinimumCompactionBytes / text.Length;
        long saved = 0;
        await Eventually.TrueAsync(() =>
        {
            saved = (long)StoredDatabase.Scalar(_data, "SELECT version FROM plots")!;
            long last = StoredDatabase.Scalar(_data, "SELECT max(version) FROM plot_appends") is long newest ? newest : saved;
            return Task.FromResult(saved >= objects - compactionObjects && Math.Max(saved, last) == objects);
        }, "the plot was saved whole past the compaction threshold, and every object is stored");
        Assert.Equal(objects - saved, StoredDatabase.Scalar(_data, "SELECT count(*) FROM plot_appends"));
        JsonNode stored = JsonNode.Parse((string)StoredDatabase.Scalar(_data, "SELECT data_json FROM plots")!)!;
        Assert.Equal(Enumerable.Range((int)saved - 9, 10), stored[0]!["x"]!.AsArray().Select(x => (int)x!));
        Assert.Equal(10, (await server.FirstTraceAsync(plot))["x"]!.AsArray().Count);
    }
}
