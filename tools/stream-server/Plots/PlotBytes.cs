using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Values;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>The size of a plot's layout and style, measured apart from its data columns: the two have
/// their own budgets (<see cref="ValueLimits"/>); <see cref="Plot"/> counts the columns point by point.</summary>
public static class PlotBytes
{
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
