using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>A streamed point as a plot keeps it in its window. A parsed value keeps the whole parsed line alive
/// (its document, bytes and metadata: four objects, about 250 B), and a window of 500 points per column turns
/// over 20 times a second per stream, so those objects die old and cost the garbage collector most of its work
/// under load (load benchmark: 0.3-0.65 s of every 2 s in GC pauses). A number whose text is exactly what the
/// JSON writer writes for its double is kept as that double (one object); anything else is copied as it is, so
/// every frame, snapshot and stored copy is written byte for byte as before.</summary>
public static class StoredPoint
{
    public static JsonNode? Copy(JsonNode? value)
    {
        if (value is JsonValue parsed && parsed.TryGetValue(out JsonElement element) && element.ValueKind == JsonValueKind.Number)
        {
            ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(element);
            Span<byte> written = stackalloc byte[32];
            // Utf8JsonWriter writes a double as its shortest round-trip text ("R"), as double.TryFormat does.
            if (Utf8Parser.TryParse(raw, out double number, out int used) && used == raw.Length && double.IsFinite(number)
                && number.TryFormat(written, out int length, "R", CultureInfo.InvariantCulture) && written[..length].SequenceEqual(raw))
            {
                return JsonValue.Create(number);
            }
        }

        return value?.DeepClone();
    }
}
