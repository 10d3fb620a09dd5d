using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Values;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>A plot's size in two parts with their own budgets (<see cref="ValueLimits"/>): the points
/// in its data columns, and everything else (layout and the traces' style).</summary>
public static class PlotBytes
{
    public static long DataOf(JsonArray data) => data.OfType<JsonObject>().Sum(DataOf);

    public static long DataOf(JsonObject trace)
    {
        long bytes = 0;
        foreach (string path in DataColumns.Paths)
        {
            if (JsonPath.Get(trace, path) is JsonArray column)
            {
                bytes += column.Sum(JsonSize.Of);
            }
        }

        return bytes;
    }

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
