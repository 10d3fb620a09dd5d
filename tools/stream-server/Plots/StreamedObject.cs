using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Values;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>The checks on a streamed object beyond <see cref="ValueValidator"/>, made before it
/// reaches a plot so nothing of a refused object is applied: each point at most
/// <see cref="ValueLimits.MaxPointBytes"/>, and its "layout" keys attribute paths by the same rules
/// as the owner's relayout.</summary>
public static class StreamedObject
{
    /// <summary>Line depth that leaves every value in it within <see cref="ValueLimits.MaxValueDepth"/>
    /// (the line's object and one of "layout" or a column container such as "marker").</summary>
    public const int MaxLineDepth = ValueLimits.MaxValueDepth + 2;

    public static string? Problem(JsonObject streamed)
    {
        if (streamed["layout"] is JsonObject layout)
        {
            foreach (string key in layout.Select(entry => entry.Key))
            {
                if (AttributePath.Problem(key) is string problem)
                {
                    return "layout: " + problem;
                }
            }
        }

        return ColumnProblem(streamed, prefix: "");
    }

    private static string? ColumnProblem(JsonObject source, string prefix)
    {
        foreach (KeyValuePair<string, JsonNode?> property in source)
        {
            string path = prefix + property.Key;
            if (property.Value is JsonObject nested && DataColumns.IsContainer(path) && prefix.Length == 0)
            {
                if (ColumnProblem(nested, path + ".") is string problem)
                {
                    return problem;
                }
            }
            else if (DataColumns.IsColumn(path))
            {
                if (property.Value is JsonArray array ? array.Any(point => JsonSize.Of(point) > ValueLimits.MaxPointBytes) : JsonSize.Of(property.Value) > ValueLimits.MaxPointBytes)
                {
                    return $"a point of '{path}' is larger than {ValueLimits.MaxPointBytes} bytes";
                }
            }
        }

        return null;
    }
}
