using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Viewer;

/// <summary>GET /~USER/N/events: snapshot first, numbered events, same order for everyone, resume by Last-Event-ID.</summary>
public sealed class EventStreamTests
{

    [Fact]
    public async Task LateJoinerGetsTheCurrentWindowAsItsFirstEvent()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("late-stream-token", maxPoints: 3);
        await server.ExchangeAsync(StreamHead("late-stream-token") + Chunk(string.Concat(Enumerable.Range(1, 5).Select(i => $"{{\"x\":{i},\"y\":{i * 10}}}\n"))) + "0\r\n\r\n");

        await using SseReader viewer = await SseReader.OpenAsync(server.Http, plot + "/events");
        SseItem<string> first = await viewer.NextAsync();

        Assert.Equal("figure", first.EventType);
        JsonNode trace = JsonNode.Parse(first.Data)!["data"]![0]!;
        Assert.Equal("[3,4,5]", trace["x"]!.ToJsonString());
        Assert.Equal("[30,40,50]", trace["y"]!.ToJsonString());
        Assert.Null(trace["stream"]!["token"]);
    }

    [Fact]
    public async Task TwoViewersGetTheSameEventsInTheSameOrder()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("pair-stream-token");
        await using SseReader first = await SseReader.OpenAsync(server.Http, plot + "/events");
        await using SseReader second = await SseReader.OpenAsync(server.Http, plot + "/events");
        Assert.Equal((await first.NextAsync()).EventId, (await second.NextAsync()).EventId);

        await using RawConnection stream = await RawConnection.OpenAsync(server.Port);
        await stream.SendAsync(StreamHead("pair-stream-token"));
        for (int i = 1; i <= 30; i++)
        {
            await stream.SendAsync(Chunk($"{{\"x\":{i},\"y\":{i}}}\n"));
        }

        await stream.SendAsync("0\r\n\r\n");
        Assert.Equal(200, (await stream.ReadToEndAsync()).Status);

        List<SseItem<string>> firstEvents = await first.ReadUntilAsync(ContainsLastPoint);
        List<SseItem<string>> secondEvents = await second.ReadUntilAsync(ContainsLastPoint);
        Assert.Equal(firstEvents.Select(e => (e.EventId, e.EventType, e.Data)), secondEvents.Select(e => (e.EventId, e.EventType, e.Data)));
        Assert.Equal(Enumerable.Range(1, 30), ExtendedX(firstEvents));
    }

    [Fact]
    public async Task ReconnectWithLastEventIdMissesNothing()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("resume-stream-token");
        await using SseReader watcher = await SseReader.OpenAsync(server.Http, plot + "/events");
        SseReader leaver = await SseReader.OpenAsync(server.Http, plot + "/events");
        await watcher.NextAsync();
        await leaver.NextAsync();
        await using RawConnection stream = await RawConnection.OpenAsync(server.Port);
        await stream.SendAsync(StreamHead("resume-stream-token") + Chunk("{\"x\":1,\"y\":1}\n"));
        List<SseItem<string>> beforeLeaving = await leaver.ReadUntilAsync(item => ExtendedX([item]).Contains(1));
        string lastSeen = beforeLeaving[^1].EventId!;
        await leaver.DisposeAsync();

        // Points arrive while the viewer is away, in several frames.
        for (int i = 2; i <= 20; i++)
        {
            await stream.SendAsync(Chunk($"{{\"x\":{i},\"y\":{i}}}\n"));
            if (i % 5 == 0)
            {
                await Eventually.TrueAsync(async () => (await server.FirstTraceAsync(plot))["x"]!.AsArray().Count == i, $"point {i} applied");
            }
        }

        await using SseReader returning = await SseReader.OpenAsync(server.Http, plot + "/events", lastSeen);
        await stream.SendAsync(Chunk("{\"x\":21,\"y\":21}\n") + "0\r\n\r\n");
        List<SseItem<string>> resumed = await returning.ReadUntilAsync(item => ExtendedX([item]).Contains(21));
        List<SseItem<string>> continuous = await watcher.ReadUntilAsync(item => ExtendedX([item]).Contains(21));

        Assert.DoesNotContain(resumed, item => item.EventType == "figure");
        Assert.Equal(Enumerable.Range(2, 20), ExtendedX(resumed));
        Assert.Equal(continuous.SkipWhile(item => item.EventId != lastSeen).Skip(1).Select(item => item.EventId), resumed.Select(item => item.EventId));
    }

    [Fact]
    public async Task ABurstOfPointsReachesViewersInFewFrames()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("burst-stream-token", maxPoints: 1000);
        await using SseReader viewer = await SseReader.OpenAsync(server.Http, plot + "/events");
        await viewer.NextAsync();

        await server.ExchangeAsync(StreamHead("burst-stream-token") + Chunk(string.Concat(Enumerable.Range(1, 500).Select(i => $"{{\"x\":{i}}}\n"))) + "0\r\n\r\n");

        List<SseItem<string>> frames = await viewer.ReadUntilAsync(item => ExtendedX([item]).Contains(500));
        Assert.Equal(Enumerable.Range(1, 500), ExtendedX(frames));
        // One frame per 50 ms at most: 500 points parsed in a few milliseconds need a handful of
        // frames, not 500 (the bound leaves 2.5 s for a starved machine).
        Assert.True(frames.Count <= 50, $"{frames.Count} frames for one burst");
    }

    [Fact]
    public async Task UnknownLastEventIdGetsASnapshot()
    {
        await using TestServer server = await TestServer.StartAsync();
        string plot = await server.CreatePlotAsync("restart-stream-token");

        await using SseReader viewer = await SseReader.OpenAsync(server.Http, plot + "/events", lastEventId: "0000dead-17");

        Assert.Equal("figure", (await viewer.NextAsync()).EventType);
    }

    /// <summary>A plot that gets no points still sends on its event streams: a ping, with no id (the browser's last
    /// event id stays the last real event's) and empty data, so proxies do not cut the stream as idle and the page
    /// can tell a quiet plot from a dead connection.</summary>
    [Fact]
    public async Task AQuietEventStreamIsPingedWithoutAnId()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.PingMilliseconds = 200);
        string plot = await server.CreatePlotAsync("quiet-stream-token");
        using HttpResponseMessage response = await server.Http.GetAsync(plot + "/events", HttpCompletionOption.ResponseHeadersRead);
        using Stream body = await response.Content.ReadAsStreamAsync();
        using var timeout = new CancellationTokenSource(RawHttp.Timeout);
        string text = "";
        byte[] buffer = new byte[64 * 1024];
        while (!text.Contains("event: ping\n", StringComparison.Ordinal))
        {
            int count = await body.ReadAsync(buffer, timeout.Token);
            Assert.True(count > 0, "the event stream ended");
            text += System.Text.Encoding.UTF8.GetString(buffer, 0, count);
        }

        Assert.StartsWith("id: ", text);
        string afterFigure = text[(text.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];
        Assert.StartsWith("event: ping\ndata:\n\n", afterFigure);
    }

    private static bool ContainsLastPoint(SseItem<string> item) => ExtendedX([item]).Contains(30);

    /// <summary>The x values of all "frame" events, in order.</summary>
    public static IEnumerable<int> ExtendedX(IEnumerable<SseItem<string>> items)
    {
        return items.Where(item => item.EventType == "frame")
            .SelectMany(item => JsonNode.Parse(item.Data)!["traces"]!.AsArray())
            .SelectMany(trace => trace!["extend"]!["x"]?.AsArray() ?? [])
            .Select(x => (int)x!)
            .ToList();
    }
}
