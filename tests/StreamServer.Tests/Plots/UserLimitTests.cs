using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Plots;

/// <summary>A user's plots are bounded together (<see cref="UserLimits"/>): in number, and in the bytes of their points,
/// layouts and styles, so no user can make the server's memory grow by making more plots.</summary>
public sealed class UserLimitTests
{
    private const long Budget = 20_000;

    [Fact]
    public void ANewPlotPastTheCountIsRefusedButOverwritingAndOtherUsersStillWork()
    {
        using var plots = new PlotRegistry(0, IPlotChangeListener.None, userLimits: new UserLimits { Plots = 2 });
        plots.Save("alice", Definition("a", FileOption.New));
        plots.Save("alice", Definition("b", FileOption.New));

        var refused = Assert.Throws<UserLimitException>(() => plots.Save("alice", Definition("c", FileOption.New)));

        Assert.Contains("already has 2 plots", refused.Message);
        Assert.Contains("--max-plots-per-user", refused.Message);
        Assert.Equal(2, plots.All.Count);
        Assert.Equal(1, plots.Save("alice", Definition("b", FileOption.Overwrite)).Plot.Number);
        Assert.Equal(0, plots.Save("bob", Definition("c", FileOption.New)).Plot.Number);
    }

    [Fact]
    public void APlotThatWouldTakeItsOwnerPastTheBytesIsRefusedAndNothingChanges()
    {
        using var plots = new PlotRegistry(0, IPlotChangeListener.None, userLimits: new UserLimits { PlotBytes = Budget });
        Plot first = plots.Save("alice", Definition("first", FileOption.New, points: 2000)).Plot;
        long held = first.HeldBytes;
        Assert.InRange(held, 5_000, Budget / 2);

        var refused = Assert.Throws<UserLimitException>(() => plots.Save("alice", Definition("big", FileOption.New, points: 4000)));

        Assert.Contains("--user-plot-bytes", refused.Message);
        Assert.Single(plots.All);
        Assert.Equal(held, first.HeldBytes);
        // Overwriting counts only the difference: the old figure's bytes are given back.
        plots.Save("alice", Definition("first", FileOption.Overwrite, points: 1500));
        plots.Save("bob", Definition("big", FileOption.New, points: 4000));
    }

    [Fact]
    public void WhileItsOwnerIsOverAStreamingPlotKeepsItsSizeAndItsNewestPoints()
    {
        using var plots = new PlotRegistry(0, IPlotChangeListener.None, userLimits: new UserLimits { PlotBytes = Budget });
        Plot still = plots.Save("alice", Definition("still", FileOption.New, points: 3000)).Plot;
        Plot streaming = plots.Save("alice", Definition("streaming", FileOption.New, points: 10)).Plot;
        Plot others = plots.Save("bob", Definition("others", FileOption.New, points: 10)).Plot;
        long stillBytes = still.HeldBytes;

        for (int i = 0; i < 2000; i++)
        {
            Assert.Equal(StreamedResult.Applied, streaming.ApplyStreamObject([0], new JsonObject { ["y"] = 100_000 + i }));
            Assert.Equal(StreamedResult.Applied, others.ApplyStreamObject([0], new JsonObject { ["y"] = 100_000 + i }));
        }

        Assert.InRange(still.HeldBytes + streaming.HeldBytes, Budget - 10, Budget + 10);
        Assert.Equal(stillBytes, still.HeldBytes);
        JsonArray y = Column(streaming);
        Assert.Equal(101_999, (int)y[^1]!);
        Assert.Equal(y.Count - 1, (int)y[^1]! - (int)y[0]!); // the newest points, none missing between them
        Assert.Equal(2010, Column(others).Count); // another user's plot is not touched: its window is maxpoints
    }

    [Fact]
    public void ARelayoutThatWouldTakeItsOwnerPastTheBytesIsRefused()
    {
        using var plots = new PlotRegistry(0, IPlotChangeListener.None, userLimits: new UserLimits { PlotBytes = Budget });
        Plot plot = plots.Save("alice", Definition("full", FileOption.New, points: 2500)).Plot;
        plots.Save("alice", Definition("fuller", FileOption.New, points: 2500));

        string? refused = plot.Relayout(new JsonObject { ["title"] = new string('t', 4000) });

        Assert.NotNull(refused);
        Assert.Contains("--user-plot-bytes", refused);
        Assert.Null(plot.Relayout(new JsonObject { ["title"] = "short" }));
    }

    [Fact]
    public async Task ClientRespAnswers403WithTheLimitAndWhatToDo()
    {
        await using TestServer server = await TestServer.StartAsync(options => options.MaxPlotsPerUser = 1);
        await server.CreatePlotAsync("first-stream-token", "first");

        JsonObject reply = await server.ClientRespAsync("""[{"y":[1]}]""", """{"filename":"second","fileopt":"new"}""");

        Assert.Contains("--max-plots-per-user", (string)reply["error"]!);
        Assert.Contains("overwrite one of them", (string)reply["error"]!);
        JsonObject overwritten = await server.ClientRespAsync("""[{"y":[2]}]""", """{"filename":"first","fileopt":"overwrite"}""");
        Assert.Equal("", (string)overwritten["error"]!);
    }

    private static JsonArray Column(Plot plot) => (JsonArray)JsonNode.Parse(plot.PublicFigureJson())!["data"]![0]!["y"]!;

    // Parsed from text, as /clientresp reads it.
    private static PlotDefinition Definition(string filename, FileOption option, int points = 1)
    {
        string y = string.Join(",", Enumerable.Range(0, points));
        var data = (JsonArray)JsonNode.Parse($$$"""[{"y":[{{{y}}}],"stream":{"token":"{{{filename}}}-stream-token","maxpoints":10000}}]""")!;
        return new PlotDefinition(filename, option, data, new JsonObject());
    }
}
