using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>The users who may create and edit plots, with their key hashes (<see cref="ApiKeyHash"/>).
/// Read-only after start-up, but for <see cref="TakeStored"/>.</summary>
public sealed class UserDirectory
{
    // Never changed, only replaced whole (TakeStored), so requests read it without a lock.
    private Dictionary<string, string> _keyHashes;
    private readonly KeyDerivations _derivations;

    // A SHA-256 of each user's key once it has been verified, with the hash it was verified against (a key verified
    // against a hash since replaced counts no more), so a device that logs in again costs a hash, not a PBKDF2
    // derivation. Only right keys get here, so a guess always pays the derivation.
    private readonly ConcurrentDictionary<string, (string KeyHash, byte[] Digest)> _verified = new(StringComparer.Ordinal);

    public UserDirectory(IReadOnlyDictionary<string, string> keyHashes, KeyDerivations derivations)
    {
        _keyHashes = new Dictionary<string, string>(keyHashes, StringComparer.Ordinal);
        _derivations = derivations;
    }

    public IReadOnlyCollection<string> Names => Volatile.Read(ref _keyHashes).Keys;

    public bool Exists(string name) => Volatile.Read(ref _keyHashes).ContainsKey(name);

    /// <summary>Takes <paramref name="name"/>'s key hash as stored in place of the one this node made: the demo user's,
    /// when another node of the cluster stored its own first, so this node accepts that key at once, and its own no more.
    /// One caller, once, at start-up: two at once could lose one's write.</summary>
    public void TakeStored(string name, string keyHash)
    {
        Volatile.Write(ref _keyHashes, new Dictionary<string, string>(Volatile.Read(ref _keyHashes), StringComparer.Ordinal) { [name] = keyHash });
    }

    /// <summary>True when <paramref name="key"/> is <paramref name="name"/>'s. A right key gives back at once the guess
    /// attempt <see cref="KeyGuessLimitMiddleware"/> took for the request: what the request does next (a plot's save, a
    /// delete waiting for the database, an event stream) is no guess and must not hold one of its address's attempts.</summary>
    /// <exception cref="KeyCheckBusyException">The key needed a derivation and <see cref="KeyDerivations"/> had no slot for it.</exception>
    public async Task<bool> AuthenticateAsync(HttpContext context, string? name, string? key)
    {
        if (!await VerifyAsync(name, key, context.RequestAborted))
        {
            return false;
        }

        context.Features.Get<GuessAttempt>()?.GiveBack();
        return true;
    }

    private async Task<bool> VerifyAsync(string? name, string? key, CancellationToken cancellationToken)
    {
        // No key is empty (ApiKey.Validate), and the guess limit does not count a request whose key is (BasicCredentials.CarriesKey):
        // deriving one would be work anyone could ask for without limit.
        if (name is null || string.IsNullOrEmpty(key) || !Volatile.Read(ref _keyHashes).TryGetValue(name, out string? stored))
        {
            return false;
        }

        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        if (_verified.TryGetValue(name, out var known) && known.KeyHash == stored && CryptographicOperations.FixedTimeEquals(known.Digest, digest))
        {
            return true;
        }

        if (!await _derivations.RunAsync(() => ApiKeyHash.Verify(stored, key), cancellationToken))
        {
            return false;
        }

        _verified[name] = (stored, digest);
        return true;
    }
}
