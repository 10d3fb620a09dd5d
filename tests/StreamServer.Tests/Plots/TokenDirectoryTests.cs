using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;

namespace HeartRateStreamer.StreamServer.Tests.Plots;

/// <summary>A token is known while a plot holds it, and forgotten when none does: a client that makes new tokens on every
/// run must not grow the server's memory for good.</summary>
public sealed class TokenDirectoryTests
{
    [Fact]
    public void ATokenNoPlotHoldsIsForgotten()
    {
        using var plots = new PlotRegistry(50, IPlotChangeListener.None);
        Plot plot = plots.Save("alice", Definition("run-1-stream-token", "kept-stream-token")).Plot;
        StreamBinding kept = plots.FindStream("kept-stream-token")!;
        kept.CountReceived();

        plots.Save("alice", Definition("run-2-stream-token", "kept-stream-token")); // the next run's overwrite
        plots.Save("alice", Definition("run-3-stream-token", "kept-stream-token"));

        Assert.Equal(2, plots.TokenCount);
        Assert.Null(plots.FindStream("run-1-stream-token"));
        Assert.Same(kept, plots.FindStream("kept-stream-token")); // a token the overwrite keeps keeps its counters
        Assert.Equal(1, kept.Received);

        plots.Remove(plot);

        Assert.Equal(0, plots.TokenCount);
        Assert.Null(kept.Target);
    }

    private static PlotDefinition Definition(params string[] tokens) => new("runs", FileOption.Overwrite,
        new JsonArray(tokens.Select(token => (JsonNode)new JsonObject { ["y"] = new JsonArray(), ["stream"] = new JsonObject { ["token"] = token } }).ToArray()),
        new JsonObject());
}
