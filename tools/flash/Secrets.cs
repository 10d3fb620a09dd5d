using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash;

/// <summary>Which values of device.json are secrets, and how a dry run shows them.</summary>
internal static class Secrets
{
    /// <summary>Stands in for a Wi-Fi password: nothing of it is shown, not even its length.</summary>
    public const string MaskedPassword = "********";

    /// <summary>
    /// True when the value of <paramref name="key"/> must not be printed: the Wi-Fi password, the API key and every
    /// stream token (any server key ending in "Token", so a trace added later is masked too).
    /// </summary>
    public static bool IsSecret(string key) =>
        key == ConfigurationKeys.WifiPassword || key == ConfigurationKeys.ServerApiKey
        || (key.StartsWith("server.", StringComparison.Ordinal) && key.EndsWith("Token", StringComparison.Ordinal));

    /// <summary>How <paramref name="value"/> of the secret <paramref name="key"/> is printed: tokens and the API key keep their first two characters, so a person can tell which one is set.</summary>
    public static string Mask(string key, string value)
    {
        if (key == ConfigurationKeys.WifiPassword)
        {
            return value.Length == 0 ? "" : MaskedPassword;
        }

        return value.Length == 0 ? "" : value[..Math.Min(2, value.Length)] + "******";
    }
}
