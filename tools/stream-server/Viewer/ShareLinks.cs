using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using HeartRateStreamer.StreamServer.Plots;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>Unguessable share links: a plot's public address is /p/ID, ID = the first 128 bits of
/// HMAC-SHA256(server secret, "OWNER/NUMBER") in base64url (22 characters). Plot numbers are sequential, so
/// /~OWNER/N is for the owner only (HTTP Basic); the link is what "anyone with the link" gets. The secret
/// (32 random bytes, file <see cref="SecretFileName"/> in the data folder, mode 0600) is made on first start
/// and kept, so links survive restarts and overwrites; deleting it changes every link. Each plot's id is computed
/// once, when first needed after the plot came: an unknown id costs a dictionary miss, however many plots there are.</summary>
public sealed class ShareLinks
{
    public const string SecretFileName = "share-links.key";
    public const string Prefix = "/p/";

    private readonly byte[] _secret;
    private readonly PlotRegistry _plots;
    private readonly ConcurrentDictionary<string, (string Owner, int Number)> _known = new(StringComparer.Ordinal);
    private readonly object _learning = new();
    private long _additionsSeen; // of PlotRegistry.Additions, the ones whose links are in _known
    private long _hashes;

    public ShareLinks(byte[] secret, PlotRegistry plots)
    {
        _secret = secret;
        _plots = plots;
    }

    /// <summary>A new secret: 32 random bytes, HMAC-SHA256's output size.</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(32);

    public static byte[] LoadOrCreateSecret(string dataDirectory)
    {
        string path = Path.Combine(dataDirectory, SecretFileName);
        if (!File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(path, options);
            file.Write(NewSecret());
        }

        byte[] secret = File.ReadAllBytes(path);
        return secret.Length >= 32 ? secret : throw new InvalidDataException($"{path} holds {secret.Length} bytes, not 32: delete it to make a new one (every share link changes).");
    }

    /// <summary>How many ids were computed, each an HMAC (a count for tests).</summary>
    internal long Hashes => Interlocked.Read(ref _hashes);

    /// <summary>The plot's share path, /p/ID.</summary>
    public string PathOf(Plot plot) => Prefix + IdOf(plot.Owner, plot.Number);

    /// <summary>The plot a share id names, or null.</summary>
    public Plot? Find(string id) => Named(id) is (string owner, int number) ? _plots.Find(owner, number) : null;

    /// <summary>Whether the share id names a plot its owner deleted: a link someone was given, not a guess.</summary>
    public bool NamesADeletedPlot(string id) => Named(id) is (string owner, int number) && _plots.WasDeleted(owner, number);

    // A known id is a lookup without a lock; an unknown one, a miss, unless plots were added since the last look: then their
    // ids alone are learnt (one HMAC each), never every plot's again. A deleted plot's id stays known and finds no plot.
    private (string Owner, int Number)? Named(string id)
    {
        if (id.Length != 22)
        {
            return null;
        }

        if (_known.TryGetValue(id, out (string Owner, int Number) plot))
        {
            return plot;
        }

        if (Volatile.Read(ref _additionsSeen) == _plots.Additions)
        {
            return null;
        }

        lock (_learning)
        {
            IReadOnlyList<(string Owner, int Number)> added = _plots.AddedSince(_additionsSeen);
            foreach ((string owner, int number) in added)
            {
                _known.TryAdd(IdOf(owner, number), (owner, number));
            }

            Volatile.Write(ref _additionsSeen, _additionsSeen + added.Count);
        }

        return _known.TryGetValue(id, out plot) ? plot : null;
    }

    private string IdOf(string owner, int number)
    {
        Interlocked.Increment(ref _hashes);
        byte[] mac = HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes($"{owner}/{number}"));
        return Convert.ToBase64String(mac, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
