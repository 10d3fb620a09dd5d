using System.Globalization;
using System.Net;
using HeartRateStreamer.StreamServer.Accounts;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>How many connections are open, in all and per client address (<see cref="ClientAddress"/>: IPv6 per /64, and
/// per /48 for the /64s of one site together, <see cref="PerSite"/>), and whether one more may be: Kestrel has no limit of
/// its own by default, so one client could hold every file descriptor (then nobody else connects, and the database cannot
/// open a file) or every viewer place of a plot.
/// <see cref="ConnectionLimitMiddleware"/> counts each connection from its accept to its end.</summary>
public sealed class ConnectionLimits(int total, int perAddress, ILogger logger)
{
    /// <summary>Connections one address may hold by default: a browser holds up to 6 over plain HTTP (one over HTTPS,
    /// which speaks HTTP/2), a device one per stream, so dozens of viewers and devices behind one NAT fit; one client
    /// alone cannot take a plot's 1000 viewer places.</summary>
    public const int DefaultPerAddress = 256;

    /// <summary>The total where the process's file limit cannot be read (not Linux).</summary>
    public const int FallbackTotal = 10_000;

    /// <summary>Refused connections that may wait at once for their client to read the refusal; more are closed at once. Each
    /// holds its file descriptor a moment, and a client that opens connections as fast as it can must not take them all so.</summary>
    public const int MaxLingeringRefusals = 64;

    private readonly object _lock = new();
    private readonly ClientCounts _connections = new("connections", "close some and try again", perAddress, SiteLimit(perAddress), logger);
    private readonly ClientCounts _eventStreams = new("event streams", "close some pages and try again", perAddress, SiteLimit(perAddress), logger);
    private int _lingering;
    private int _total;
    private bool _totalLogged; // the full server was logged, and it has not drained to 90 % since

    public int Total { get; } = total;

    public int PerAddress { get; } = perAddress;

    /// <summary>Connections (and event streams) the /64s of one IPv6 /48 may hold together (<see cref="ClientAddress.SiteOf"/>):
    /// else one customer given a /56 (256 /64s) would take 256 times <see cref="PerAddress"/>, more than the whole server.</summary>
    public int PerSite { get; } = SiteLimit(perAddress);

    /// <summary>The connections open now (tests).</summary>
    internal int Open
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>The default of --max-connections: the file descriptors this process may open (.NET raises its soft limit to
    /// the hard one at start; systemd's LimitNOFILE sets it), less a tenth and at least 64 for the database, the certificate,
    /// logs and the runtime. Past it the process could accept nothing and open no file.</summary>
    public static int DefaultTotal(string limitsFile = "/proc/self/limits")
    {
        try
        {
            foreach (string line in File.ReadLines(limitsFile))
            {
                // "Max open files            20000                20000                files"
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    string soft = line["Max open files".Length..].TrimStart().Split(' ', 2)[0];
                    return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out long files)
                        ? (int)Math.Clamp(files - Math.Max(files / 10, 64), 1, int.MaxValue)
                        : int.MaxValue; // "unlimited"
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }

        return FallbackTotal;
    }

    /// <summary>Counts a new connection from <paramref name="address"/> (give <paramref name="key"/> to <see cref="Close"/> when
    /// it ends), or refuses it: then the reason, for the client and the log, and the connection is not counted.</summary>
    public string? TryOpen(IPAddress? address, out IPAddress key)
    {
        key = ClientAddress.Of(address);
        lock (_lock)
        {
            if (_total >= Total)
            {
                if (!_totalLogged)
                {
                    _totalLogged = true;
                    logger.LogWarning("{Total} connections are open, the most the server takes (--max-connections): new ones are refused until some close", Total);
                }

                return $"the server has {Total} connections open, the most it takes (--max-connections); try again later";
            }

            string? refusal = _connections.TryAdd(key);
            if (refusal is null)
            {
                _total++;
            }

            return refusal;
        }
    }

    /// <summary>Counts a new event stream (a viewer's /events) from <paramref name="address"/>, or refuses it with the reason:
    /// over HTTP/2 one connection carries up to 100 of them, so counting connections alone let one address hold every viewer
    /// place of a plot over a few. An address holds at most <see cref="PerAddress"/> event streams, as it does connections.
    /// Give <paramref name="key"/> to <see cref="CloseEventStream"/> when the stream ends.</summary>
    public string? TryOpenEventStream(IPAddress? address, out IPAddress key)
    {
        key = ClientAddress.Of(address);
        lock (_lock)
        {
            return _eventStreams.TryAdd(key);
        }
    }

    /// <summary>An event stream counted by <see cref="TryOpenEventStream"/> ended.</summary>
    public void CloseEventStream(IPAddress key)
    {
        lock (_lock)
        {
            _eventStreams.Remove(key);
        }
    }

    /// <summary>Whether a refused connection may wait for its client to read the refusal (<see cref="MaxLingeringRefusals"/>);
    /// if so, <see cref="EndLingering"/> when it is closed.</summary>
    public bool TryLinger()
    {
        if (Interlocked.Increment(ref _lingering) <= MaxLingeringRefusals)
        {
            return true;
        }

        Interlocked.Decrement(ref _lingering);
        return false;
    }

    public void EndLingering() => Interlocked.Decrement(ref _lingering);

    /// <summary>A connection counted by <see cref="TryOpen"/> ended.</summary>
    public void Close(IPAddress key)
    {
        lock (_lock)
        {
            _total--;
            if (_totalLogged && _total <= Total - (Total / 10))
            {
                _totalLogged = false;
            }

            _connections.Remove(key);
        }
    }

    private static int SiteLimit(int perAddress) => (int)Math.Min((long)perAddress * ClientAddress.SiteShares, int.MaxValue);

    // One kind of thing (connections, event streams) counted per client address and per IPv6 /48, under the limits' lock.
    // The tables hold only addresses and sites with one open, so a refusal is logged once an episode and the tables stay
    // as small as what is open.
    private sealed class ClientCounts(string what, string advice, int perAddress, int perSite, ILogger logger)
    {
        private readonly Dictionary<IPAddress, Entry> _byAddress = new();
        private readonly Dictionary<IPAddress, Entry> _bySite = new();

        // Counts one more from the address (a key of ClientAddress.Of), or says why not.
        public string? TryAdd(IPAddress key)
        {
            IPAddress? site = ClientAddress.SiteOf(key);
            string? refusal = Refusal(_byAddress, key, perAddress, key.ToString(), "", "the most one address may (--max-connections-per-address)")
                ?? (site is null ? null : Refusal(_bySite, site, perSite, ClientAddress.SiteName(site), " from its /64s",
                    $"the most one /48 may together ({ClientAddress.SiteShares} times --max-connections-per-address)"));
            if (refusal is not null)
            {
                return refusal + "; " + advice;
            }

            Add(_byAddress, key);
            if (site is not null)
            {
                Add(_bySite, site);
            }

            return null;
        }

        public void Remove(IPAddress key)
        {
            Subtract(_byAddress, key);
            if (ClientAddress.SiteOf(key) is IPAddress site)
            {
                Subtract(_bySite, site);
            }
        }

        // The refusal when `who` holds `limit` already (without the advice), logged the first time in an episode.
        private string? Refusal(Dictionary<IPAddress, Entry> table, IPAddress who, int limit, string name, string from, string most)
        {
            if (!table.TryGetValue(who, out Entry? entry) || entry.Count < limit)
            {
                return null;
            }

            string refusal = $"{name} has {limit} {what} open{from}, {most}";
            if (!entry.Logged)
            {
                entry.Logged = true;
                logger.LogWarning("{Refusal}: its new ones are refused until some close", refusal);
            }

            return refusal;
        }

        private static void Add(Dictionary<IPAddress, Entry> table, IPAddress who) =>
            (table.TryGetValue(who, out Entry? entry) ? entry : table[who] = new Entry()).Count++;

        private static void Subtract(Dictionary<IPAddress, Entry> table, IPAddress who)
        {
            if (table.TryGetValue(who, out Entry? entry) && --entry.Count == 0)
            {
                table.Remove(who); // its refusal is logged again in a later episode
            }
        }
    }

    private sealed class Entry
    {
        public int Count;
        public bool Logged; // its refusal was logged; forgotten with the entry, when its last connection (event stream) ends
    }
}
