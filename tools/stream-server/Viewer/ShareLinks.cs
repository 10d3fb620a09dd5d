using System.Security.Cryptography;
using System.Text;
using HeartRateStreamer.StreamServer.Plots;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>Unguessable share links: a plot's public address is /p/ID, ID = the first 128 bits of
/// HMAC-SHA256(server secret, "OWNER/NUMBER") in base64url (22 characters). Plot numbers are sequential, so
/// /~OWNER/N is for the owner only (HTTP Basic); the link is what "anyone with the link" gets. The secret
/// (32 random bytes, file <see cref="SecretFileName"/> in the data folder, mode 0600) is made on first start
/// and kept, so links survive restarts and overwrites; deleting it changes every link.</summary>
public sealed class ShareLinks
{
    public const string SecretFileName = "share-links.key";
    public const string Prefix = "/p/";

    private readonly byte[] _secret;
    private readonly PlotRegistry _plots;
    private readonly Dictionary<string, (string Owner, int Number)> _known = new(StringComparer.Ordinal);
    private long _additionsSeen = -1;

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

    /// <summary>The plot's share path, /p/ID.</summary>
    public string PathOf(Plot plot) => Prefix + IdOf(plot.Owner, plot.Number);

    /// <summary>The plot a share id names, or null.</summary>
    public Plot? Find(string id) => Named(id) is (string owner, int number) ? _plots.Find(owner, number) : null;

    /// <summary>Whether the share id names a plot its owner deleted: a link someone was given, not a guess.</summary>
    public bool NamesADeletedPlot(string id) => Named(id) is (string owner, int number) && _plots.WasDeleted(owner, number);

    private (string Owner, int Number)? Named(string id)
    {
        if (id.Length != 22)
        {
            return null;
        }

        lock (_known)
        {
            if (!_known.ContainsKey(id))
            {
                LearnNewPlots();
            }

            return _known.TryGetValue(id, out (string Owner, int Number) plot) ? plot : null;
        }
    }

    // The ids are learnt once each, when plots were added since the last look (counted, not the plots: a plot deleted and
    // another made leave as many as before). A deleted plot's id stays known and finds no plot.
    private void LearnNewPlots()
    {
        long additions = _plots.Additions;
        if (additions == _additionsSeen)
        {
            return;
        }

        foreach (Plot plot in _plots.All)
        {
            _known.TryAdd(IdOf(plot.Owner, plot.Number), (plot.Owner, plot.Number));
        }

        foreach ((string owner, int number) in _plots.DeletedPlots)
        {
            _known.TryAdd(IdOf(owner, number), (owner, number));
        }

        _additionsSeen = additions;
    }

    private string IdOf(string owner, int number)
    {
        byte[] mac = HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes($"{owner}/{number}"));
        return Convert.ToBase64String(mac, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
