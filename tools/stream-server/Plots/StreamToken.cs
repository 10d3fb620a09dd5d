using System.Security.Cryptography;
using System.Text;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>Stream tokens: what a valid one looks like, and the digest they are looked up by.</summary>
public static class StreamToken
{
    /// <summary>Plotly made stream tokens of 10 letters and digits ("ab3dk4FBDd", seed/plotly-streaming-api.md), so
    /// every real client's token has at least 10 characters. A token is the only thing a device shows to write into a
    /// plot: 36^10 ≈ 3.7·10^15 choices at the rate-limited guessing pace (Accounts/FailureRateLimiter, one guess per
    /// 2 s per address) is beyond any guesser, where a 1-character token was found in seconds.
    /// The firmware refuses a shorter token at configuration time with the same bound (ConfigurationReader.MinimumTokenLength).</summary>
    public const int MinLength = 10;

    public const int MaxLength = 128;

    public static bool IsValid(string? token)
    {
        return token is not null && token.Length is >= MinLength and <= MaxLength && token.All(c => c > ' ' && c <= '~');
    }

    public static string ValidationMessage(string? token)
    {
        return $"stream token {token} must be {MinLength} to {MaxLength} printable ASCII characters without spaces "
            + "(Plotly's had 10 letters and digits; make one with `openssl rand -hex 8`)";
    }

    /// <summary>Tokens are looked up by their SHA-256 digest, so the time a lookup takes says nothing
    /// about how much of a guessed token was right; the final compare is constant-time too.</summary>
    public static string Digest(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
