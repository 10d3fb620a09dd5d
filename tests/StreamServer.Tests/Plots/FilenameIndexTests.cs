using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;

namespace HeartRateStreamer.StreamServer.Tests.Plots;

/// <summary>Issue 13, item 6: fileopt "new" names copies from an index, not by searching every plot (the search
/// grew with every plot of the same name while holding the registry's lock).</summary>
public sealed class FilenameIndexTests
{
    [Fact]
    public void CopiesAreNumberedInOrderAndSkipNamesAlreadyTaken()
    {
        var index = new FilenameIndex();
        index.Add(PlotNamed("alice", 0, "hr"));
        index.Add(PlotNamed("alice", 1, "hr (2)"));
        index.Add(PlotNamed("bob", 0, "hr (1)"));

        var names = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            string name = index.Unique("alice", "hr");
            names.Add(name);
            index.Add(PlotNamed("alice", 2 + i, name));
        }

        Assert.Equal(["hr (1)", "hr (3)", "hr (4)", "hr (5)"], names);
        Assert.Equal("other", index.Unique("alice", "other"));
        Assert.Equal("hr", index.Unique("carol", "hr"));
        Assert.Equal("hr (1) (1)", index.Unique("bob", "hr (1)")); // a copy's copy gets its own suffix
    }

    [Fact]
    public async Task NewPlotsAfterARestartContinueTheCopyNumbers()
    {
        string data = TestServer.NewDataDirectory();
        try
        {
            await using (TestServer server = await TestServer.StartAsync(dataDirectory: data))
            {
                Assert.Equal(["hr", "hr (1)", "hr (2)"], [await NewAsync(server), await NewAsync(server), await NewAsync(server)]);
            }

            await using TestServer again = await TestServer.StartAsync(dataDirectory: data);
            Assert.Equal("hr (3)", await NewAsync(again));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<string> NewAsync(TestServer server)
    {
        JsonObject reply = await server.ClientRespAsync("""[{"x":[1],"y":[2]}]""", """{"filename":"hr","fileopt":"new"}""");
        Assert.Equal("", (string?)reply["error"]);
        return (string)reply["filename"]!;
    }

    private static Plot PlotNamed(string owner, int number, string filename) =>
        new(owner, number, filename, [], [], IPlotChangeListener.None);
}
