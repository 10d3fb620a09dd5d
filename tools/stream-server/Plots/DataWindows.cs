using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Values;
using HeartRateStreamer.StreamServer.Viewer;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>The data columns of a plot's traces, kept to their windows as values arrive: numbers and strings append,
/// arrays replace, each column cut to its trace's maxpoints and the plot's data budget. Every change is counted in the
/// plot's <see cref="PlotByteBudget"/> and noted for the next frame (<see cref="PendingFrame"/>). A type of its own so
/// that what becomes of a point is read in one place. Used under the plot's lock (it takes none).</summary>
internal sealed class DataWindows(PlotByteBudget budget, PendingFrame pending)
{
    private int[] _maxPoints = [];

    /// <summary>A new figure: its traces' maxpoints.</summary>
    public void Reset(JsonArray data) => _maxPoints = StreamSettings.MaxPointsOf(data);

    /// <summary>Applies one streamed object to the traces at <paramref name="traceIndices"/>, then keeps the data within
    /// its budget.</summary>
    public void Apply(JsonArray data, IReadOnlyList<int> traceIndices, JsonObject streamed, ILogger logger)
    {
        long before = budget.DataBytes;
        foreach (int index in traceIndices)
        {
            if (index < data.Count && data[index] is JsonObject trace)
            {
                ApplyColumns(index, trace, streamed, prefix: "");
            }
        }

        TrimToBudget(data, grown: budget.DataBytes - before, logger);
    }

    /// <summary>Cluster mode: a frame (<see cref="PendingFrame"/>'s form) from the plot's builder, applied as the builder
    /// applied the points: "extend" values appended one by one (each column kept to maxpoints), "set" columns replaced;
    /// the builder's budget trims arrive as "set".</summary>
    /// <exception cref="FormatException">The frame names a trace this plot does not have.</exception>
    public void ApplyFrame(JsonArray data, JsonObject frame)
    {
        foreach (JsonNode? change in frame["traces"]!.AsArray())
        {
            int index = change!["index"]!.GetValue<int>();
            if (index >= data.Count || data[index] is not JsonObject trace)
            {
                throw new FormatException($"a mirrored frame names trace {index}, which this plot does not have");
            }

            foreach ((string path, JsonNode? values) in change["extend"]!.AsObject())
            {
                foreach (JsonNode? value in values!.AsArray())
                {
                    ApplyColumns(index, trace, new JsonObject { [path] = value?.DeepClone() }, prefix: "");
                }
            }

            foreach ((string path, JsonNode? window) in change["set"]!.AsObject())
            {
                ApplyColumns(index, trace, new JsonObject { [path] = window?.DeepClone() }, prefix: "");
            }
        }

        budget.Sync();
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
                budget.AddColumnBytes(index, path, window.Sum(JsonSize.Of) - budget.ColumnBytes(index, path));
                JsonPath.Set(trace, path, window);
                pending.Replaced(index, path);
            }
            else
            {
                if (JsonPath.Get(trace, path) is not JsonArray column)
                {
                    column = new JsonArray();
                    JsonPath.Set(trace, path, column);
                }

                JsonNode? value = StoredPoint.Copy(property.Value);
                column.Add(value);
                budget.AddColumnBytes(index, path, JsonSize.Of(value));
                while (column.Count > _maxPoints[index])
                {
                    budget.AddColumnBytes(index, path, -JsonSize.Of(column[0]));
                    column.RemoveAt(0);
                }

                pending.Appended(index, path, value);
            }
        }
    }

    // Past the plot's data budget the largest trace loses its oldest points, so a token that streams big
    // values shortens its own trace first, not its neighbours'. While the owner's plots together are past their
    // budget, a plot does not grow: what it just gained is made up by its oldest points. Each round drops at least one point.
    private void TrimToBudget(JsonArray data, long grown, ILogger logger)
    {
        long target = budget.DataTarget(grown, logger);
        while (budget.DataBytes > target)
        {
            (int largest, long bytes) = budget.LargestTrace();
            if (bytes <= 0 || data[largest] is not JsonObject trace)
            {
                return;
            }

            DropOldestPoints(largest, trace, budget.DataBytes - target);
        }

        budget.Sync();
    }

    // Drops the oldest points of every column at once, so x and y stay paired, as maxpoints drops them;
    // viewers get the shortened columns whole.
    private void DropOldestPoints(int index, JsonObject trace, long excess)
    {
        var columns = DataColumns.Paths.Select(path => (Path: path, Column: JsonPath.Get(trace, path) as JsonArray))
            .Where(c => c.Column is { Count: > 0 }).ToList();
        int longest = columns.Count == 0 ? 0 : columns.Max(c => c.Column!.Count);
        int drop = 0;
        for (; excess > 0 && drop < longest; drop++)
        {
            excess -= columns.Where(c => drop < c.Column!.Count).Sum(c => JsonSize.Of(c.Column![drop]));
        }

        foreach ((string path, JsonArray? column) in columns)
        {
            int count = Math.Min(drop, column!.Count);
            for (int i = 0; i < count; i++)
            {
                budget.AddColumnBytes(index, path, -JsonSize.Of(column[i]));
            }

            column.RemoveRange(0, count);
            pending.Replaced(index, path);
        }
    }
}
