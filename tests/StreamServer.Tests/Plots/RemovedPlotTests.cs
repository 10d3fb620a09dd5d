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
            Assert.Null(plot.ApplyStreamObject([0], new JsonObject { ["x"] = x, ["y"] = x }));
        }

        await Eventually.TrueAsync(() => Task.FromResult(replay.Used > 0), "a frame went into the replay buffer");
        Assert.True(held.Used > 0);

        plot.Dispose();

        Assert.Equal((0L, 0L), (replay.Used, held.Used));
        Assert.Null(plot.Subscribe(null)); // a viewer that looked it up just before gets nothing to wait on
        Assert.True(plot.IsDisposed);
    }
}
