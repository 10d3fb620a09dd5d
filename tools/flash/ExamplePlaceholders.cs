using System.Text.Json;
using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash;

/// <summary>
/// The keys of a device.json that still hold the example's placeholder (a copy of device.example.json not yet edited):
/// a board flashed with them stores a network that does not exist and never connects. The placeholders' one home is
/// the example file itself, read here and compared key by key.
/// </summary>
internal static class ExamplePlaceholders
{
    /// <summary>
    /// The keys of <paramref name="device"/> (device.json's root object) whose value is the example's, in the example's
    /// order: only keys that must be the person's own (the network, the server and every secret), and only
    /// values that are not empty (an empty token is a stream left out, not a placeholder). None when the repository has
    /// no readable example to compare with.
    /// </summary>
    public static IReadOnlyList<string> KeptIn(JsonElement device)
    {
        Dictionary<string, string> example;
        try
        {
            using JsonDocument parsed = JsonDocument.Parse(File.ReadAllText(Repository.ExampleConfigFile));
            example = Values(parsed.RootElement);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return [];
        }

        Dictionary<string, string> given = Values(device);
        return [.. example.Where(pair => MustBeOwn(pair.Key) && pair.Value.Length > 0 && given.GetValueOrDefault(pair.Key) == pair.Value).Select(pair => pair.Key)];
    }

    /// <summary>Why a real run refuses <paramref name="path"/> (as shown) with <paramref name="keys"/> kept: one line a key, no value.</summary>
    public static string Refusal(string path, IReadOnlyList<string> keys) =>
        $"{path} still holds placeholders of {Repository.Shown(Repository.ExampleConfigFile)}; nothing was written to the board:\n  "
        + string.Join("\n  ", keys.Select(key => $"{key}: is still the example's value; put in your own."));

    /// <summary>What a dry run says of <paramref name="keys"/> kept: the refusal a real run would stop with.</summary>
    public static string DryRunNote(IReadOnlyList<string> keys) =>
        $"NOTE: a real run refuses {string.Join(", ", keys)}: still the example's values; put in your own.\n"
        + $"      A real run stops here with exit code {ExitCodes.InvalidConfiguration}, before writing anything to the board.";

    // Not server.user: the example's "demo" is the stream server's own default user, whose key the READMEs say to fill in.
    private static bool MustBeOwn(string key) =>
        key is ConfigurationKeys.WifiSsid or ConfigurationKeys.ServerUrl || ConfigurationKeys.IsSecret(key);

    // Every text value by its dotted key, as the board's reader names them.
    private static Dictionary<string, string> Values(JsonElement root) =>
        DeviceJson.Leaves(root).Where(leaf => leaf.Value.ValueKind == JsonValueKind.String)
            .ToDictionary(leaf => leaf.Key, leaf => leaf.Value.GetString()!, StringComparer.Ordinal);
}
