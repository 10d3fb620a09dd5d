using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>One message a node hands a plot's frame builder (<see cref="PlotRelay"/>), as it waits in the plot's
/// <see cref="ClusterKeys.Queue"/>: a kind letter and a newline, then a JSON object. 's', a line a device streamed:
/// {"traces":[...],"token":...,"object":{...}}, applied only to traces that still name the token; 'r', an owner's
/// relayout: its update; 'y', an owner's restyle: {"update":{...},"traces":[...]}, as the plot hands it on.</summary>
public readonly record struct QueuedMessage(char Kind, JsonObject Body)
{
    public const char StreamedLine = 's';
    public const char Relayout = 'r';
    public const char Restyle = 'y';

    /// <summary>A streamed line's message in UTF-8, written from the parsed line without a copy of it.</summary>
    public static byte[] Streamed(IReadOnlyList<int> traceIndices, JsonObject streamed, string? token)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("s\n"u8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("traces");
            foreach (int index in traceIndices)
            {
                writer.WriteNumberValue(index);
            }

            writer.WriteEndArray();
            if (token is null)
            {
                writer.WriteNull("token");
            }
            else
            {
                writer.WriteString("token", token);
            }

            writer.WritePropertyName("object");
            streamed.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An owner's edit as <see cref="Plots.IPlotRelay.ForwardEdit"/> names it: "relayout", or else a restyle.</summary>
    public static QueuedMessage Edit(string kind, JsonObject body) => new(kind == "relayout" ? Relayout : Restyle, body);

    /// <summary>The message as it goes into the queue.</summary>
    public string Format() => Kind + "\n" + Body.ToJsonString();

    /// <exception cref="FormatException">The message is not a known kind letter and a newline, then a JSON object.</exception>
    public static QueuedMessage Parse(byte[] message)
    {
        if (message.Length < 2 || message[1] != (byte)'\n' || message[0] is not ((byte)StreamedLine or (byte)Relayout or (byte)Restyle))
        {
            throw new FormatException("a queued message does not start with 's', 'r' or 'y' and a newline (sent by a node of another version?)");
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(message.AsSpan(2));
        }
        catch (JsonException exception)
        {
            throw new FormatException($"a queued '{(char)message[0]}' message is not JSON: {exception.Message}", exception);
        }

        return new QueuedMessage((char)message[0], body as JsonObject
            ?? throw new FormatException($"a queued '{(char)message[0]}' message is not a JSON object"));
    }

    /// <summary>A streamed line's trace indices, token and object; the object leaves the body, a root of its own as a parsed
    /// line is (a layout in it may be moved into the plot).</summary>
    /// <exception cref="FormatException">The body lacks the traces (an array of indices) or the object.</exception>
    public (int[] Traces, string? Token, JsonObject Streamed) TakeStreamed()
    {
        int[] traces = Indices();
        string? token = Body["token"] switch
        {
            null => null,
            JsonValue value when value.TryGetValue(out string? text) => text,
            JsonNode other => throw new FormatException($"a queued streamed line's \"token\" is a JSON {other.GetValueKind()}, not a string or null (not shown: tokens are write credentials)"),
        };
        JsonObject streamed = Body["object"] as JsonObject ?? throw new FormatException("a queued streamed line has no \"object\" (a JSON object)");
        Body.Remove("object");
        return (traces, token, streamed);
    }

    /// <summary>A restyle's update and the indices of the traces it applies to.</summary>
    /// <exception cref="FormatException">The body lacks the update (an object) or the traces (an array of indices).</exception>
    public (JsonObject Update, int[] Traces) RestyleParts() =>
        (Body["update"] as JsonObject ?? throw new FormatException("a queued restyle has no \"update\" (a JSON object)"), Indices());

    private int[] Indices()
    {
        if (Body["traces"] is not JsonArray traces)
        {
            throw new FormatException($"a queued '{Kind}' message has no \"traces\" (an array of trace indices)");
        }

        var indices = new int[traces.Count];
        for (int i = 0; i < indices.Length; i++)
        {
            if (traces[i] is not JsonValue index || !index.TryGetValue(out indices[i]))
            {
                throw new FormatException($"a queued '{Kind}' message's \"traces\" hold {traces[i]?.ToJsonString() ?? "null"}, not a trace index");
            }
        }

        return indices;
    }
}
