using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Values;

/// <summary>How many bytes a value takes as stored JSON. JsonNode's default writer escapes every
/// non-ASCII character, so the text's length is its UTF-8 length.</summary>
public static class JsonSize
{
    /// <summary>The length of <c>value.ToJsonString()</c>. A parsed number, true/false or plain ASCII string (the
    /// points devices stream, measured several times per point) is written as it was read, so its raw text is
    /// measured instead of writing it out (load benchmark: 1.5 KB allocated per streamed object before).</summary>
    public static int Of(JsonNode? value)
    {
        if (value is null)
        {
            return 4;
        }

        if (value is JsonValue primitive && primitive.TryGetValue(out JsonElement element) && RawLengthIfWrittenAsRead(element) is int length)
        {
            return length;
        }

        if (value is JsonValue number && number.TryGetValue(out double d) && double.IsFinite(d) && number.GetValueKind() == JsonValueKind.Number)
        {
            // A point kept as a double (Plots/StoredPoint.cs): written as its shortest round-trip text.
            Span<byte> text = stackalloc byte[32];
            return d.TryFormat(text, out int written, "R", System.Globalization.CultureInfo.InvariantCulture) ? written : value.ToJsonString().Length;
        }

        return value.ToJsonString().Length;
    }

    /// <summary>An upper bound on what a relayout/restyle entry adds where it lands: the value, and
    /// for each part of the path a key (escaped, at most 6 bytes a character) with its quotes and braces.</summary>
    public static long OfUpdateEntry(string path, JsonNode? value)
    {
        int parts = path.Count(c => c == '.') + 1;
        return 6L * path.Length + 8L * parts + (value is null ? 0 : Of(value));
    }

    // Numbers and literals are written byte for byte; a string is when no character in it is escaped by the
    // default encoder (JavaScriptEncoder.Default: controls, non-ASCII, and " \ & ' < > + `).
    private static int? RawLengthIfWrittenAsRead(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return JsonMarshal.GetRawUtf8Value(element).Length;
            case JsonValueKind.String:
                ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(element); // with its quotes
                foreach (byte b in raw[1..^1])
                {
                    if (b is < 0x20 or > 0x7E or (byte)'"' or (byte)'\\' or (byte)'&' or (byte)'\'' or (byte)'<' or (byte)'>' or (byte)'+' or (byte)'`')
                    {
                        return null;
                    }
                }

                return raw.Length;
            default:
                return null;
        }
    }
}
