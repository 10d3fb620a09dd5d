using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Cluster;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Storage;

namespace HeartRateStreamer.StreamServer.Tests.Plots;

/// <summary>
/// Cluster mode: a node told that an overwrite lost to a delete took a token from a plot (<see cref="PlotRegistry.TokenLeft"/>)
/// drops it from its copy. The message may come late (the node answered after the sender's 2 s, which then answered 409 "not
/// confirmed, send again"); meanwhile the owner may have overwritten the old plot with its tokens again through another
/// node, and this node read that overwrite. Before, the late message found the token bound to that plot, unbound it and
/// stripped it from the copy (which, built here, is saved whole without the token). Now the message carries the plot's stored
/// version as the token left it, and a copy numbered an overwrite's gap above it is left alone.
/// </summary>
public sealed class TokenLeftTests
{
    private const string Token = "token-left-stream-token";
    private const string Data = $$$"""[{"x":[],"y":[],"stream":{"token":"{{{Token}}}","maxpoints":100}}]""";

    [Fact]
    public void A_late_message_leaves_a_token_an_overwrite_stored_after_it_bound_again()
    {
        using var plots = new PlotRegistry(0, IPlotChangeListener.None);
        const long Stored = 7;
        Plot plot = plots.Refresh(new StoredPlot("alice", 0, "old", Data, "{}", Stored), (JsonArray)JsonNode.Parse(Data)!, new JsonObject());
        Assert.Same(plot, plots.FindStream(Token)?.Target?.Plot);

        // The owner overwrote the plot with its token through another node after the token left it: stored exactly a gap
        // above, where an overwrite lands (the boundary of the skip).
        plots.Refresh(new StoredPlot("alice", 0, "old", Data, "{}", Stored + ClusterNode.OverwriteVersionGap), (JsonArray)JsonNode.Parse(Data)!, new JsonObject());
        plots.TokenLeft("alice", 0, Token, overwrittenFrom: Stored + ClusterNode.OverwriteVersionGap);

        Assert.Same(plot, plots.FindStream(Token)?.Target?.Plot);
        Assert.Contains(Token, plot.StreamTokens().Keys);
    }

    [Fact]
    public void A_message_in_time_takes_the_token_out_of_a_copy_that_went_on_streaming()
    {
        using var plots = new PlotRegistry(0, IPlotChangeListener.None);
        const long Stored = 7;
        Plot plot = plots.Refresh(new StoredPlot("alice", 0, "old", Data, "{}", Stored), (JsonArray)JsonNode.Parse(Data)!, new JsonObject());
        plot.ContinueFromVersion(Stored + 50); // its builder here numbered objects the store has not got yet

        plots.TokenLeft("alice", 0, Token, overwrittenFrom: Stored + ClusterNode.OverwriteVersionGap);

        Assert.Null(plots.FindStream(Token)?.Target);
        Assert.DoesNotContain(Token, plot.StreamTokens().Keys);
    }
}
