using System.Collections;
using System.Text.Json;

namespace HeartRateStreamer.Configuration;

/// <summary>
/// device.json on a PC, read as the board reads its configuration file: nested objects become dotted keys
/// (<c>{"sensor": {"type": "analog"}}</c> is <c>sensor.type</c>) and every leaf goes to the firmware's own
/// <see cref="ConfigurationReader"/>, so the PC tools apply the board's rules, defaults and messages. Values are typed
/// as nanoFramework.Json types them: a number with '.', 'e' or 'E' is a double, any other an int when it fits and a
/// long otherwise; an array is an ArrayList.
/// </summary>
public static class DeviceJson
{
    /// <summary>
    /// Parses <paramref name="json"/> into <paramref name="document"/> (the caller disposes it). Returns what makes the
    /// text unusable as a whole, starting with a space or colon to follow the file's name, or an empty string.
    /// </summary>
    public static string Parse(string json, out JsonDocument? document)
    {
        document = null;
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return " is not valid JSON (" + e.Message + "). Check device.json for a missing comma, quote or brace.";
        }

        if (parsed.RootElement.ValueKind != JsonValueKind.Object)
        {
            parsed.Dispose();
            return " must hold one JSON object, { \"wifi\": { ... }, \"server\": { ... } }.";
        }

        string duplicate = FindDuplicateKey(parsed.RootElement, "");
        if (duplicate.Length > 0)
        {
            parsed.Dispose();

            // The board's parser refuses the whole file for this, so the PC tools do too.
            return ": the key " + duplicate + " appears twice; keep one.";
        }

        document = parsed;
        return "";
    }

    /// <summary>
    /// Hands every value of the JSON text <paramref name="json"/> to <paramref name="reader"/> (without finishing it).
    /// Returns what makes the text unusable as a whole (see <see cref="Parse"/>), or an empty string.
    /// </summary>
    public static string ApplyJson(string json, ConfigurationReader reader)
    {
        string problem = Parse(json, out JsonDocument? document);
        using (document)
        {
            if (document != null)
            {
                Apply(document.RootElement, reader);
            }
        }

        return problem;
    }

    /// <summary>Hands every leaf of the object <paramref name="root"/> to <paramref name="reader"/> with its dotted key.</summary>
    public static void Apply(JsonElement root, ConfigurationReader reader) => Apply(root, "", reader);

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

    private static string FindDuplicateKey(JsonElement element, string prefix)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return prefix + property.Name;
            }

            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                string nested = FindDuplicateKey(property.Value, prefix + property.Name + ".");
                if (nested.Length > 0)
                {
                    return nested;
                }
            }
        }

        return "";
    }
}
