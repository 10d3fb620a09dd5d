using System.Text.Json;
using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>The data changes since the last frame. However many points arrive, viewers get them
/// in one "frame" event per frame interval: appended values as "extend", a column that was
/// replaced as "set" with its whole current window. Its dictionaries and lists are kept from frame to frame (a plot's
/// columns are few and fixed), so a frame allocates nothing here.</summary>
public sealed class PendingFrame
{
    // In trace order, found by a linear search: a plot has a few traces, and a sorted dictionary's enumerator allocates.
    private readonly List<(int Index, Dictionary<string, ColumnChange> Columns)> _traces = [];
    private int _changedColumns;

    public bool IsEmpty => _changedColumns == 0;

    public void Appended(int trace, string path, JsonNode? value)
    {
        ColumnChange change = Change(trace, path);
        if (!change.Replaced)
        {
            change.Appended.Add(value);
        }
    }

    public void Replaced(int trace, string path)
    {
        ColumnChange change = Change(trace, path);
        change.Replaced = true;
        change.Appended.Clear();
    }

    public void Clear()
    {
        if (_changedColumns == 0)
        {
            return;
        }

        foreach ((int _, Dictionary<string, ColumnChange> columns) in _traces)
        {
            foreach (ColumnChange change in columns.Values)
            {
                change.Reset();
            }
        }

        _changedColumns = 0;
    }

    /// <summary>Writes {"traces":[{"index":0,"extend":{"y":[..]},"set":{"x":[..]}}]}; "set" reads
    /// the current window from <paramref name="data"/>.</summary>
    public void WriteTo(Utf8JsonWriter writer, JsonArray data)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("traces");
        foreach ((int index, Dictionary<string, ColumnChange> columns) in _traces)
        {
            if (!HasChanges(columns))
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteNumber("index", index);
            WriteColumns(writer, "extend", columns, replaced: false, null);
            WriteColumns(writer, "set", columns, replaced: true, data[index] as JsonObject);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteColumns(Utf8JsonWriter writer, string name, Dictionary<string, ColumnChange> columns, bool replaced, JsonObject? trace)
    {
        writer.WriteStartObject(name);
        foreach (KeyValuePair<string, ColumnChange> column in columns)
        {
            if (!column.Value.Changed || column.Value.Replaced != replaced)
            {
                continue;
            }

            writer.WritePropertyName(column.Key);
            if (replaced)
            {
                JsonNode? window = trace is null ? null : Plots.JsonPath.Get(trace, column.Key);
                (window ?? new JsonArray()).WriteTo(writer);
            }
            else
            {
                writer.WriteStartArray();
                foreach (JsonNode? value in column.Value.Appended)
                {
                    if (value is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        value.WriteTo(writer);
                    }
                }

                writer.WriteEndArray();
            }
        }

        writer.WriteEndObject();
    }

    private ColumnChange Change(int trace, string path)
    {
        Dictionary<string, ColumnChange> columns = ColumnsOf(trace);
        if (!columns.TryGetValue(path, out ColumnChange? change))
        {
            change = new ColumnChange();
            columns.Add(path, change);
        }

        if (!change.Changed)
        {
            change.Changed = true;
            _changedColumns++;
        }

        return change;
    }

    private Dictionary<string, ColumnChange> ColumnsOf(int trace)
    {
        int position = 0;
        while (position < _traces.Count && _traces[position].Index < trace)
        {
            position++;
        }

        if (position < _traces.Count && _traces[position].Index == trace)
        {
            return _traces[position].Columns;
        }

        var columns = new Dictionary<string, ColumnChange>(StringComparer.Ordinal);
        _traces.Insert(position, (trace, columns));
        return columns;
    }

    private static bool HasChanges(Dictionary<string, ColumnChange> columns)
    {
        foreach (ColumnChange change in columns.Values)
        {
            if (change.Changed)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class ColumnChange
    {
        /// <summary>Whether this column changed since the last frame; an unchanged one is kept for the next.</summary>
        public bool Changed { get; set; }

        public bool Replaced { get; set; }

        public List<JsonNode?> Appended { get; } = new();

        public void Reset()
        {
            Changed = false;
            Replaced = false;
            Appended.Clear();
        }
    }
}
