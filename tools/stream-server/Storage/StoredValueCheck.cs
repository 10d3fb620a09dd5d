using System.Text.Json;
using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>The check every stored value passes before it is loaded: a value the running server would refuse
/// is quarantined at start-up instead of breaking it. Each method throws <see cref="InvalidDataException"/> with
/// the reason. This is the single place where the server's value validator (issue 13, item 1) is applied to
/// stored data: call it from <see cref="Figure"/> and <see cref="Streamed"/>.</summary>
public static class StoredValueCheck
{
    /// <summary>A plot's traces and layout, parsed and checked.</summary>
    public static (JsonArray Data, JsonObject Layout) Figure(StoredPlot stored)
    {
        JsonArray data = Parse(stored.DataJson, "data_json") as JsonArray ?? throw new InvalidDataException("data_json is not a JSON array");
        JsonObject layout = Parse(stored.LayoutJson, "layout_json") as JsonObject ?? throw new InvalidDataException("layout_json is not a JSON object");
        for (int i = 0; i < data.Count; i++)
        {
            if (data[i] is not JsonObject)
            {
                throw new InvalidDataException($"trace {i} of data_json is not a JSON object");
            }
        }

        return (data, layout);
    }

    /// <summary>One streamed object saved after the plot's last whole copy, with the traces it fed.</summary>
    public static (int[] Traces, JsonObject Streamed) Streamed(StoredAppend append)
    {
        JsonObject streamed = Parse(append.ObjectJson, "object_json") as JsonObject ?? throw new InvalidDataException("object_json is not a JSON object");
        int[] traces;
        try
        {
            traces = JsonSerializer.Deserialize<int[]>(append.TracesJson) ?? throw new InvalidDataException("traces_json is null");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"traces_json is not an array of trace numbers: {exception.Message}");
        }

        return (traces, streamed);
    }

    private static JsonNode? Parse(string json, string column)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{column} is not valid JSON: {exception.Message}");
        }
    }
}
