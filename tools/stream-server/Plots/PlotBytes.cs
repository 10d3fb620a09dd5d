using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Values;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>The size of a plot's data columns and, apart from them, of its layout and style: the two have
/// their own budgets (<see cref="ValueLimits"/>); <see cref="PlotByteBudget"/> then counts the columns point by point.</summary>
public static class PlotBytes
{
    /// <summary>Each data column of each trace with its size as stored JSON.</summary>
    public static IEnumerable<(int Trace, string Path, long Bytes)> ColumnsOf(JsonArray data)
    {
        for (int index = 0; index < data.Count; index++)
        {
            foreach (string path in DataColumns.Paths)
            {
                if (data[index] is JsonObject trace && JsonPath.Get(trace, path) is JsonArray column)
                {
                    yield return (index, path, column.Sum(JsonSize.Of));
                }
            }
        }
    }

    /// <summary>Everything a plot holds: its points, layout and style.</summary>
    public static long Of(JsonArray data, JsonObject layout) => ColumnsOf(data).Sum(column => column.Bytes) + StyleOf(data, layout);

    /// <summary>The layout and every trace attribute that is not a data column, as stored JSON.</summary>
    public static long StyleOf(JsonArray data, JsonObject layout)
    {
        return JsonSize.Of(layout) + data.OfType<JsonObject>().Sum(trace => StyleOf(trace, prefix: ""));
    }

    private static long StyleOf(JsonObject container, string prefix)
    {
        long bytes = 2;
        foreach (KeyValuePair<string, JsonNode?> property in container)
        {
            string path = prefix + property.Key;
            bytes += property.Key.Length + 4;
            if (property.Value is JsonObject nested && DataColumns.IsContainer(path))
            {
                bytes += StyleOf(nested, path + ".");
            }
            else if (!DataColumns.IsColumn(path))
            {
                bytes += JsonSize.Of(property.Value);
            }
        }

        return bytes;
    }
}
