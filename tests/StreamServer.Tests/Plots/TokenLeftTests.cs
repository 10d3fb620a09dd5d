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
/// version as the token left it, and a copy that is an overwrite stored after that is left alone
/// (<see cref="ClusterNode.OverwrittenFrom"/>).
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

        // The owner overwrote the plot with its token through another node after the token left it: numbered a gap above
        // the version the message carries, as an overwrite numbered after the token left.
        plots.Refresh(new StoredPlot("alice", 0, "old", Data, "{}", Stored + ClusterNode.OverwriteVersionGap), (JsonArray)JsonNode.Parse(Data)!, new JsonObject());
        plots.TokenLeft("alice", 0, Token, overwrittenFrom: ClusterNode.OverwrittenFrom(Stored));

        Assert.Same(plot, plots.FindStream(Token)?.Target?.Plot);
        Assert.Contains(Token, plot.StreamTokens().Keys);
    }

    // The overwrite was numbered from the newest version read just before the token was taken out of the row, and stored
    // after that; in between, the plot's builder rewrote the row whole a few versions higher, and that is the version the
    // message carries. The overwrite lands a few versions short of a gap above it. Before, with the whole gap as the bound,
    // every node stripped the token from it.
    [Fact]
    public void A_late_message_leaves_a_token_an_overwrite_numbered_from_a_version_below_the_one_it_carries_bound_again()
    {
        using var plots = new PlotRegistry(0, IPlotChangeListener.None);
        const long ReadByTheOverwrite = 7;
        const long Stored = ReadByTheOverwrite + 3;
        Plot plot = plots.Refresh(new StoredPlot("alice", 0, "old", Data, "{}", Stored), (JsonArray)JsonNode.Parse(Data)!, new JsonObject());

        plots.Refresh(new StoredPlot("alice", 0, "old", Data, "{}", ReadByTheOverwrite + ClusterNode.OverwriteVersionGap), (JsonArray)JsonNode.Parse(Data)!, new JsonObject());
        plots.TokenLeft("alice", 0, Token, overwrittenFrom: ClusterNode.OverwrittenFrom(Stored));

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

        plots.TokenLeft("alice", 0, Token, overwrittenFrom: ClusterNode.OverwrittenFrom(Stored));

        Assert.Null(plots.FindStream(Token)?.Target);
        Assert.DoesNotContain(Token, plot.StreamTokens().Keys);
    }
}
