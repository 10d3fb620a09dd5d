using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Viewer;

/// <summary>GET /p/ID.json on a large plot. It cloned the whole figure under the plot's lock, serialised it, parsed it and
/// serialised it again on every request: two loops of curl on a 14 MB plot stalled its frames for 1.4 s and took the
/// server to 900 MB. Now it is written once per change of the plot and shared. Counted in the plot's own writes of the
/// figure, and in the bytes the process allocates (held under what a write per request costs), not in time; in the
/// measurement collection, so no other test runs meanwhile.</summary>
[Trait("Category", MeasurementCollection.Category)]
[Collection(MeasurementCollection.Name)]
public sealed class FigureJsonCostTests
{
    private const int Points = 10_000;
    private const int Requests = 20;

    [Fact]
    public async Task TheFigureJsonIsWrittenOncePerChangeOfThePlotNotOncePerRequest()
    {
        await using TestServer server = await TestServer.StartAsync(o =>
        {
            o.ThrottleMilliseconds = 0;
            o.PersistIntervalMilliseconds = 50;
        });
        string plot = await server.CreatePlotAsync("large-json-token", maxPoints: Points);
        // About 1 MB of JSON: 10,000 x, y and 90-character texts (with characters the JSON encoder escapes), each column sent
        // as one replacing array.
        string x = "{\"x\":[" + string.Join(",", Enumerable.Range(1, Points)) + "]}\n";
        string y = "{\"y\":[" + string.Join(",", Enumerable.Range(1, Points).Select(i => (60 + (i % 40) + 0.25).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]}\n";
        string text = "{\"text\":[" + string.Join(",", Enumerable.Range(1, Points).Select(i => $"\"{i:D10}<é&>{new string('t', 76)}\"")) + "]}\n";
        await using RawConnection stream = await RawConnection.OpenAsync(server.Port);
        await stream.SendAsync(StreamHead("large-json-token") + Chunk(x) + Chunk(y) + Chunk(text));
        await Eventually.TrueAsync(async () => (await server.FirstTraceAsync(plot))["text"] is JsonArray { Count: Points }, "the columns are applied");

        // What a viewer's snapshot holds (written the old way, by the event stream) is what the JSON serves, byte for byte.
        string body = await GetAsync(server, plot);
        await using (SseReader viewer = await SseReader.OpenAsync(server.Http, plot + "/events"))
        {
            string snapshot = (await viewer.NextAsync()).Data;
            Assert.StartsWith(snapshot[..^1] + ",\"filename\":", body);
        }

        Assert.DoesNotContain("large-json-token", body);
        long size = Encoding.UTF8.GetByteCount(body);
        Assert.True(size > 1_000_000, $"the figure JSON has {size} bytes");

        // The cached bytes are held by a weak reference: each full collection meanwhile (the rest of the test run makes
        // them) may take them, and the next request writes the figure again; one more write is allowed besides. Counted
        // by the plot itself; the bytes are the whole process's, with whatever else it does meanwhile (one CI run on two
        // busy cores counted 7.5 figures' worth with no write to explain it), so they are only held under what a write
        // per request costs. The code before wrote, parsed and wrote again for each request: about 150 figures.
        Plot held = server.Host.Plots.Find(TestServer.Alice, 0)!;
        await SavedAsync(server); // the saver writes the plot whole once (its appended columns outgrew it): not in the count
        Cost unchanged = await CostOfRequestsAsync(server, plot, held);
        Assert.True(unchanged.Writes <= 1 + unchanged.FullCollections && unchanged.Bytes < WritePerRequest * size,
            $"{Requests} requests of an unchanged {size:N0}-byte figure: {unchanged} (at most {1 + unchanged.FullCollections} writes expected)");

        // A change: the first request after it writes the figure once more (about 1.2 copies: the buffer, and one reference
        // per value taken under the lock), the others share it.
        await using SseReader watcher = await SseReader.OpenAsync(server.Http, plot + "/events");
        await watcher.NextAsync();
        await stream.SendAsync(Chunk("{\"x\":10001,\"y\":61,\"text\":\"new\"}\n"));
        await watcher.ReadUntilAsync(item => item.EventType == "frame" && item.Data.Contains("10001", StringComparison.Ordinal)); // the frame is out: the plot is still
        await SavedAsync(server);
        Cost changed = await CostOfRequestsAsync(server, plot, held);
        Assert.True(changed.Writes >= 1 && changed.Writes <= 1 + changed.FullCollections && changed.Bytes < WritePerRequest * size,
            $"{Requests} requests after a change of a {size:N0}-byte figure: {changed} (one write expected, {1 + changed.FullCollections} at most)");
        Assert.Equal("new", (string?)(await server.FirstTraceAsync(plot))["text"]![Points - 1]);

        await stream.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await stream.ReadToEndAsync()).Status);
    }

    private static async Task<string> GetAsync(TestServer server, string plot)
    {
        using HttpResponseMessage response = await server.Http.GetAsync(plot + ".json");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Reads an answer without keeping it: what the test allocates for it is a few small objects.</summary>
    private static async Task ReadToNothingAsync(TestServer server, string plot)
    {
        using HttpResponseMessage response = await server.Http.GetAsync(plot + ".json", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using Stream body = await response.Content.ReadAsStreamAsync();
        await body.CopyToAsync(Stream.Null);
    }

    private static Task SavedAsync(TestServer server) => Eventually.TrueAsync(
        async () => (int?)JsonNode.Parse(await server.Http.GetStringAsync("/healthz"))!["persistence"]!["pendingPlots"] == 0, "everything is saved");

    // What writing the figure for every request would allocate, in figure sizes: 20 writes of about 1.4.
    private const double WritePerRequest = Requests * 1.4;

    /// <summary>What <see cref="Requests"/> requests of the figure cost: the plot's writes of it, the bytes the process
    /// allocated, and the full collections meanwhile (each may take the cached bytes).</summary>
    private static async Task<Cost> CostOfRequestsAsync(TestServer server, string link, Plot plot)
    {
        long writes = plot.FigureWrites;
        int collections = GC.CollectionCount(2);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < Requests; i++)
        {
            await ReadToNothingAsync(server, link);
        }

        return new Cost(plot.FigureWrites - writes, GC.GetTotalAllocatedBytes(precise: true) - before, GC.CollectionCount(2) - collections);
    }

    private sealed record Cost(long Writes, long Bytes, int FullCollections)
    {
        public override string ToString() => $"{Writes} writes, {Bytes:N0} bytes allocated, {FullCollections} full collections";
    }
}
