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

    private readonly Dictionary<IPAddress, Entry> _open = new();
    private readonly Dictionary<IPAddress, Entry> _eventStreams = new(); // under _open's lock
    private readonly Dictionary<IPAddress, Entry> _openBySite = new(); // IPv6 /48s; under _open's lock
    private readonly Dictionary<IPAddress, Entry> _eventStreamsBySite = new(); // under _open's lock
    private int _lingering;
    private int _total;
    private bool _totalLogged; // the full server was logged, and it has not drained to 90 % since

    public int Total { get; } = total;

    public int PerAddress { get; } = perAddress;

    /// <summary>Connections (and event streams) the /64s of one IPv6 /48 may hold together (<see cref="ClientAddress.SiteOf"/>):
    /// else one customer given a /56 (256 /64s) would take 256 times <see cref="PerAddress"/>, more than the whole server.</summary>
    public int PerSite { get; } = (int)Math.Min((long)perAddress * ClientAddress.SiteShares, int.MaxValue);

    /// <summary>The connections open now (tests).</summary>
    internal int Open
    {
        get
        {
            lock (_open)
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
        lock (_open)
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

            _open.TryGetValue(key, out Entry? entry);
            if (entry is not null && entry.Count >= PerAddress)
            {
                if (!entry.Logged)
                {
                    entry.Logged = true;
                    logger.LogWarning("{Address} has {Count} connections open, the most one address may (--max-connections-per-address): its new ones are refused until some close",
                        key.ToString(), PerAddress);
                }

                return $"{key} has {PerAddress} connections open, the most one address may (--max-connections-per-address); close some and try again";
            }

            IPAddress? site = ClientAddress.SiteOf(key);
            if (SiteRefusal(_openBySite, site, "connections") is string siteFull)
            {
                return siteFull + "; close some and try again";
            }

            entry ??= _open[key] = new Entry();
            entry.Count++;
            Count(_openBySite, site);
            _total++;
            return null;
        }
    }

    /// <summary>Counts a new event stream (a viewer's /events) from <paramref name="address"/>, or refuses it with the reason:
    /// over HTTP/2 one connection carries up to 100 of them, so counting connections alone let one address hold every viewer
    /// place of a plot over a few. An address holds at most <see cref="PerAddress"/> event streams, as it does connections.
    /// Give <paramref name="key"/> to <see cref="CloseEventStream"/> when the stream ends.</summary>
    public string? TryOpenEventStream(IPAddress? address, out IPAddress key)
    {
        key = ClientAddress.Of(address);
        lock (_open)
        {
            _eventStreams.TryGetValue(key, out Entry? entry);
            if (entry is not null && entry.Count >= PerAddress)
            {
                if (!entry.Logged)
                {
                    entry.Logged = true;
                    logger.LogWarning("{Address} has {Count} event streams open, the most one address may (--max-connections-per-address): its new ones are refused until some close",
                        key.ToString(), PerAddress);
                }

                return $"{key} has {PerAddress} event streams open, the most one address may (--max-connections-per-address); close some pages and try again";
            }

            IPAddress? site = ClientAddress.SiteOf(key);
            if (SiteRefusal(_eventStreamsBySite, site, "event streams") is string siteFull)
            {
                return siteFull + "; close some pages and try again";
            }

            entry ??= _eventStreams[key] = new Entry();
            entry.Count++;
            Count(_eventStreamsBySite, site);
            return null;
        }
    }

    /// <summary>An event stream counted by <see cref="TryOpenEventStream"/> ended.</summary>
    public void CloseEventStream(IPAddress key)
    {
        lock (_open)
        {
            if (_eventStreams.TryGetValue(key, out Entry? entry) && --entry.Count == 0)
            {
                _eventStreams.Remove(key); // its refusal is logged again in a later episode
            }

            Uncount(_eventStreamsBySite, ClientAddress.SiteOf(key));
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
        lock (_open)
        {
            _total--;
            if (_totalLogged && _total <= Total - (Total / 10))
            {
                _totalLogged = false;
            }

            if (_open.TryGetValue(key, out Entry? entry) && --entry.Count == 0)
            {
                _open.Remove(key); // the table holds only addresses with a connection open: at most Total entries
            }

            Uncount(_openBySite, ClientAddress.SiteOf(key));
        }
    }

    // Under _open's lock: the refusal when the /48 (none for IPv4) holds PerSite of these already, logged once an episode.
    private string? SiteRefusal(Dictionary<IPAddress, Entry> sites, IPAddress? site, string what)
    {
        if (site is null || !sites.TryGetValue(site, out Entry? entry) || entry.Count < PerSite)
        {
            return null;
        }

        string name = ClientAddress.SiteName(site);
        if (!entry.Logged)
        {
            entry.Logged = true;
            logger.LogWarning("{Site} has {Count} {What} open from its /64s, the most one /48 may together ({Shares} times --max-connections-per-address): its new ones are refused until some close",
                name, PerSite, what, ClientAddress.SiteShares);
        }

        return $"{name} has {PerSite} {what} open from its /64s, the most one /48 may together ({ClientAddress.SiteShares} times --max-connections-per-address)";
    }

    private static void Count(Dictionary<IPAddress, Entry> sites, IPAddress? site)
    {
        if (site is not null)
        {
            (sites.TryGetValue(site, out Entry? entry) ? entry : sites[site] = new Entry()).Count++;
        }
    }

    private static void Uncount(Dictionary<IPAddress, Entry> sites, IPAddress? site)
    {
        if (site is not null && sites.TryGetValue(site, out Entry? entry) && --entry.Count == 0)
        {
            sites.Remove(site); // its refusal is logged again in a later episode
        }
    }

    private sealed class Entry
    {
        public int Count;
        public bool Logged; // its refusal was logged; forgotten with the entry, when its last connection (event stream) ends
    }
}
