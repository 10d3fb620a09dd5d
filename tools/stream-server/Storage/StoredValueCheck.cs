using System.Text.Json;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Values;

namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>The check every stored value passes before it is loaded: a value the running server would refuse
/// is quarantined at start-up instead of breaking it. Each method throws <see cref="InvalidDataException"/> with
/// the reason. This is the single place where the server's value validator (<see cref="ValueValidator"/>) is applied
/// to stored data.</summary>
public static class StoredValueCheck
{
    /// <summary>A plot's traces and layout, parsed and checked by the server's one validator.</summary>
    public static (JsonArray Data, JsonObject Layout) Figure(StoredPlot stored)
    {
        if (!ValueValidator.TryReadStoredPlot(stored.DataJson, stored.LayoutJson, out JsonArray? data, out JsonObject? layout, out string? problem))
        {
            throw new InvalidDataException(problem);
        }

        return (data!, layout!);
    }

    /// <summary>One streamed object saved after the plot's last whole copy, with the traces it fed.</summary>
    public static (int[] Traces, JsonObject Streamed) Streamed(StoredAppend append)
    {
        if (!ValueValidator.TryParse(append.ObjectJson, ValueLimits.MaxDocumentDepth, out JsonNode? node, out string? problem, stored: true))
        {
            throw new InvalidDataException("object_json: " + problem);
        }

        JsonObject streamed = node as JsonObject ?? throw new InvalidDataException("object_json is not a JSON object");
        if (StreamedObject.Problem(streamed) is string refused)
        {
            throw new InvalidDataException("object_json: " + refused);
        }

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
}
