using System.Text.Json;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Viewer;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>A plot: its traces (style plus the current data windows), layout, and live viewers.
/// All state changes under one lock; viewers get the changes as numbered events, data coalesced
/// into at most one frame per <see cref="FrameIntervalMilliseconds"/>.</summary>
public sealed class Plot : IDisposable
{
    /// <summary>Plotly's viewers updated "up to 20 times / second" (seed README).</summary>
    public const int FrameIntervalMilliseconds = 50;

    private readonly object _gate = new();
    private readonly PlotEventStream _events = new();
    private readonly PendingFrame _pending = new();
    private readonly Timer _frameTimer;
    private readonly IPlotChangeListener _listener;
    private JsonArray _data;
    private JsonObject _layout;
    private int[] _maxPoints;
    private bool _frameScheduled;
    private long _lastFrameInstant;
    private long _version;

    /// <param name="version">The version of a stored copy being loaded; 0 for a new plot.</param>
    public Plot(string owner, int number, string filename, JsonArray data, JsonObject layout, IPlotChangeListener listener, long version = 0)
    {
        Owner = owner;
        Number = number;
        Filename = filename;
        _data = data;
        _layout = layout;
        _maxPoints = StreamSettings.MaxPointsOf(data);
        _listener = listener;
        _version = version;
        _frameTimer = new Timer(_ => FlushScheduledFrame());
    }

    public string Owner { get; }

    public int Number { get; }

    public string Filename { get; private set; }

    public string Path => $"/~{Owner}/{Number}";

    public int TraceCount
    {
        get
        {
            lock (_gate)
            {
                return _data.Count;
            }
        }
    }

    /// <summary>Tokens named in the traces, each with the indices of the traces it feeds.</summary>
    public IReadOnlyDictionary<string, int[]> StreamTokens()
    {
        lock (_gate)
        {
            return StreamSettings.TokensOf(_data);
        }
    }

    /// <summary>Applies one streamed object to the traces its token feeds: numbers and strings
    /// append, arrays replace, each column windowed to the trace's maxpoints; "layout" relayouts.</summary>
    public void ApplyStreamObject(IReadOnlyList<int> traceIndices, JsonObject streamed)
    {
        lock (_gate)
        {
            foreach (int index in traceIndices)
            {
                if (index < _data.Count && _data[index] is JsonObject trace)
                {
                    ApplyColumns(index, trace, streamed, prefix: "");
                }
            }

            ScheduleFrame();
            if (streamed["layout"] is JsonObject layoutUpdate)
            {
                RelayoutLocked(layoutUpdate);
            }

            _listener.Streamed(this, ++_version, traceIndices, streamed);
        }
    }

    public void Relayout(JsonObject update)
    {
        lock (_gate)
        {
            RelayoutLocked(update);
            _listener.Changed(this, ++_version);
        }
    }

    /// <summary>Changes the style of the given traces (all when null); data and stream settings are
    /// refused by the caller (<see cref="DataColumns.IsReservedForStreams"/>).</summary>
    public void Restyle(JsonObject update, IReadOnlyList<int>? traceIndices)
    {
        lock (_gate)
        {
            int[] indices = traceIndices?.ToArray() ?? Enumerable.Range(0, _data.Count).ToArray();
            foreach (int index in indices.Where(i => i < 0 || i >= _data.Count))
            {
                throw new ArgumentException($"trace index {index} does not exist; this plot has traces 0 to {_data.Count - 1}");
            }

            FlushFrameLocked();
            foreach (int index in indices)
            {
                JsonPath.ApplyUpdate((JsonObject)_data[index]!, update);
            }

            var message = new JsonObject { ["update"] = update.DeepClone(), ["traces"] = new JsonArray(indices.Select(i => (JsonNode)i).ToArray()) };
            _events.Publish("restyle", message.ToJsonString());
            _listener.Changed(this, ++_version);
        }
    }

    /// <summary>Replaces the whole figure (fileopt overwrite); viewers get a new snapshot.</summary>
    public void Replace(string filename, JsonArray data, JsonObject layout)
    {
        lock (_gate)
        {
            Filename = filename;
            _data = data;
            _layout = layout;
            _maxPoints = StreamSettings.MaxPointsOf(data);
            _pending.Clear();
            _events.Publish("figure", PublicFigureJsonLocked());
            _listener.Changed(this, ++_version);
        }
    }

