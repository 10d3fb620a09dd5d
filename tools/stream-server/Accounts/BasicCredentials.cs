using System.Net.Http.Headers;
using System.Text;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>The user name and key of an "Authorization: Basic" header (how the owner's requests authenticate).</summary>
public static class BasicCredentials
{
    /// <summary>(null, null) when the header is missing or is not Basic with "NAME:KEY".</summary>
    public static (string? Name, string? Key) Parse(string? authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out AuthenticationHeaderValue? header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return (null, null);
        }

        try
        {
            string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            int colon = decoded.IndexOf(':');
            return colon < 0 ? (null, null) : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

    /// <summary>Whether the header tries a key, read as the owner's endpoints read it: Basic with "NAME:KEY" and a key
    /// that is not empty (no key is). What the guess limit counts (<see cref="KeyGuessLimitMiddleware"/>).</summary>
    public static bool CarriesKey(string? authorization) => Parse(authorization).Key is { Length: > 0 };
}
