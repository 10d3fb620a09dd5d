using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Values;

namespace HeartRateStreamer.StreamServer.Tests.Plots;

/// <summary>A plot keeps some points as doubles instead of parsed values (Plots/StoredPoint.cs); viewers, snapshots
/// and the store must still get exactly the text that was streamed, and every size must stay what it was.</summary>
public sealed class StoredPointTests
{
    [Theory]
    [InlineData("77")]
    [InlineData("-12")]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("1.5")]
    [InlineData("0.1")]
    [InlineData("1717171717171")]
    [InlineData("3.141592653589793")]
    [InlineData("1.10")] // written differently as a double: kept as streamed
    [InlineData("1e3")]
    [InlineData("1E+21")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("0.30000000000000004")]
    [InlineData("5e-324")]
    [InlineData("\"2026-12-04T20:00:00Z\"")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    public void AKeptPointIsWrittenAsItWasStreamedAndMeasuredAsWritten(string streamed)
    {
        JsonNode? parsed = ((JsonObject)JsonNode.Parse("{\"y\":" + streamed + "}")!)["y"];

        JsonNode? kept = StoredPoint.Copy(parsed);

        Assert.Equal(streamed, kept?.ToJsonString() ?? "null");
        Assert.Equal(streamed.Length, JsonSize.Of(kept));
        Assert.True(parsed is null || !ReferenceEquals(parsed, kept), "a copy, not the parsed node (it belongs to its line)");
    }
}
