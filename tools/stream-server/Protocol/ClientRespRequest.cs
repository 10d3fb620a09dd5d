using System.Text.Json;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Values;

namespace HeartRateStreamer.StreamServer.Protocol;

/// <summary>A validated /clientresp request: who asks (un, key) and the plot they want
/// (args: the traces, kwargs: filename, fileopt, layout, world_readable).</summary>
public sealed record ClientRespRequest(string User, string Key, PlotDefinition Plot, IReadOnlyList<string> Warnings)
{
    public const int MaxTraces = 100;

    /// <exception cref="FormatException">Something in the form is missing or wrong; the message says what.</exception>
    public static ClientRespRequest From(IReadOnlyDictionary<string, string> form)
    {
        string user = Required(form, "un");
        string key = Required(form, "key");
        var warnings = new List<string>();

        JsonArray data = ParseJson<JsonArray>(form.GetValueOrDefault("args") ?? "[]", "args", "an array of trace objects");
        if (data.Count > MaxTraces)
        {
            throw new FormatException($"args has {data.Count} traces; at most {MaxTraces} are allowed");
        }

        for (int i = 0; i < data.Count; i++)
        {
            if (data[i] is not JsonObject trace)
            {
                throw new FormatException($"args[{i}] must be a trace object like {{\"x\":[],\"y\":[],\"stream\":{{\"token\":\"...\"}}}}");
            }

            NormalizeStream(trace, i);
        }

        JsonObject kwargs = ParseJson<JsonObject>(form.GetValueOrDefault("kwargs") ?? "{}", "kwargs", "an object");
        string filename = kwargs["filename"]?.GetValueKind() == JsonValueKind.String ? kwargs["filename"]!.GetValue<string>().Trim() : "";
        if (filename.Length == 0)
        {
            filename = "untitled";
        }

        if (filename.Length > 200)
        {
            throw new FormatException("kwargs.filename is longer than 200 characters");
        }

        // A control character would be stored as it is: PostgreSQL refuses NUL in text, so that plot could never be saved
        // (and made every save pass try each plot alone), and a name with a line break garbles the log line that names it.
        if (filename.Any(char.IsControl))
        {
            throw new FormatException("kwargs.filename contains a control character (NUL, a tab, a line break...); give a name of printable characters");
        }

        FileOption fileOption = (kwargs["fileopt"]?.GetValueKind() == JsonValueKind.String ? kwargs["fileopt"]!.GetValue<string>() : "new") switch
        {
            "new" => FileOption.New,
            "overwrite" => FileOption.Overwrite,
            string other => throw new FormatException($"kwargs.fileopt '{other}' is not supported; use 'overwrite' or 'new'"),
        };

        JsonObject layout = kwargs["layout"] switch
        {
            null => new JsonObject(),
            JsonObject given => (JsonObject)given.DeepClone(),
            _ => throw new FormatException("kwargs.layout must be an object"),
        };

        if (PlotBytes.StyleOf(data, layout) > ValueLimits.MaxPlotStyleBytes)
        {
            throw new FormatException($"the layout and the traces' style are larger than {ValueLimits.MaxPlotStyleBytes} bytes");
        }

        if (kwargs["world_readable"]?.GetValueKind() == JsonValueKind.False)
        {
            warnings.Add("world_readable false is not supported: every plot on this server can be viewed by anyone with its link");
        }

        return new ClientRespRequest(user, key, new PlotDefinition(filename, fileOption, data, layout), warnings);
    }

    private static void NormalizeStream(JsonObject trace, int index)
    {
        if (trace["stream"] is null)
        {
            return;
        }

        if (trace["stream"] is not JsonObject stream)
        {
            throw new FormatException($"args[{index}].stream must be an object like {{\"token\":\"...\",\"maxpoints\":500}}");
        }

        JsonNode? token = stream["token"];
        if (token is not null && (token.GetValueKind() != JsonValueKind.String || !StreamToken.IsValid(token.GetValue<string>())))
        {
            throw new FormatException($"args[{index}]: {StreamToken.ValidationMessage(token.ToJsonString())}");
        }

        double maxPoints = StreamSettings.DefaultMaxPoints;
        if (stream["maxpoints"] is JsonNode given)
        {
            if (given is not JsonValue number || number.GetValueKind() != JsonValueKind.Number || !number.TryGetValue(out maxPoints) || maxPoints is < 0 or > StreamSettings.MaxMaxPoints)
            {
                throw new FormatException($"args[{index}].stream.maxpoints {given.ToJsonString()} must be a number from 0 to {StreamSettings.MaxMaxPoints}");
            }
        }

        // Stored as a whole double so every later reader gets the same number back.
        stream["maxpoints"] = Math.Floor(maxPoints);
        foreach (string path in DataColumns.Paths)
        {
            // One RemoveRange: removing from the front one by one is quadratic in a long array.
            if (JsonPath.Get(trace, path) is JsonArray column && column.Count > maxPoints)
            {
                column.RemoveRange(0, column.Count - (int)maxPoints);
            }
        }
    }

    private static string Required(IReadOnlyDictionary<string, string> form, string name)
    {
        return form.TryGetValue(name, out string? value) && value.Length > 0
            ? value
            : throw new FormatException($"the form field '{name}' is missing; send un (user name) and key (API key)");
    }

    private static T ParseJson<T>(string text, string field, string expected) where T : JsonNode
    {
        if (!ValueValidator.TryParse(text, ValueLimits.MaxDocumentDepth, out JsonNode? value, out string? problem))
        {
            throw new FormatException($"{field} is refused: {problem}; it must be {expected}");
        }

        return value as T ?? throw new FormatException($"{field} must be {expected}");
    }
}
