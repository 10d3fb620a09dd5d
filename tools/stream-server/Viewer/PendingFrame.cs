using System.Text.Json;
using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>The data changes since the last frame. However many points arrive, viewers get them
/// in one "frame" event per frame interval: appended values as "extend", a column that was
/// replaced as "set" with its whole current window.</summary>
public sealed class PendingFrame
{
    private readonly SortedDictionary<int, Dictionary<string, ColumnChange>> _traces = new();

    public bool IsEmpty => _traces.Count == 0;

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

    public void Clear() => _traces.Clear();

    /// <summary>Writes {"traces":[{"index":0,"extend":{"y":[..]},"set":{"x":[..]}}]}; "set" reads
    /// the current window from <paramref name="data"/>.</summary>
    public void WriteTo(Utf8JsonWriter writer, JsonArray data)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("traces");
        foreach (KeyValuePair<int, Dictionary<string, ColumnChange>> trace in _traces)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", trace.Key);
            WriteColumns(writer, "extend", trace.Value, replaced: false, null);
            WriteColumns(writer, "set", trace.Value, replaced: true, data[trace.Key] as JsonObject);
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
            if (column.Value.Replaced != replaced)
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
        if (!_traces.TryGetValue(trace, out Dictionary<string, ColumnChange>? columns))
        {
            columns = new Dictionary<string, ColumnChange>(StringComparer.Ordinal);
            _traces.Add(trace, columns);
        }

        if (!columns.TryGetValue(path, out ColumnChange? change))
        {
            change = new ColumnChange();
            columns.Add(path, change);
        }

        return change;
    }

    private sealed class ColumnChange
    {
        public bool Replaced { get; set; }

        public List<JsonNode?> Appended { get; } = new();
    }
}
