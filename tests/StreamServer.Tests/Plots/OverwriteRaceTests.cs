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

    // The check runs for every streamed object, so it must cost nothing: applying objects with the stream's token allocates
    // what applying them without it (no check) does. From d832917 it made an enumerator, a closure and the stored token's
    // string (read from the parsed plot's JSON) per object: 9 % of what the server allocated per object end to end.
    [Fact]
    public void CheckingThatTheTracesStillNameTheTokenAllocatesNothingPerObject()
    {
        const int Objects = 1000;
        using var plot = new Plot("alice", 0, "race", (JsonArray)JsonNode.Parse(Traces)!, new JsonObject(), IPlotChangeListener.None);
        int[] traceIndices = [1]; // a StreamTarget's indices, as a stream passes them

        long BytesApplying(string? token)
        {
            JsonObject[] objects = Enumerable.Range(0, Objects).Select(i => (JsonObject)JsonNode.Parse($$"""{"x":{{i}},"y":{{i}}}""")!).ToArray();
            int applied = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (JsonObject streamed in objects)
            {
                applied += plot.ApplyStreamObject(traceIndices, streamed, token) == StreamedResult.Applied ? 1 : 0;
            }

            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(Objects, applied);
            return bytes;
        }

        // Full windows (maxpoints 100) and compiled code first; then the least of three alternating rounds each.
        BytesApplying("second-stream-token");
        BytesApplying(null);
        long withCheck = long.MaxValue, withoutCheck = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            withCheck = Math.Min(withCheck, BytesApplying("second-stream-token"));
            withoutCheck = Math.Min(withoutCheck, BytesApplying(null));
        }

        Assert.True(withCheck - withoutCheck < Objects * 8,
            $"the token check allocated {(double)(withCheck - withoutCheck) / Objects:F0} B per object ({withCheck:N0} B with it, {withoutCheck:N0} B without, {Objects} objects)");
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
