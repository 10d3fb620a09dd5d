using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Cluster;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using static HeartRateStreamer.StreamServer.Tests.Cluster.ClusterTestDevice;

namespace HeartRateStreamer.StreamServer.Tests.Cluster;

/// <summary>A node that does not build a plot hands what its streams accept to the node that does, through Redis
/// (<see cref="PlotRelay.ForwardStreamed"/>). What it takes must be answered as one node would answer it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ForwardingTests(PostgresServer postgres)
{
    private const string OnA = "cluster-token-on-a";

    // A layout in a streamed line (Python's Stream.write(trace, layout=...) puts one in every line) is checked against the
    // plot's style budget. Before, a node that did not build the plot forwarded it unchecked and answered 200, counting it
    // received, and the builder refused the whole object, points included, without a word. Now it is answered 413 there,
    // as on one node.
    [Fact]
    public async Task A_streamed_layout_past_the_style_budget_is_answered_413_by_a_node_that_does_not_build_the_plot()
    {
        await using TwoNodes nodes = await TwoNodes.StartAsync(postgres);
        (TestServer a, TestServer b) = (nodes.A, nodes.B);
        string filler = new('v', 1_000_000); // the layout's budget is 1 MiB
        string link = await CreateTwoTracePlotAsync(a, $$$"""{"filename":"full layout","fileopt":"overwrite","layout":{"filler":"{{{filler}}}"}}""");
        await using RawConnection onA = await ConnectAsync(a.Port, OnA);
        await SendPointAsync(onA, 1);
        await Eventually.TrueAsync(async () => XColumn(await a.FigureAsync(link)).Contains(1), "node A builds the plot");

        string title = new('t', 60 * 1024);
        RawResponse refused = await RawHttp.ExchangeAsync(b.Port, Encoding.UTF8.GetBytes(
            StreamHead() + RawHttp.Chunk($$$"""{"x":1,"y":1,"layout":{"title.text":"{{{title}}}"}}""" + "\n") + "0\r\n\r\n"));

        Assert.Equal(413, refused.Status);
        Assert.Contains("layout and style would pass", (string?)refused.Json["detail"]);
        Assert.Equal(0, refused.Count("received"));

        // The same stream's next line, without a layout, reaches the builder; the refused one left nothing there.
        await using (RawConnection device = await ConnectAsync(b.Port))
        {
            await SendPointAsync(device, 2);
            await EndWith200Async(device);
        }

        await Eventually.TrueAsync(async () => XColumn(await a.FigureAsync(link), 1).Contains(2), "node A applied the next line");
        Assert.Equal(new[] { 2 }, XColumn(await a.FigureAsync(link), 1));
        Assert.Null((await a.FigureAsync(link))["layout"]!["title"]);
        await EndWith200Async(onA);
    }

    // Trace 0 fed by a device on node A (which makes A the builder), trace 1 by the device under test (ClusterTestDevice.Token).
    private static async Task<string> CreateTwoTracePlotAsync(TestServer node, string kwargs)
    {
        JsonObject reply = await node.ClientRespAsync(
            $$$"""[{"x":[],"y":[],"stream":{"token":"{{{OnA}}}","maxpoints":500}},{"x":[],"y":[],"stream":{"token":"{{{Token}}}","maxpoints":500}}]""", kwargs);
        Assert.Equal("", (string?)reply["error"]);
        return new Uri((string)reply["url"]!).AbsolutePath;
    }
}
