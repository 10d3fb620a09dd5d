using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Plots;

/// <summary>A plot that leaves the server (deleted by its owner, or taken back on a cluster node) gives back everything it
/// held: its bytes and its replay buffer leave its owner's budgets, and no viewer can join it any more.</summary>
public sealed class RemovedPlotTests
{
    [Fact]
    public async Task ARemovedPlotsBytesAndReplayBufferLeaveItsOwnersBudgets()
    {
        var replay = new UserByteBudget(1 << 20);
        var held = new UserByteBudget(1 << 20);
        var data = (JsonArray)JsonNode.Parse("""[{"x":[],"y":[],"stream":{"token":"removed-stream-token","maxpoints":100}}]""")!;
        var plot = new Plot("alice", 0, "removed", data, new JsonObject(), IPlotChangeListener.None, userReplayBudget: replay, userPlotBudget: held);
        for (int x = 1; x <= 5; x++)
        {
            Assert.Equal(StreamedResult.Applied, plot.ApplyStreamObject([0], new JsonObject { ["x"] = x, ["y"] = x }));
        }

        await Eventually.TrueAsync(() => Task.FromResult(replay.Used > 0), "a frame went into the replay buffer");
        Assert.True(held.Used > 0);

        plot.Dispose();

        Assert.Equal((0L, 0L), (replay.Used, held.Used));
        Assert.Null(await plot.SubscribeAsync(null)); // a viewer that looked it up just before gets nothing to wait on
        Assert.True(plot.IsDisposed);
    }

    // What reaches a plot after it left (a device's line with a layout, a cluster event, an owner's edit that found it just
    // before) publishes nothing: its replay buffer was given back, and nothing would give back what went in after.
    [Fact]
    public void WhatReachesARemovedPlotPublishesNothingAndUsesNoBudget()
    {
        var replay = new UserByteBudget(1 << 20);
        var data = (JsonArray)JsonNode.Parse("""[{"x":[],"y":[],"stream":{"token":"removed-stream-token","maxpoints":100}}]""")!;
        var plot = new Plot("alice", 0, "removed", data, new JsonObject(), IPlotChangeListener.None, userReplayBudget: replay);
        plot.Dispose();

        Assert.Equal(StreamedResult.Applied, plot.ApplyStreamObject([0], new JsonObject { ["x"] = 1, ["y"] = 1, ["layout"] = new JsonObject { ["title"] = "late" } }));
        plot.Mirror("0badcafe-1", "relayout", """{"title":"mirrored"}"""u8);
        plot.PublishFigure();
        Assert.Throws<PlotRemovedException>(() => plot.Relayout(new JsonObject { ["title"] = "edited" }));
        Assert.Throws<PlotRemovedException>(() => plot.Restyle(new JsonObject { ["name"] = "edited" }, null));

        Assert.Equal(0, replay.Used);
    }
}
