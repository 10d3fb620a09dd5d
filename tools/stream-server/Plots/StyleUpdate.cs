using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Values;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>An owner's restyle update as dotted paths that never touch data. An object for a data
/// container, {"marker": {"line.width": 2}}, becomes "marker.line.width": set whole, it would replace
/// the marker and with it the points streamed into marker.color and marker.size. Data columns,
/// stream settings and paths through them are refused.</summary>
public static class StyleUpdate
{
    public static JsonObject Normalize(JsonObject update, out string? problem)
    {
        var paths = new JsonObject();
        problem = null;
        foreach (KeyValuePair<string, JsonNode?> entry in update)
        {
            if (DataColumns.IsContainer(entry.Key))
            {
                if (entry.Value is not JsonObject attributes)
                {
                    problem = $"'{entry.Key}' holds data columns; restyle its attributes one by one, such as {{\"{entry.Key}\": {{\"line.width\": 2}}}}";
                    return paths;
                }

                foreach (KeyValuePair<string, JsonNode?> attribute in attributes)
                {
                    if ((problem = Check(entry.Key + "." + attribute.Key)) is not null)
                    {
                        return paths;
                    }

                    paths[entry.Key + "." + attribute.Key] = attribute.Value?.DeepClone();
                }
            }
            else if ((problem = Check(entry.Key)) is not null)
            {
                return paths;
            }
            else
            {
                paths[entry.Key] = entry.Value?.DeepClone();
            }
        }

        return paths;
    }

    private static string? Check(string path)
    {
        return AttributePath.Problem(path)
            ?? (DataColumns.IsReservedForStreams(path) ? $"'{AttributePath.Shown(path)}' is data or stream settings; restyle changes style only (data comes through the stream token)" : null);
    }
}
