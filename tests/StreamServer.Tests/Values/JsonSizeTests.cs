using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Values;

namespace HeartRateStreamer.StreamServer.Tests.Values;

/// <summary>JsonSize measures parsed numbers, literals and plain strings from their raw text instead of writing
/// them out; every budget depends on it, so it must equal the written length for every kind of value.</summary>
public sealed class JsonSizeTests
{
    public static TheoryData<string> Values() =>
    [
        "0", "-12", "1.10", "1e3", "-0.000123E-7", "12345678901234567890123", "true", "false", "null",
        "\"2026-12-04T20:00:00.123Z\"", "\"\"", "\"caf\u00e9\"", "\"a\\u0041\"", "\"a\\nb\"", "\"\\/\"", "\"emoji \ud83d\ude00\"",
        "[1,2,\"x\"]", "{\"a\":1}",
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void ASizeIsTheLengthOfTheWrittenJson(string json)
    {
        JsonNode? parsed = JsonNode.Parse(json);

        Assert.Equal(parsed?.ToJsonString().Length ?? 4, JsonSize.Of(parsed));
        Assert.Equal(parsed?.DeepClone().ToJsonString().Length ?? 4, JsonSize.Of(parsed?.DeepClone()));
    }

    [Fact]
    public void EveryPrintableAsciiCharacterInAStringIsMeasuredAsWritten()
    {
        for (char c = ' '; c <= '~'; c++)
        {
            string json = "\"a" + (c is '"' or '\\' ? "\\" + c : c.ToString()) + "b\"";
            JsonNode parsed = JsonNode.Parse(Encoding.UTF8.GetBytes(json))!;

            Assert.True(parsed.ToJsonString().Length == JsonSize.Of(parsed), $"character '{c}' ({(int)c}): written {parsed.ToJsonString()}");
        }
    }
}
