using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>A figure's public form, {"data":[...],"layout":{...}} without the stream tokens, taken under the plot's lock
/// and written as JSON after it is released (<see cref="Plot.PublicFigureUtf8Async"/>). Only the containers are copied:
/// each object becomes an array of its properties, each array an array of its elements, while the values themselves
/// (numbers, strings, booleans: <see cref="JsonValue"/>s, which nothing changes once made; a change replaces them in
/// their container) are shared with the plot. So taking it costs one reference per value, not a clone of each
/// (DeepClone made a new node per point of a 14 MB plot), and the writing, most of the work, holds no lock.</summary>
public sealed class PublicFigureCopy
{
    private readonly object _data;
    private readonly object _layout;

    private PublicFigureCopy(object data, object layout)
    {
        _data = data;
        _layout = layout;
    }

    /// <summary>Call under the plot's lock.</summary>
    public static PublicFigureCopy Take(JsonArray data, JsonObject layout)
    {
        var traces = new object?[data.Count];
        for (int i = 0; i < traces.Length; i++)
        {
            traces[i] = data[i] is JsonObject trace ? CopyTrace(trace) : Copy(data[i]);
        }

        return new PublicFigureCopy(traces, Copy(layout)!);
    }

    /// <summary>A figure another node made, in the public form this node's own have (<see cref="Take"/>, written at once): each
    /// trace's stream with the maxpoints the server keeps to. A cluster's builder of an older version sent a trace's stream
    /// as stored (no maxpoints, or a value out of range), and a page given it as it came kept that trace to a rule of its
    /// own; a node passes on every builder's figure in this form (<see cref="Plot.Mirror"/>, <see cref="Cluster.ClusterEvent.ToSseEvent"/>).</summary>
    public static ReadOnlyMemory<byte> Of(JsonObject figure, long expectedBytes) =>
        Take(figure["data"] as JsonArray ?? [], figure["layout"] as JsonObject ?? []).ToUtf8(expectedBytes);

    /// <summary>{"data":[...],"layout":{...}} in UTF-8, as <see cref="JsonNode.ToJsonString"/> wrote it (same encoder, same
    /// order), in a buffer of <paramref name="expectedBytes"/> and an eighth more: with a good guess (the size written last
    /// time) a figure costs one array of about its own size, not the doubling buffers a growing writer leaves behind.</summary>
    public ReadOnlyMemory<byte> ToUtf8(long expectedBytes)
    {
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(Array.MaxLength, expectedBytes + expectedBytes / 8 + 4096));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTo(writer);
        }

        return buffer.WrittenMemory;
    }

    /// <summary>Writes {"data":[...],"layout":{...}} as <see cref="JsonNode.ToJsonString"/> wrote it (same encoder, same order).</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("data");
        Write(writer, _data);
        writer.WritePropertyName("layout");
        Write(writer, _layout);
        writer.WriteEndObject();
    }

    // A trace's "stream" object is copied without its token (tokens are write credentials), and with the maxpoints the
    // server keeps to (StreamSettings.MaxPointsOf: a stored value out of range, or not a finite number, is not it), so the
    // page keeps its windows as the server does without a rule of its own.
    private static KeyValuePair<string, object?>[] CopyStream(JsonObject stream, int maxPoints)
    {
        List<KeyValuePair<string, object?>> properties = CopyObject(stream, without: "token").ToList();
        int at = properties.FindIndex(property => property.Key == "maxpoints");
        var normalised = new KeyValuePair<string, object?>("maxpoints", JsonValue.Create(maxPoints));
        if (at < 0)
        {
            properties.Add(normalised);
        }
        else
        {
            properties[at] = normalised;
        }

        return properties.ToArray();
    }

    private static KeyValuePair<string, object?>[] CopyTrace(JsonObject trace)
    {
        var properties = new KeyValuePair<string, object?>[trace.Count];
        int i = 0;
        foreach (KeyValuePair<string, JsonNode?> property in trace)
        {
            object? value = property.Key == "stream" && property.Value is JsonObject stream
                ? CopyStream(stream, StreamSettings.MaxPointsOf(trace))
                : Copy(property.Value);
            properties[i++] = new(property.Key, value);
        }

        return properties;
    }

    // Values nest at most 32 levels (Values/ValueLimits.cs), so the recursion is bounded.
    private static object? Copy(JsonNode? node) => node switch
    {
        JsonObject container => CopyObject(container, without: null),
        JsonArray array => CopyArray(array),
        _ => node, // a JsonValue, or null
    };

    private static KeyValuePair<string, object?>[] CopyObject(JsonObject container, string? without)
    {
        var properties = new List<KeyValuePair<string, object?>>(container.Count);
        foreach (KeyValuePair<string, JsonNode?> property in container)
        {
            if (property.Key != without)
            {
                properties.Add(new(property.Key, Copy(property.Value)));
            }
        }

        return properties.ToArray();
    }

    private static object?[] CopyArray(JsonArray array)
    {
        var elements = new object?[array.Count];
        for (int i = 0; i < elements.Length; i++)
        {
            JsonNode? element = array[i];
            elements[i] = element is JsonValue or null ? element : Copy(element);
        }

        return elements;
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case KeyValuePair<string, object?>[] properties:
                writer.WriteStartObject();
                foreach (KeyValuePair<string, object?> property in properties)
                {
                    writer.WritePropertyName(property.Key);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case object?[] elements:
                writer.WriteStartArray();
                foreach (object? element in elements)
                {
                    Write(writer, element);
                }

                writer.WriteEndArray();
                break;
            default:
                ((JsonNode)value).WriteTo(writer);
                break;
        }
    }
}
