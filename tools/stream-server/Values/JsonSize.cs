using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Values;

/// <summary>How many bytes a value takes as stored JSON. JsonNode's default writer escapes every
/// non-ASCII character, so the text's length is its UTF-8 length.</summary>
public static class JsonSize
{
    public static int Of(JsonNode? value) => value is null ? 4 : value.ToJsonString().Length;

    /// <summary>An upper bound on what a relayout/restyle entry adds where it lands: the value, and
    /// for each part of the path a key (escaped, at most 6 bytes a character) with its quotes and braces.</summary>
    public static long OfUpdateEntry(string path, JsonNode? value)
    {
        int parts = path.Count(c => c == '.') + 1;
        return 6L * path.Length + 8L * parts + (value is null ? 0 : Of(value));
    }
}
