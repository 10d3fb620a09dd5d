using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Ingest;

/// <summary>What streamed objects do to a trace: numbers append, arrays replace, maxpoints windows.</summary>
public sealed class StreamSemanticsTests
{

    [Fact]
    public async Task ArraysReplaceNumbersAppendAndMaxPointsKeepsTheNewest()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("semantics-stream-token", maxPoints: 4);
        await using SseReader viewer = await SseReader.OpenAsync(server.Http, plot + "/events");
        await viewer.NextAsync();

        RawResponse response = await server.ExchangeAsync(StreamHead("semantics-stream-token")
            + Chunk("{\"x\":[1,2,3],\"y\":[10,20,30],\"marker\":{\"size\":[5,5,5]}}\n")
            + Chunk("{\"x\":4,\"y\":40,\"marker\":{\"size\":9},\"name\":\"ignored: style is the owner's\"}\n")
            + Chunk("{\"x\":5,\"y\":50,\"marker\":{\"size\":9}}\n")
            + "0\r\n\r\n");

        Assert.Equal(200, response.Status);
        JsonNode trace = await server.FirstTraceAsync(plot);
        Assert.Equal("[2,3,4,5]", trace["x"]!.ToJsonString());
        Assert.Equal("[20,30,40,50]", trace["y"]!.ToJsonString());
        Assert.Equal("[5,5,9,9]", trace["marker"]!["size"]!.ToJsonString());
        Assert.Null(trace["name"]);
        List<SseItem<string>> frames = await viewer.ReadUntilAsync(item => item.Data.Contains("50"));
        Assert.All(frames, frame => Assert.Equal("frame", frame.EventType));
    }

    [Fact]
    public async Task OneTokenFeedsEveryTraceThatNamesIt()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        JsonObject reply = await server.ClientRespAsync(
            """[{"y":[],"stream":{"token":"shared-stream-token"}},{"y":[],"xaxis":"x2","stream":{"token":"shared-stream-token"}},{"y":[],"stream":{"token":"other-stream-token"}}]""",
            """{"filename":"subplots"}""");
        string plot = new Uri((string)reply["url"]!).AbsolutePath;

        await server.ExchangeAsync(StreamHead("shared-stream-token") + Chunk("{\"y\":7}\n") + "0\r\n\r\n");

        JsonArray data = (await server.FigureAsync(plot))["data"]!.AsArray();
        Assert.Equal(["[7]", "[7]", "[]"], data.Select(trace => trace!["y"]!.ToJsonString()));
    }

    [Fact]
    public async Task LayoutInAStreamedObjectIsARelayout()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ThrottleMilliseconds = 0);
        string plot = await server.CreatePlotAsync("streamed-layout");

        await server.ExchangeAsync(StreamHead("streamed-layout") + Chunk("{\"y\":1,\"layout\":{\"yaxis.range\":[40,180]}}\n") + "0\r\n\r\n");

        Assert.Equal("[40,180]", (await server.FigureAsync(plot))["layout"]!["yaxis"]!["range"]!.ToJsonString());
    }
}
