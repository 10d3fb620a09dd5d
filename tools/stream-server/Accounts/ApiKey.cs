using System.Security.Cryptography;
using System.Text;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>API keys: generation, validation and constant-time comparison.</summary>
public static class ApiKey
{
    /// <summary>16 characters: even from a small alphabet, too many to guess at the rate-limited pace (Accounts/FailureRateLimiter).</summary>
    public const int MinLength = 16;
    public const int MaxLength = 128;

    /// <summary>20 random characters from a 62-letter alphabet: about 119 bits.</summary>
    public static string Generate() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20);

    public static void Validate(string user, string key)
    {
        if (key.Length < MinLength)
        {
            throw new ArgumentException($"The key of user '{user}' has {key.Length} characters; keys need at least {MinLength} (a generated key has 20: for example `openssl rand -hex 10`, which Plotly's npm and Arduino clients send unchanged: they do not URL-encode the key, so a '%' or '&' in it arrives changed).");
        }

        if (key.Length > MaxLength || key.Any(c => c <= ' ' || c > '~'))
        {
            throw new ArgumentException($"The key of user '{user}' must be {MinLength} to {MaxLength} printable ASCII characters without spaces.");
        }
    }

    /// <summary>
    /// Why <paramref name="key"/> arrives changed from Plotly's npm and Arduino clients, which put it in the
    /// <c>/clientresp</c> form unencoded (Protocol/ClientRespForm); null when it arrives as it is. Such a key is
    /// accepted (a client that URL-encodes logs in with it), but the server says so at start-up.
    /// </summary>
    public static string? UnencodedFormProblem(string key)
    {
        if (key.Contains('&'))
        {
            return "holds '&', which ends the form field";
        }

        for (int i = 0; i + 2 < key.Length; i++)
        {
            if (key[i] == '%' && Uri.IsHexDigit(key[i + 1]) && Uri.IsHexDigit(key[i + 2]))
            {
                return "holds '%' and two hex digits, which read as one URL-encoded character";
            }
        }

        return key.Length > 0 && key[0] is '[' or '{' ? "starts with '" + key[0] + "', which reads as the start of a JSON value" : null;
    }

    /// <summary>Compares in time that depends only on the lengths, so a guesser learns nothing from timing.</summary>
    public static bool FixedTimeEquals(string expected, string? candidate)
    {
        return candidate is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(candidate));
    }
}