    /// <summary>The token now feeds another plot: this one keeps its data as a static copy.</summary>
    public void DetachToken(string token)
    {
        lock (_gate)
        {
            foreach (JsonNode? trace in _data)
            {
                if (trace?["stream"] is JsonObject stream && stream["token"]?.GetValueKind() == JsonValueKind.String
                    && stream["token"]!.GetValue<string>() == token)
                {
                    stream.Remove("token");
                }
            }

            _listener.Changed(this, ++_version);
        }
    }

    /// <summary>{"data":[...],"layout":{...}} with the stream tokens removed: tokens are write credentials.</summary>
    public string PublicFigureJson()
    {
        lock (_gate)
        {
            return PublicFigureJsonLocked();
        }
    }

    public StoredPlot ToStored()
    {
        lock (_gate)
        {
            return new StoredPlot(Owner, Number, Filename, _data.ToJsonString(), _layout.ToJsonString(), _version);
        }
    }

    /// <summary>Registers a viewer: it first gets a snapshot, or the events after lastEventId.</summary>
    public Subscription Subscribe(string? lastEventId)
    {
        lock (_gate)
        {
            FlushFrameLocked();
            return _events.Subscribe(lastEventId, PublicFigureJsonLocked, Unsubscribe);
        }
    }

    /// <summary>Ends all viewers' event streams; used when the server stops.</summary>
    public void EndViewerStreams()
    {
        lock (_gate)
        {
            _events.CompleteAll();
        }
    }

    public void Dispose()
    {
        _frameTimer.Dispose();
        EndViewerStreams();
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (_gate)
        {
            _events.Remove(subscription);
        }
    }

    private void ApplyColumns(int index, JsonObject trace, JsonObject source, string prefix)
    {
        foreach (KeyValuePair<string, JsonNode?> property in source)
        {
            string path = prefix + property.Key;
            if (property.Value is JsonObject nested)
            {
                if (DataColumns.IsContainer(path))
                {
                    ApplyColumns(index, trace, nested, path + ".");
                }
            }
            else if (!DataColumns.IsColumn(path))
            {
                continue;
            }
            else if (property.Value is JsonArray replacement)
            {
                var window = new JsonArray(replacement.Skip(Math.Max(0, replacement.Count - _maxPoints[index])).Select(v => v?.DeepClone()).ToArray());
                JsonPath.Set(trace, path, window);
                _pending.Replaced(index, path);
            }
            else
            {
                if (JsonPath.Get(trace, path) is not JsonArray column)
                {
                    column = new JsonArray();
                    JsonPath.Set(trace, path, column);
                }

                JsonNode? value = property.Value?.DeepClone();
                column.Add(value);
                while (column.Count > _maxPoints[index])
                {
                    column.RemoveAt(0);
                }

                _pending.Appended(index, path, value);
            }
        }
    }

    private void RelayoutLocked(JsonObject update)
    {
        FlushFrameLocked();
        JsonPath.ApplyUpdate(_layout, update);
        _events.Publish("relayout", update.ToJsonString());
    }

    // Frames go out halfway between the lines of the 50 ms wall-clock grid the viewers draw on (wwwroot/viewer.js),
    // so a frame reaches every viewer before the same line, whichever of them it reaches first, and all draw it together.
    private void ScheduleFrame()
    {
        if (_frameScheduled)
        {
            return;
        }

        _frameScheduled = true;
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long next = Math.Max(NextFrameInstant(now), _lastFrameInstant + FrameIntervalMilliseconds);
        _lastFrameInstant = next;
        _frameTimer.Change(next - now, Timeout.Infinite);
    }

    // The first instant after now that lies halfway between two grid lines.
    private static long NextFrameInstant(long now)
    {
        const long Halfway = FrameIntervalMilliseconds / 2;
        return ((now - Halfway) / FrameIntervalMilliseconds + 1) * FrameIntervalMilliseconds + Halfway;
    }

    private void FlushScheduledFrame()
    {
        lock (_gate)
        {
            FlushFrameLocked();
        }
    }

    private void FlushFrameLocked()
    {
        _frameScheduled = false;
        if (_pending.IsEmpty)
        {
            return;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            _pending.WriteTo(writer, _data);
        }

        _pending.Clear();
        _events.Publish("frame", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private string PublicFigureJsonLocked()
    {
        var data = (JsonArray)_data.DeepClone();
        foreach (JsonNode? trace in data)
        {
            (trace?["stream"] as JsonObject)?.Remove("token");
        }

        return new JsonObject { ["data"] = data, ["layout"] = _layout.DeepClone() }.ToJsonString();
    }
}
