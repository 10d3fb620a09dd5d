using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;

namespace HeartRateStreamer.StreamServer.Tests.Plots;

/// <summary>
/// A stream reads its trace indices before it takes the plot's lock; an overwrite that reorders the traces replaces the
/// plot's data in between, and binds the token's new indices just after. An object applied in that moment went into the
/// trace that now held another token (or a static trace), and was saved there. Now a trace that no longer names the
/// stream's token gets nothing.
/// </summary>
public sealed class OverwriteRaceTests
{
    private const string Traces = """[{"x":[],"y":[],"stream":{"token":"first-stream-token","maxpoints":100}},{"x":[],"y":[],"stream":{"token":"second-stream-token","maxpoints":100}}]""";
    private const string Swapped = """[{"x":[],"y":[],"stream":{"token":"second-stream-token","maxpoints":100}},{"x":[],"y":[],"stream":{"token":"first-stream-token","maxpoints":100}}]""";

    [Fact]
    public void AnObjectForTracesAnOverwriteJustReorderedLandsInNoOtherTokensTrace()
    {
        using var plot = new Plot("alice", 0, "race", (JsonArray)JsonNode.Parse(Traces)!, new JsonObject(), IPlotChangeListener.None);
        Assert.Null(plot.ApplyStreamObject([0], new JsonObject { ["x"] = 1, ["y"] = 1 }, "first-stream-token"));

        // The overwrite's new data is in; the first token's indices, read before it, still say trace 0.
        plot.Replace("race", (JsonArray)JsonNode.Parse(Swapped)!, new JsonObject());
        Assert.Null(plot.ApplyStreamObject([0], new JsonObject { ["x"] = 2, ["y"] = 2 }, "first-stream-token"));
        Assert.Null(plot.ApplyStreamObject([0], new JsonObject { ["x"] = 3, ["y"] = 3 }, "second-stream-token"));

        JsonArray data = (JsonArray)JsonNode.Parse(plot.ToStored().DataJson)!;
        Assert.Equal("[3]", data[0]!["y"]!.ToJsonString());
        Assert.Equal("[]", data[1]!["y"]!.ToJsonString());
    }
}
