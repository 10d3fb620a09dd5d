using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Values;

namespace HeartRateStreamer.StreamServer.Tests.Plots;

/// <summary>Plots read from the database pass the same validation as values that arrive
/// (<see cref="StoredValueCheck"/>, which the loader runs on every row): a row that fails is refused with the
/// reason, for the loader to quarantine, and odd but readable settings load without throwing.</summary>
public sealed class StoredPlotLoadTests
{
    [Theory]
    [InlineData("""[{"y":[1]}""", "{}", "data: it is not valid JSON")]
    [InlineData("""[{"text":["\ud800"]}]""", "{}", "data: a string is not well-formed")]
    [InlineData("[]", """{"a":1,"a":2}""", "layout: the key 'a' appears twice")]
    [InlineData("[]", """{"__proto__":{}}""", "layout: the key '__proto__' is not allowed")]
    [InlineData("""[5]""", "{}", "data: not an array of trace objects")]
    [InlineData("[]", "[]", "layout: not an object")]
    public void ARowThatFailsValidationIsRefusedWithTheReason(string data, string layout, string expected)
    {
        var exception = Assert.Throws<InvalidDataException>(() => StoredValueCheck.Figure(new StoredPlot("alice", 3, "f", data, layout, 0)));

        Assert.StartsWith(expected, exception.Message);
    }

    [Fact]
    public void ARowNestedDeeperThanTheDocumentLimitIsRefused()
    {
        int depth = ValueLimits.MaxDocumentDepth + 1;
        string data = "[{\"y\":" + new string('[', depth - 2) + new string(']', depth - 2) + "}]";
        Assert.Throws<InvalidDataException>(() => StoredValueCheck.Figure(new StoredPlot("alice", 0, "f", data, "{}", 0)));
    }

    [Fact]
    public void OddButReadableStreamSettingsLoad()
    {
        using var plots = new PlotRegistry(0, IPlotChangeListener.None);
        var stored = new StoredPlot("alice", 0, "f", """[{"y":[1],"stream":5},{"y":[2],"stream":{"token":7,"maxpoints":1e999}},{"y":[3],"stream":{"token":"ok-stream-token","maxpoints":-4}}]""", "{}", 0);
        (var data, var layout) = StoredValueCheck.Figure(stored);

        plots.Load(stored, data, layout);

        Plot plot = plots.Find("alice", 0)!;
        Assert.Equal(["ok-stream-token"], plot.StreamTokens().Keys);
        Assert.Contains("\"y\":[1]", plot.PublicFigureJson());
    }

    [Fact]
    public void AStoredTokenShorterThanTheMinimumLoadsItsPlotButFeedsNothing()
    {
        using var plots = new PlotRegistry(0, IPlotChangeListener.None);
        var stored = new StoredPlot("alice", 0, "f", """[{"y":[1],"stream":{"token":"tok1"}},{"y":[2],"stream":{"token":"long-enough-token"}}]""", "{}", 0);
        (var data, var layout) = StoredValueCheck.Figure(stored);

        plots.Load(stored, data, layout);

        Assert.Contains("\"y\":[1]", plots.Find("alice", 0)!.PublicFigureJson());
        Assert.Null(plots.FindStream("tok1"));
        Assert.NotNull(plots.FindStream("long-enough-token")?.Target);
    }
}
