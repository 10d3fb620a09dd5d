using System.Text;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>One event exactly as it goes on the wire ("id:", "event:", "data:" lines), encoded once
/// when it is published and shared by every viewer's queue and the replay buffer: a thousand viewers
/// of a plot cost one copy of each event, not a thousand.</summary>
public sealed class SseEvent
{
    private SseEvent(long sequence, string id, string type, byte[] bytes)
    {
        Sequence = sequence;
        Id = id;
        Type = type;
        Bytes = bytes;
    }

    /// <summary>What <see cref="EventStreamPings"/> sends on every event stream: an event a page can see (a comment
    /// would not reach its script), with no id, so the browser's last event id stays that of the last real event, and
    /// empty data (a browser dispatches an event whose data line is empty; one without a data line it drops).</summary>
    public static SseEvent Ping { get; } = new(0, "", "ping", "event: ping\ndata:\n\n"u8.ToArray());

    /// <summary>The plot's event number (the part of <see cref="Id"/> after the epoch).</summary>
    public long Sequence { get; }

    public string Id { get; }

    public string Type { get; }

    /// <summary>The complete event in UTF-8, ending with the blank line.</summary>
    public byte[] Bytes { get; }

    public int Length => Bytes.Length;

    /// <summary>The event's JSON, decoded from <see cref="Bytes"/> (for logs and tests).</summary>
    public string Data
    {
        get
        {
            string text = Encoding.UTF8.GetString(Bytes);
            int data = text.IndexOf("\ndata: ", StringComparison.Ordinal) + "\ndata: ".Length;
            return text[data..^2];
        }
    }

    /// <param name="json">Compact JSON: it has no raw line breaks (JSON escapes them in strings), so it is one data line.</param>
    /// <param name="retryMilliseconds">Sent with snapshots: how soon a cut-off browser reconnects.</param>
    public static SseEvent Create(long sequence, string id, string type, ReadOnlySpan<byte> json, int? retryMilliseconds = null)
    {
        string head = $"id: {id}\nevent: {type}\n{(retryMilliseconds is int retry ? $"retry: {retry}\n" : "")}data: ";
        byte[] bytes = new byte[Encoding.ASCII.GetByteCount(head) + json.Length + 2];
        int written = Encoding.ASCII.GetBytes(head, bytes);
        json.CopyTo(bytes.AsSpan(written));
        bytes[^2] = (byte)'\n';
        bytes[^1] = (byte)'\n';
        return new SseEvent(sequence, id, type, bytes);
    }
}
