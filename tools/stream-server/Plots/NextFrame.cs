using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Viewer;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>What waits for a plot's next frame instant: the points since the last frame (<see cref="PendingFrame"/>) and
/// the relayouts and restyles made since, which go out after them, in the order they were made; and the one buffer the
/// points' frame is written into. A type of its own so that what a frame holds is apart from when it goes out
/// (<see cref="FrameSchedule"/>). Used under the plot's lock (it takes none).</summary>
internal sealed class NextFrame
{
    // Frames of points stay far below this; one that replaced a large column does not keep its buffer.
    private const int MaxKeptBufferBytes = 64 * 1024;

    private readonly List<(string EventType, string Json)> _edits = new();
    private readonly Utf8JsonWriter _writer;
    private ArrayBufferWriter<byte> _buffer = new();

    public NextFrame()
    {
        _writer = new Utf8JsonWriter(_buffer);
    }

    public PendingFrame Points { get; } = new();

    /// <summary>True when nothing waits: the events published so far show the whole plot.</summary>
    public bool IsEmpty => Points.IsEmpty && _edits.Count == 0;

    /// <summary>A relayout or restyle, to go out after the points that came before it.</summary>
    public void AddEdit(string eventType, string json) => _edits.Add((eventType, json));

    /// <summary>Takes the edits that wait, in the order they were made.</summary>
    public (string EventType, string Json)[] TakeEdits()
    {
        (string EventType, string Json)[] edits = [.. _edits];
        _edits.Clear();
        return edits;
    }

    /// <summary>Nothing waits any more (a whole figure went out, or came from the plot's builder).</summary>
    public void Clear()
    {
        Points.Clear();
        _edits.Clear();
    }

    /// <summary>The points' frame as JSON (<see cref="PendingFrame.WriteTo"/>), valid until the next call; the points
    /// still wait until <see cref="PendingFrame.Clear"/>.</summary>
    public ReadOnlySpan<byte> WritePoints(JsonArray data)
    {
        // One buffer and writer per plot, reused under the lock: a frame per plot every 50 ms allocated both each time.
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        Points.WriteTo(_writer, data);
        _writer.Flush();
        return _buffer.WrittenSpan;
    }

    /// <summary>The frame <see cref="WritePoints"/> wrote has gone out: a rare large one (a replaced column) does not keep
    /// its buffer.</summary>
    public void Sent()
    {
        if (_buffer.Capacity > MaxKeptBufferBytes)
        {
            _buffer = new ArrayBufferWriter<byte>();
        }
    }
}
