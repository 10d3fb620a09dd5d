using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Values;

namespace HeartRateStreamer.StreamServer.Tests.Plots;

/// <summary>Plots read from the database pass the same validation as values that arrive: a row that
/// fails is refused with an exception naming the plot (for the loader to quarantine), and odd but
/// readable settings load without throwing.</summary>
public sealed class StoredPlotLoadTests
{
    [Theory]
    [InlineData("""[{"y":[1]}""", "{}", "data: it is not valid JSON")]
    [InlineData("""[{"text":["\ud800"]}]""", "{}", "data: a string is not well-formed")]
    [InlineData("[]", """{"a":1,"a":2}""", "layout: the key 'a' appears twice")]
    [InlineData("[]", """{"__proto__":{}}""", "layout: the key '__proto__' is not allowed")]
    [InlineData("""[5]""", "{}", "data: not an array of trace objects")]
    [InlineData("[]", "[]", "layout: not an object")]
    public void ARowThatFailsValidationIsRefusedWithThePlotNamed(string data, string layout, string expected)
    {
        using var plots = new PlotRegistry(0, _ => { });

        var exception = Assert.Throws<InvalidDataException>(() => plots.Load(new StoredPlot("alice", 3, "f", data, layout)));

        Assert.StartsWith("plot /~alice/3: " + expected, exception.Message);
        Assert.Null(plots.Find("alice", 3));
    }

    [Fact]
    public void ARowNestedDeeperThanTheDocumentLimitIsRefused()
    {
        int depth = ValueLimits.MaxDocumentDepth + 1;
        string data = "[{\"y\":" + new string('[', depth - 2) + new string(']', depth - 2) + "}]";
        using var plots = new PlotRegistry(0, _ => { });

        Assert.Throws<InvalidDataException>(() => plots.Load(new StoredPlot("alice", 0, "f", data, "{}")));
    }

    [Fact]
    public void OddButReadableStreamSettingsLoad()
    {
        using var plots = new PlotRegistry(0, _ => { });

        plots.Load(new StoredPlot("alice", 0, "f", """[{"y":[1],"stream":5},{"y":[2],"stream":{"token":7,"maxpoints":1e999}},{"y":[3],"stream":{"token":"ok","maxpoints":-4}}]""", "{}"));

        Plot plot = plots.Find("alice", 0)!;
        Assert.Equal(["ok"], plot.StreamTokens().Keys);
        Assert.Contains("\"y\":[1]", plot.PublicFigureJson());
    }
}
