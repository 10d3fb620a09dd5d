using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Infrastructure.RawHttp;

namespace HeartRateStreamer.StreamServer.Tests.Plots;

/// <summary>
/// A stream reads its trace indices before it takes the plot's lock; an overwrite that reorders the traces replaces the
/// plot's data in between, and binds the token's new indices just after. An object applied in that moment went into the
/// trace that now held another token (or a static trace), and was saved there. Now a trace that no longer names the
/// stream's token gets nothing, and the plot says so (<see cref="StreamedOutcome.NoTrace"/>): the stream counted such an
/// object received, though it is in no plot; now it counts it dropped.
/// </summary>
public sealed class OverwriteRaceTests
{
    private const string Traces = """[{"x":[],"y":[],"stream":{"token":"first-stream-token","maxpoints":100}},{"x":[],"y":[],"stream":{"token":"second-stream-token","maxpoints":100}}]""";
    private const string Swapped = """[{"x":[],"y":[],"stream":{"token":"second-stream-token","maxpoints":100}},{"x":[],"y":[],"stream":{"token":"first-stream-token","maxpoints":100}}]""";

    [Fact]
    public void AnObjectForTracesAnOverwriteJustReorderedLandsInNoOtherTokensTrace()
    {
        using var plot = new Plot("alice", 0, "race", (JsonArray)JsonNode.Parse(Traces)!, new JsonObject(), IPlotChangeListener.None);
        Assert.Equal(StreamedResult.Applied, plot.ApplyStreamObject([0], new JsonObject { ["x"] = 1, ["y"] = 1 }, "first-stream-token"));

        // The overwrite's new data is in; the first token's indices, read before it, still say trace 0.
        plot.Replace("race", (JsonArray)JsonNode.Parse(Swapped)!, new JsonObject());
        Assert.Equal(StreamedResult.NoTrace, plot.ApplyLocally([0], new JsonObject { ["x"] = 2, ["y"] = 2 }, "first-stream-token"));
        Assert.Equal(StreamedResult.Applied, plot.ApplyStreamObject([0], new JsonObject { ["x"] = 3, ["y"] = 3 }, "second-stream-token"));

        JsonArray data = (JsonArray)JsonNode.Parse(plot.ToStored().DataJson)!;
        Assert.Equal("[3]", data[0]!["y"]!.ToJsonString());
        Assert.Equal("[]", data[1]!["y"]!.ToJsonString());
    }

    // The race's moment, held: the overwrite's data is in the plot (Plot.Replace, as /clientresp calls it) and the token's
    // binding still names the trace it fed before (the registry rebinds it just after). The stream's object lands in no
    // trace; its answer counted it received.
    [Fact]
    public async Task AStreamCountsAnObjectThatLandedInNoTraceAsDroppedNotReceived()
    {
        await using TestServer server = await TestServer.StartAsync();
        await server.CreatePlotAsync("first-stream-token");
        Plot plot = server.Host.Plots.Find(TestServer.Alice, 0)!;
        plot.Replace("test plot", (JsonArray)JsonNode.Parse("""[{"x":[],"y":[],"stream":{"token":"second-stream-token","maxpoints":100}}]""")!, new JsonObject());

        RawResponse answer = await server.ExchangeAsync(StreamHead("first-stream-token") + Chunk("{\"x\":1,\"y\":1}\n") + "0\r\n\r\n");

        Assert.Equal(200, answer.Status);
        Assert.Equal((0L, 1L), (answer.Count("received"), answer.Count("dropped")));
        Assert.Equal("[]", JsonNode.Parse(plot.ToStored().DataJson)![0]!["y"]!.ToJsonString());
    }
}
