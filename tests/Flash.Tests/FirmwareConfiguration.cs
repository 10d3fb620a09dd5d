using System.Collections;
using System.Text.Json;
using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash.Tests;

/// <summary>
/// Hands a configuration file to the firmware's own <see cref="ConfigurationReader"/> the way the board's adapter
/// does (nested objects become dotted keys), with values typed as nanoFramework.Json types them: a number with '.',
/// 'e' or 'E' is a double, any other an int when it fits and a long otherwise; a list is an ArrayList.
/// </summary>
internal static class FirmwareConfiguration
{
    public static ConfigurationReader Read(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        var reader = new ConfigurationReader();
        Apply(document.RootElement, "", reader);
        reader.Finish();
        return reader;
    }

    public static IEnumerable<ConfigurationProblem> Problems(ConfigurationReader reader) =>
        Enumerable.Range(0, reader.ProblemCount).Select(reader.GetProblem);

    private static void Apply(JsonElement element, string prefix, ConfigurationReader reader)
    {
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string key = prefix + property.Name;
            JsonElement value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    Apply(value, key + ".", reader);
                    break;
                case JsonValueKind.String:
                    reader.Apply(key, value.GetString());
                    break;
                case JsonValueKind.Number:
                    reader.Apply(key, ToNumber(value));
                    break;
                case JsonValueKind.True:
                case JsonValueKind.False:
                    reader.Apply(key, value.GetBoolean());
                    break;
                case JsonValueKind.Array:
                    reader.Apply(key, new ArrayList(value.EnumerateArray().Select(item => (object)item.GetRawText()).ToArray()));
                    break;
                default:
                    reader.Apply(key, null);
                    break;
            }
        }
    }

    private static object ToNumber(JsonElement value)
    {
        string raw = value.GetRawText();
        if (raw.IndexOfAny(['.', 'e', 'E']) >= 0)
        {
            return value.GetDouble();
        }

        return value.TryGetInt32(out int small) ? small : value.GetInt64();
    }
}
