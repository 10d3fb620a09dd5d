using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Viewer;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>One event a plot's frame builder sent its viewers, as the nodes pass it on in Redis (published on
/// <see cref="ClusterKeys.Events"/>, kept in <see cref="ClusterKeys.History"/>): the builder's node id, the event id, its
/// type and its JSON, on lines of their own ("NODE\nID\nTYPE\nJSON"; JSON has no raw line breaks).</summary>
public readonly record struct ClusterEvent(string Node, string Id, string Type, ReadOnlyMemory<byte> Json)
{
    public static byte[] Format(string node, string id, string type, ReadOnlySpan<byte> json)
    {
        byte[] head = Encoding.UTF8.GetBytes($"{node}\n{id}\n{type}\n");
        byte[] message = new byte[head.Length + json.Length];
        head.CopyTo(message, 0);
        json.CopyTo(message.AsSpan(head.Length));
        return message;
    }

    /// <exception cref="FormatException">The message is not NODE, ID, TYPE and JSON on lines of their own.</exception>
    public static ClusterEvent Parse(byte[] message)
    {
        int first = Array.IndexOf(message, (byte)'\n');
        int second = first < 0 ? -1 : Array.IndexOf(message, (byte)'\n', first + 1);
        int third = second < 0 ? -1 : Array.IndexOf(message, (byte)'\n', second + 1);
        if (third < 0)
        {
            throw new FormatException("a cluster event is not NODE, ID, TYPE and JSON on lines of their own");
        }

        return new ClusterEvent(
            Encoding.UTF8.GetString(message, 0, first),
            Encoding.UTF8.GetString(message, first + 1, second - first - 1),
            Encoding.UTF8.GetString(message, second + 1, third - second - 1),
            message.AsMemory(third + 1));
    }

    /// <summary>The event as this node's viewers get it (a viewer resuming from the history): a figure in the public form, each
    /// trace with its maxpoints (<see cref="PublicFigureCopy.Of"/>), also one a builder of an older version kept there.</summary>
    /// <exception cref="FormatException">The id is not EPOCH-SEQUENCE, or a figure is not a JSON object.</exception>
    /// <exception cref="System.Text.Json.JsonException">A figure is not JSON.</exception>
    public SseEvent ToSseEvent()
    {
        if (!SseEventId.TryParse(Id, out _, out long sequence))
        {
            throw new FormatException($"event id '{Id}' is not EPOCH-SEQUENCE");
        }

        ReadOnlySpan<byte> json = Type == "figure"
            ? PublicFigureCopy.Of(JsonNode.Parse(Json.Span) as JsonObject ?? throw new FormatException($"figure {Id} is not a JSON object"), Json.Length).Span
            : Json.Span;
        return SseEvent.Create(sequence, Id, Type, json);
    }
}
