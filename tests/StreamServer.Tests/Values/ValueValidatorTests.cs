using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Values;

namespace HeartRateStreamer.StreamServer.Tests.Values;

/// <summary>The one gate for JSON entering the server: what it refuses, and that what it passes
/// can be written and read back by System.Text.Json's defaults.</summary>
public sealed class ValueValidatorTests
{
    [Theory]
    [InlineData("""{"text":"\ud800"}""", "not well-formed text")]
    [InlineData("""{"text":"\udc00x"}""", "not well-formed text")]
    [InlineData("""{"\ud800":1}""", "not well-formed text")]
    [InlineData("""{"a":1,"a":2}""", "appears twice")]
    [InlineData("""{"__proto__":{"polluted":1}}""", "not allowed")]
    [InlineData("""[{"constructor":1}]""", "not allowed")]
    [InlineData("""{"a":1} x""", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    public void RefusesWithAReason(string json, string expected)
    {
        Assert.False(ValueValidator.TryParse(json, 8, out _, out string? problem));
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void InvalidUtf8IsRefused()
    {
        byte[] line = [.. "{\"text\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8];
        Assert.False(ValueValidator.TryParse(line, 8, out _, out string? problem));
        Assert.Contains("not well-formed text", problem);
    }

    [Fact]
    public void DepthIsCountedInContainersAndTheLimitIsExact()
    {
        string Nested(int depth) => new string('[', depth) + new string(']', depth);

        Assert.True(ValueValidator.TryParse(Nested(8), 8, out JsonNode? value, out _));
        Assert.Equal(Nested(8), value!.ToJsonString());
        Assert.False(ValueValidator.TryParse(Nested(9), 8, out _, out string? problem));
        Assert.Contains("deeper than 8", problem);
        Assert.False(ValueValidator.TryParse(Nested(100_000), ValueLimits.MaxDocumentDepth, out _, out _));
    }

    [Fact]
    public void WellFormedTextPassesAndWritesBackTheSame()
    {
        string json = """{"text":"\ud83d\udc93 60 bpm","é":"ok","n":null,"a":[1,2.5,"x",true,{"b":{}}]}""";

        Assert.True(ValueValidator.TryParse(json, 8, out JsonNode? value, out string? problem), problem);
        Assert.Equal("💓 60 bpm", (string?)value!["text"]);
        Assert.True(ValueValidator.TryParse(value.ToJsonString(), 8, out JsonNode? again, out _));
        Assert.True(JsonNode.DeepEquals(value, again));
    }

    [Fact]
    public void TheJsonLiteralNullPassesAsANullValue()
    {
        Assert.True(ValueValidator.TryParse(Encoding.UTF8.GetBytes("null"), 8, out JsonNode? value, out _));
        Assert.Null(value);
    }

    [Fact]
    public void StoredPlotsPassOnlyAsDataArrayAndLayoutObject()
    {
        Assert.True(ValueValidator.TryReadStoredPlot("""[{"y":[1]}]""", """{"title":{"text":"t"}}""", out JsonArray? data, out JsonObject? layout, out _));
        Assert.Equal(1, (int)data![0]!["y"]![0]!);
        Assert.Equal("t", (string?)layout!["title"]!["text"]);
        Assert.False(ValueValidator.TryReadStoredPlot("""{"y":[1]}""", "{}", out _, out _, out string? problem));
        Assert.StartsWith("data:", problem);
        Assert.False(ValueValidator.TryReadStoredPlot("[]", """{"a":"\ud800"}""", out _, out _, out problem));
        Assert.StartsWith("layout:", problem);
    }

    [Fact]
    public void KeysSeenInADocumentThatFailedHalfWayDoNotCountInTheNext()
    {
        // The key sets are kept per thread between checks: one left with keys by a failure must not mark the next
        // document's first key as repeated, and a repeat must still be found after many documents.
        Assert.NotNull(ValueValidator.Check("{\"a\":{\"b\":1,\"b\""u8, maxDepth: 8));
        Assert.NotNull(ValueValidator.Check("{\"a\":{\"__proto__\":1}}"u8, maxDepth: 8));
        Assert.NotNull(ValueValidator.Check("{\"a\":[{\"b\":1}]]"u8, maxDepth: 8));
        for (int i = 0; i < 3; i++)
        {
            Assert.Null(ValueValidator.Check("{\"a\":{\"b\":1},\"b\":{\"a\":2}}"u8, maxDepth: 8));
            Assert.Contains("appears twice", ValueValidator.Check("{\"b\":{\"c\":1,\"c\":2}}"u8, maxDepth: 8));
        }
    }
}
