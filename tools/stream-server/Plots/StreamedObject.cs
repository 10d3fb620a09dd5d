using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Values;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>The checks on a streamed object beyond <see cref="ValueValidator"/>, made before it
/// reaches a plot so nothing of a refused object is applied: each point at most
/// <see cref="ValueLimits.MaxPointBytes"/>, data attributes and "layout" of the types they take, and the "layout" keys
/// attribute paths by the same rules as the owner's relayout.</summary>
public static class StreamedObject
{
    /// <summary>Line depth that leaves every value in it within <see cref="ValueLimits.MaxValueDepth"/>
    /// (the line's object and one of "layout" or a column container such as "marker").</summary>
    public const int MaxLineDepth = ValueLimits.MaxValueDepth + 2;

    public static string? Problem(JsonObject streamed)
    {
        // A known key of the wrong type would be skipped by DataWindows.ApplyColumns and answered 200: refused instead, so the
        // client learns why nothing happened. Unknown keys stay ignored, as Plotly's server ignored them.
        if (streamed.TryGetPropertyValue("layout", out JsonNode? layoutValue))
        {
            if (layoutValue is not JsonObject layout)
            {
                return "'layout' must be an object of relayout keys such as {\"title.text\":\"Heart rate\"}";
            }

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
            if (DataColumns.IsContainer(path) && prefix.Length == 0)
            {
                if (property.Value is not JsonObject nested)
                {
                    return $"'{path}' must be an object of data attributes such as {{\"color\":\"red\"}}";
                }

                if (ColumnProblem(nested, path + ".") is string problem)
                {
                    return problem;
                }
            }
            else if (DataColumns.IsColumn(path))
            {
                if (property.Value is JsonObject)
                {
                    return $"'{path}' must be a number, string or null (appended) or an array (replaces), not an object";
                }

                if (property.Value is JsonArray array ? array.Any(point => JsonSize.Of(point) > ValueLimits.MaxPointBytes) : JsonSize.Of(property.Value) > ValueLimits.MaxPointBytes)
                {
                    return $"a point of '{path}' is larger than {ValueLimits.MaxPointBytes} bytes";
                }
            }
        }

        return null;
    }
}
