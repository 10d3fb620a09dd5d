using System.Collections;
using System.Text.Json;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Startup;

namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>
/// The virtual device's configuration, read as the board reads its own: the same device.json the flash tool deploys
/// (<c>--config FILE</c>), handed key by key to the firmware's <see cref="ConfigurationReader"/>, so the same rules,
/// defaults and messages apply. Command-line options are a shorthand for keys (<c>--sensor analog</c> is
/// <c>sensor.type</c>) applied after the file. Values are typed as nanoFramework.Json types them: a number with '.',
/// 'e' or 'E' is a double, any other an int when it fits and a long otherwise; an array is an ArrayList.
/// </summary>
public sealed class DeviceConfiguration : IConfigurationSource
{
    private readonly string? _file;
    private readonly List<(string Key, object Value, string Option)> _options = [];

    /// <summary>A configuration from <paramref name="file"/> (null: from the options alone).</summary>
    public DeviceConfiguration(string? file) => _file = file;

    /// <inheritdoc/>
    public string Path => _file ?? "the command line";

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, as the command-line <paramref name="option"/> asked.</summary>
    public DeviceConfiguration Set(string key, object value, string option)
    {
        _options.RemoveAll(entry => entry.Key == key);
        _options.Add((key, value, option));
        return this;
    }

    /// <inheritdoc/>
    public ConfigurationReader? Read(out StartupFailure failure, out string reason)
    {
        failure = StartupFailure.ConfigurationUnusable;
        reason = "";
        var reader = new ConfigurationReader();
        if (_file != null)
        {
            if (!File.Exists(_file))
            {
                failure = StartupFailure.ConfigurationMissing;
                reason = "there is no file " + _file;
                return null;
            }

            try
            {
                string problem = ApplyJson(File.ReadAllText(_file), reader);
                if (problem.Length > 0)
                {
                    reason = _file + problem;
                    return null;
                }
            }
            catch (IOException e)
            {
                reason = _file + " could not be read: " + e.Message;
                return null;
            }
        }

        foreach ((string key, object value, _) in _options)
        {
            reader.Apply(key, value);
        }

        reader.Finish();
        return reader;
    }

    /// <summary>
    /// Reads the configuration for a command: every problem of a key an option set is a mistake on the command line
    /// (<see cref="InputException"/> naming the option); the file's warnings go to <paramref name="warnings"/> as the board
    /// logs them, and its errors stop the command with the firmware's own messages.
    /// </summary>
    public DeviceSettings Load(TextWriter warnings)
    {
        ConfigurationReader? reader = Read(out _, out string reason) ?? throw new InputException(reason);
        var errors = new List<string>();
        for (int i = 0; i < reader.ProblemCount; i++)
        {
            ConfigurationProblem problem = reader.GetProblem(i);
            (string Key, object Value, string Option) option = _options.FirstOrDefault(entry => entry.Key == problem.Key);
            if (option.Option != null)
            {
                throw new InputException($"{option.Option} '{option.Value}': {problem.Message}");
            }

            if (problem.IsFatal)
            {
                errors.Add(problem.ToString());
            }
            else
            {
                warnings.WriteLine("configuration: " + problem);
            }
        }

        if (errors.Count > 0)
        {
            throw new InputException(Path + " cannot run a device:\n  " + string.Join("\n  ", errors));
        }

        return reader.Settings;
    }

    /// <summary>
    /// Hands every value of the JSON text <paramref name="json"/> to <paramref name="reader"/> (without finishing it).
    /// Returns what makes the text unreadable as a whole, starting with a space or colon to follow the file's name, or
    /// an empty string.
    /// </summary>
    public static string ApplyJson(string json, ConfigurationReader reader)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return " must hold one JSON object, { \"wifi\": { ... }, \"server\": { ... } }.";
            }

            string duplicate = FindDuplicateKey(document.RootElement, "");
            if (duplicate.Length > 0)
            {
                // The board's parser refuses the whole file for this, so the virtual device does too.
                return ": the key " + duplicate + " appears twice; keep one.";
            }

            Apply(document.RootElement, "", reader);
            return "";
        }
        catch (JsonException e)
        {
            return " is not valid JSON (" + e.Message + "). Check device.json for a missing comma, quote or brace.";
        }
    }

    // Nested objects become dotted keys: {"sensor": {"type": "analog"}} is sensor.type.
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
