using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.Flash;

/// <summary>How a dry run shows the values of device.json that are secrets (which they are: <see cref="ConfigurationKeys.IsSecret"/>).</summary>
internal static class Secrets
{
    /// <summary>Stands in for a Wi-Fi password: nothing of it is shown, not even its length.</summary>
    public const string MaskedPassword = "********";

    /// <summary>
    /// How <paramref name="value"/> of the secret <paramref name="key"/> is printed: tokens and the API key keep their
    /// first two characters, so a person can tell which one is set, but only when those are a small part of it (at most a
    /// fifth of the shortest token; an API key may have 1, and "ab******" would show all of "ab").
    /// </summary>
    public static string Mask(string key, string value)
    {
        if (key.Equals(ConfigurationKeys.WifiPassword, StringComparison.OrdinalIgnoreCase))
        {
            return value.Length == 0 ? "" : MaskedPassword;
        }

        return value.Length == 0 ? "" : (value.Length >= ConfigurationReader.MinimumTokenLength ? value[..2] : "") + "******";
    }
}
