using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>Dotted attribute paths ("xaxis.range", "marker.color") on JSON objects, with the same
/// meaning as plotly.js relayout/restyle keys. wwwroot/viewer.js applies updates the same way, so
/// server and viewers stay identical. Paths are checked first (<see cref="Values.AttributePath"/>):
/// a few parts each, so walking them is cheap.</summary>
public static class JsonPath
{
    public static JsonNode? Get(JsonObject root, string path)
    {
        if (!path.Contains('.'))
        {
            // A top-level column ("x", "y"), looked up for every streamed point: no split.
            return root.TryGetPropertyValue(path, out JsonNode? value) ? value : null;
        }

        JsonNode? node = root;
        foreach (string part in path.Split('.'))
        {
            if (node is not JsonObject container || !container.TryGetPropertyValue(part, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Sets the value, creating (or replacing non-object) containers on the way.</summary>
    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        string[] parts = path.Split('.');
        JsonObject container = root;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (container[parts[i]] is not JsonObject next)
            {
                next = new JsonObject();
                container[parts[i]] = next;
            }

            container = next;
        }

        container[parts[^1]] = value;
    }

    public static void Remove(JsonObject root, string path)
    {
        int lastDot = path.LastIndexOf('.');
        JsonObject? container = lastDot < 0 ? root : Get(root, path[..lastDot]) as JsonObject;
        container?.Remove(path[(lastDot + 1)..]);
    }

    /// <summary>Applies a relayout/restyle update: each key is a path, null removes it.</summary>
    public static void ApplyUpdate(JsonObject target, JsonObject update)
    {
        foreach (KeyValuePair<string, JsonNode?> entry in update)
        {
            if (entry.Value is null)
            {
                Remove(target, entry.Key);
            }
            else
            {
                Set(target, entry.Key, entry.Value.DeepClone());
            }
        }
    }
}
