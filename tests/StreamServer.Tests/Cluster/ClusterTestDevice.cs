using HeartRateStreamer.StreamServer.LoadBenchmark;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>What the cluster scenarios share: nodes on one PostgreSQL database and one Redis, a device stream on a raw
/// socket (firmware-like: chunked, one object per write), and reading x values out of viewers' events.</summary>
public static class ClusterTestDevice
{
    public const string Token = "cluster-stream-token";

    /// <param name="configure">Settings of this node beyond the store and Redis (limits the test is about).</param>
    public static Task<TestServer> StartNodeAsync(string store, RedisServer redis, Action<StreamServerOptions>? configure = null) =>
        StartNodeAsync(store, redis.Address, configure);

    /// <summary>A node that reaches Redis at <paramref name="redisAddress"/>: through a proxy that lags or hangs.</summary>
    public static Task<TestServer> StartNodeAsync(string store, string redisAddress, Action<StreamServerOptions>? configure = null) =>
        TestServer.StartAsync(options =>
        {
            options.Store = store;
            options.Cluster = redisAddress;
            options.ProxyProtocolPort = LoopbackPort.Free(); // HAProxy's way in, as deployed
            configure?.Invoke(options);
        });

    public static string StreamHead(string token = Token) => RawHttp.StreamHead(token);

    /// <summary>Opens a device stream to <paramref name="port"/> (a node, or HAProxy) and sends its head.</summary>
    public static async Task<RawConnection> ConnectAsync(int port, string token = Token)
    {
        RawConnection device = await RawConnection.OpenAsync(port);
        await device.SendAsync(StreamHead(token));
        return device;
    }

    /// <summary>Ends a device stream with the last chunk and asserts the server's 200 (healthy endpoint disconnect).</summary>
    public static async Task EndWith200Async(RawConnection device)
    {
        await device.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await device.ReadToEndAsync()).Status);
    }

    public static Task SendPointAsync(RawConnection device, int x) => device.SendAsync(RawHttp.Chunk($"{{\"x\":{x},\"y\":{x * 2}}}\n"));

    /// <summary>The firmware's cadence: one object per 50 ms, within the server's throttle (real time: the nodes are real).</summary>
    public const int CadenceMilliseconds = 50;

    /// <summary>Sends points <paramref name="from"/> to <paramref name="to"/> at the firmware's cadence.</summary>
    public static async Task StreamPointsAsync(RawConnection device, int from, int to)
    {
        for (int x = from; x <= to; x++)
        {
            await SendPointAsync(device, x);
            await Task.Delay(CadenceMilliseconds);
        }
    }

    /// <summary>A whole device stream through <paramref name="port"/>: connects, sends points <paramref name="from"/> to
    /// <paramref name="to"/> at the firmware's cadence and ends with the server's 200.</summary>
    public static async Task StreamWholeAsync(int port, int from, int to)
    {
        await using RawConnection device = await ConnectAsync(port);
        await StreamPointsAsync(device, from, to);
        await EndWith200Async(device);
    }

    /// <summary>The x values an event gives a trace: a frame's appended and replaced x, a figure's whole x column.</summary>
    public static IEnumerable<int> XValues(SseItem<string> item, int traceIndex = 0)
    {
        JsonNode data = JsonNode.Parse(item.Data)!;
        if (item.EventType == "figure")
        {
            return data["data"]![traceIndex]!["x"]?.AsArray().Select(x => (int)x!) ?? [];
        }

        if (item.EventType != "frame")
        {
            return [];
        }

        JsonNode? trace = data["traces"]!.AsArray().FirstOrDefault(t => (int)t!["index"]! == traceIndex);
        return (trace?["set"]?["x"] ?? trace?["extend"]?["x"])?.AsArray().Select(x => (int)x!) ?? [];
    }

    /// <summary>The trace's x column as the page builds it from these events (viewer.js applyFrame), starting from an empty
    /// one: a figure or a frame's "set" replaces it, a frame's "extend" appends, without removing duplicates.</summary>
    public static List<int> ViewerXColumn(IEnumerable<SseItem<string>> events, int traceIndex = 0)
    {
        var column = new List<int>();
        foreach (SseItem<string> item in events.Where(e => e.EventType is "figure" or "frame"))
        {
            JsonNode data = JsonNode.Parse(item.Data)!;
            JsonNode? trace = item.EventType == "frame" ? data["traces"]!.AsArray().FirstOrDefault(t => (int)t!["index"]! == traceIndex) : null;
            if (item.EventType == "figure" || trace?["set"]?["x"] is not null)
            {
                column.Clear();
            }

            column.AddRange(XValues(item, traceIndex));
        }

        return column;
    }

    /// <summary>Reads until an event shows x = <paramref name="x"/>; returns every event read.</summary>
    public static Task<List<SseItem<string>>> ReadUntilXAsync(SseReader viewer, int x) => viewer.ReadUntilAsync(item => XValues(item).Contains(x));

    /// <summary>A trace's x column in a figure (.json) or a stored data_json.</summary>
    public static List<int> XColumn(JsonNode figureOrData, int traceIndex = 0) =>
        ((figureOrData as JsonObject)?["data"] ?? figureOrData)![traceIndex]!["x"]?.AsArray().Select(x => (int)x!).ToList() ?? [];

    /// <summary>The plot as the store holds it, read as a starting node reads it (its row with the objects streamed into it
    /// since): what survives the cluster.</summary>
    public static async Task<StoredPlot> StoredAsync(string store, TestServer node, string link)
    {
        (string owner, int number) = await OwnerAndNumberAsync(node, link);
        using var database = new PostgresStore(PostgresAddress.Parse(store).ConnectionString);
        using var registry = new PlotRegistry(50, IPlotChangeListener.None);
        Plot plot = PlotLoader.Reload(database, registry, owner, number) ?? throw new InvalidOperationException($"the store has no row for {link}");
        return plot.ToStored();
    }

    /// <summary>The owner and number of the plot at <paramref name="link"/>, from the owner's path the node gives (/~alice/0).</summary>
    public static async Task<(string Owner, int Number)> OwnerAndNumberAsync(TestServer node, string link)
    {
        string[] path = (await node.OwnerPathAsync(link)).TrimStart('/', '~').Split('/');
        return (path[0], int.Parse(path[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Whether the node's saver has nothing left to write (/healthz).</summary>
    public static async Task<bool> SavedAllAsync(TestServer node) => (int)JsonNode.Parse(await HealthAsync(node))!["persistence"]!["pendingPlots"]! == 0;

    public static async Task<string> HealthAsync(TestServer node)
    {
        using HttpResponseMessage response = await node.Http.GetAsync("/healthz");
        Assert.Equal(200, (int)response.StatusCode); // a node without Redis still serves: HAProxy must keep it
        return await response.Content.ReadAsStringAsync();
    }
}
