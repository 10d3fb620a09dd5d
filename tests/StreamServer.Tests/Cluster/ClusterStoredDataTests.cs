using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Cluster.ClusterTestDevice;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>What the cluster keeps in PostgreSQL when plots change hands between nodes: each scenario ends by reading the
/// store as a starting node does, so a copy that only lives in a node's memory does not count.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterStoredDataTests(PostgresServer postgres)
{
    // A device restarted with a new plot (its token, a new filename) through a node that never built the old plot: that
    // node's copy of the old plot is the one it loaded, without the points. The old plot stays a static copy with them.
    [Fact]
    public async Task A_token_moved_to_a_new_plot_through_a_node_that_did_not_build_the_old_one_leaves_the_old_plot_its_points()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        string first = await a.CreatePlotAsync(Token, filename: "first");
        await using (RawConnection device = await ConnectAsync(a.Port))
        {
            await StreamPointsAsync(device, 1, 20);
            await device.SendAsync("0\r\n\r\n");
            Assert.Equal(200, (await device.ReadToEndAsync()).Status);
        }

        await Eventually.TrueAsync(() => SavedAllAsync(a), "node A saved the points it built");

        string second = await b.CreatePlotAsync(Token, filename: "second");
        Assert.NotEqual(first, second);
        await using (RawConnection device = await ConnectAsync(a.Port))
        {
            await SendPointAsync(device, 21);
            await device.SendAsync("0\r\n\r\n");
            Assert.Equal(200, (await device.ReadToEndAsync()).Status);
        }

        foreach (TestServer node in new[] { a, b })
        {
            Assert.Equal(Enumerable.Range(1, 20), XColumn(await node.FigureAsync(first)));
            Assert.Equal([21], XColumn(await node.FigureAsync(second)));
        }

        await Eventually.TrueAsync(async () => await SavedAllAsync(a) && await SavedAllAsync(b), "both nodes saved");
        StoredPlot stored = await StoredAsync(nodes.Store, a, first);
        Assert.Equal(Enumerable.Range(1, 20), XColumn(JsonNode.Parse(stored.DataJson)!));
        Assert.DoesNotContain(Token, stored.DataJson); // the token feeds the new plot only, also after a restart
        Assert.Equal([21], XColumn(JsonNode.Parse((await StoredAsync(nodes.Store, a, second)).DataJson)!));
    }
}
