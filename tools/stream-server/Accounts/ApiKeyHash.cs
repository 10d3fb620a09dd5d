using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>How a key is stored: salted PBKDF2-SHA256, "pbkdf2-sha256$ITERATIONS$SALT$HASH" (base64), so a
/// copy of the database does not give the keys away. Generated keys have about 119 bits and need no
/// stretching; configured keys may be weaker, hence PBKDF2. The iteration count is kept modest because
/// every wrong key costs one derivation (<see cref="UserDirectory"/> remembers right ones).</summary>
public static class ApiKeyHash
{
    public const string Scheme = "pbkdf2-sha256";
    public const int Iterations = 20_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Create(string key)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        byte[] hash = Derive(key, salt, Iterations);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when the text has this class's format (an old database holds plain keys instead).</summary>
    public static bool IsHash(string stored) => TryParse(stored, out _, out _, out _);

    /// <summary>Compares in time that does not depend on where the key differs.</summary>
    public static bool Verify(string stored, string? key)
    {
        return key is not null
            && TryParse(stored, out int iterations, out byte[] salt, out byte[] expected)
            && CryptographicOperations.FixedTimeEquals(Derive(key, salt, iterations), expected);
    }

    private static byte[] Derive(string key, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(key), salt, iterations, HashAlgorithmName.SHA256, HashBytes);

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        string[] parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations is < 1 or > 10_000_000)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
            return salt.Length > 0 && hash.Length == HashBytes;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
