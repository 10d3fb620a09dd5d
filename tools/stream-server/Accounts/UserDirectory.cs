using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>The users who may create and edit plots, with their key hashes (<see cref="ApiKeyHash"/>).
/// Read-only after start-up.</summary>
public sealed class UserDirectory
{
    private readonly Dictionary<string, string> _keyHashes;

    // A SHA-256 of each user's key once it has been verified, so a device that logs in again costs a
    // hash, not a PBKDF2 derivation. Only right keys get here, so a guess always pays the derivation.
    private readonly ConcurrentDictionary<string, byte[]> _verified = new(StringComparer.Ordinal);

    public UserDirectory(IReadOnlyDictionary<string, string> keyHashes)
    {
        _keyHashes = new Dictionary<string, string>(keyHashes, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Names => _keyHashes.Keys;

    public bool Exists(string name) => _keyHashes.ContainsKey(name);

    /// <summary>True when <paramref name="key"/> is <paramref name="name"/>'s. A right key gives back at once the guess
    /// attempt <see cref="KeyGuessLimitMiddleware"/> took for the request: what the request does next (a plot's save, a
    /// delete waiting for the database, an event stream) is no guess and must not hold one of its address's attempts.</summary>
    public bool Authenticate(HttpContext context, string? name, string? key)
    {
        if (!Verify(name, key))
        {
            return false;
        }

        context.Features.Get<GuessAttempt>()?.GiveBack();
        return true;
    }

    private bool Verify(string? name, string? key)
    {
        if (name is null || key is null || !_keyHashes.TryGetValue(name, out string? stored))
        {
            return false;
        }

        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        if (_verified.TryGetValue(name, out byte[]? known) && CryptographicOperations.FixedTimeEquals(known, digest))
        {
            return true;
        }

        if (!ApiKeyHash.Verify(stored, key))
        {
            return false;
        }

        _verified[name] = digest;
        return true;
    }
}
