using System.Security.Cryptography;
using System.Text;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>Stream tokens: what a valid one looks like, and the digest they are looked up by.</summary>
public static class StreamToken
{
    public const int MaxLength = 128;

    public static bool IsValid(string? token)
    {
        return !string.IsNullOrEmpty(token) && token.Length <= MaxLength && token.All(c => c > ' ' && c <= '~');
    }

    public static string ValidationMessage(string? token)
    {
        return $"stream token '{token}' must be 1 to {MaxLength} printable ASCII characters without spaces";
    }

    /// <summary>Tokens are looked up by their SHA-256 digest, so the time a lookup takes says nothing
    /// about how much of a guessed token was right; the final compare is constant-time too.</summary>
    public static string Digest(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
