using System.Text.Json;
using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>Reads a trace's "stream" attribute: {"token": "...", "maxpoints": 500}.</summary>
public static class StreamSettings
{
    /// <summary>plotly.js stream.maxpoints: default 500, range 0..10000.</summary>
    public const int DefaultMaxPoints = 500;
    public const int MaxMaxPoints = 10000;

    public static string? TokenOf(JsonNode? trace)
    {
        return TokenValue(trace)?.GetValue<string>();
    }

    /// <summary>Whether the trace's token is <paramref name="token"/> (<see cref="TokenOf"/> == token) without making a
    /// string: a parsed plot's token is read from its JSON on each GetValue, and a stream asks this for every object.</summary>
    public static bool Names(JsonNode? trace, string token)
    {
        return TokenValue(trace) is JsonValue value
            && (value.TryGetValue(out JsonElement parsed) ? parsed.ValueEquals(token) : value.GetValue<string>() == token);
    }

    private static JsonValue? TokenValue(JsonNode? trace)
    {
        return trace is JsonObject && trace["stream"] is JsonObject stream && stream["token"] is JsonValue token
            && token.GetValueKind() == JsonValueKind.String ? token : null;
    }

    /// <summary>The stored maxpoints (validated at plot creation), else the default. Kept within
    /// 0..<see cref="MaxMaxPoints"/> whatever the database says, so loading a plot never throws.</summary>
    public static int MaxPointsOf(JsonNode? trace)
    {
        return trace is JsonObject && trace["stream"] is JsonObject stream && stream["maxpoints"] is JsonValue maxPoints
            && maxPoints.GetValueKind() == JsonValueKind.Number && maxPoints.TryGetValue(out double value)
            ? (int)Math.Clamp(value, 0, MaxMaxPoints)
            : DefaultMaxPoints;
    }

    public static int[] MaxPointsOf(JsonArray data) => data.Select(MaxPointsOf).ToArray();

    /// <summary>A stored data_json without <paramref name="token"/> in its traces' stream settings, the rest as it was; null
    /// when no trace has it (cluster mode: a token moved away from a plot another node builds is taken out of its stored row).</summary>
    public static string? WithoutToken(string dataJson, string token)
    {
        if (JsonNode.Parse(dataJson) is not JsonArray data)
        {
            return null;
        }

        bool found = false;
        foreach (JsonNode? trace in data)
        {
            if (TokenOf(trace) == token)
            {
                ((JsonObject)trace!["stream"]!).Remove("token");
                found = true;
            }
        }

        return found ? data.ToJsonString() : null;
    }

    public static IReadOnlyDictionary<string, int[]> TokensOf(JsonArray data)
    {
        var tokens = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < data.Count; i++)
        {
            if (TokenOf(data[i]) is string token)
            {
                if (!tokens.TryGetValue(token, out List<int>? indices))
                {
                    tokens[token] = indices = new List<int>();
                }

                indices.Add(i);
            }
        }

        return tokens.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray(), StringComparer.Ordinal);
    }
}
