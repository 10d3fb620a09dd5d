using System.Net;
using HeartRateStreamer.StreamServer.Accounts;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Protocol;

/// <summary>The /clientresp forms being read and handled at once, in bytes, per client address (<see cref="ClientAddress"/>),
/// per IPv6 /48 for the /64s of one site together (<see cref="PerSite"/>) and in all. A form is held whole before its key
/// can be checked (the npm client sends the key last), so without a bound anyone could make the server hold 2 MiB per
/// request: 200 connections that sent all but the last bytes of a 2 MiB form held 170 MiB, for as long as Kestrel's minimum data rate allows (hours, after 2 MiB sent at once). A form counts its
/// Content-Length (<see cref="ClientRespEndpoint.MaxBodyBytes"/> when chunked) from before its first byte is read until
/// it is answered, and must be read whole within <see cref="ReadTime"/>: otherwise a few addresses holding their share
/// unsent would keep everyone's forms out for as long.</summary>
public sealed class FormBytesInFlight(long total, long perAddress, TimeSpan readTime, ILogger logger)
{
    /// <summary>How long a form may take to arrive whole, as Kestrel's default for a request's head (RequestHeadersTimeout):
    /// a 2 MiB form needs 70 KB/s, a device's few-KiB one a few bytes a second.</summary>
    public static readonly TimeSpan DefaultReadTime = TimeSpan.FromSeconds(30);

    /// <summary>Per address: four forms of the largest size, or thousands of a device's few-KiB ones.</summary>
    public const long DefaultPerAddress = 4L * ClientRespEndpoint.MaxBodyBytes;

    /// <summary>In all: 32 forms of the largest size.</summary>
    public const long DefaultTotal = 32L * ClientRespEndpoint.MaxBodyBytes;

    private readonly Dictionary<IPAddress, Entry> _byAddress = new();
    private readonly Dictionary<IPAddress, Entry> _bySite = new(); // IPv6 /48s; under _byAddress's lock
    private long _total;
    private bool _totalLogged; // the full budget was logged, and it has not drained to 90 % since

    public long Total { get; } = total;

    public long PerAddress { get; } = perAddress;

    /// <summary>Bytes the /64s of one IPv6 /48 may hold together (<see cref="ClientAddress.SiteOf"/>): else one customer given a
    /// /56 would hold 256 addresses' shares. <see cref="ClientAddress.SiteShares"/> addresses' shares, but at most half of
    /// <see cref="Total"/>: by default those shares (128 MiB) are more than the whole budget (64 MiB), and one /48 could keep
    /// every other client's forms out; with half, the rest of the world always has the other half.</summary>
    public long PerSite { get; } = Math.Min(perAddress * ClientAddress.SiteShares, total / 2);

    // What PerSite is, for the refusal and the log.
    private string SiteRule => PerSite < PerAddress * ClientAddress.SiteShares
        ? "half the server's budget"
        : $"{ClientAddress.SiteShares} addresses' shares";

    /// <summary>A form not read whole by then is answered 408 and its bytes are released.</summary>
    public TimeSpan ReadTime { get; } = readTime;

    /// <summary>The bytes reserved now (tests).</summary>
    internal long Reserved
    {
        get
        {
            lock (_byAddress)
            {
                return _total;
            }
        }
    }

    /// <summary>Reserves <paramref name="bytes"/> for a form from <paramref name="address"/> (give <paramref name="key"/> and the
    /// bytes to <see cref="Release"/> when it is answered), or refuses: then whether the address or its /48 (true) or the server is full,
    /// <paramref name="refusal"/> says so for the client, and nothing is reserved. Each is logged once an episode: an
    /// address until it has no form under way, the server until it drained to 90 %.</summary>
    public bool? TryReserve(IPAddress? address, long bytes, out IPAddress key, out string? refusal)
    {
        key = ClientAddress.Of(address);
        lock (_byAddress)
        {
            IPAddress? site = ClientAddress.SiteOf(key);
            refusal = Refusal(key, isSite: false, bytes) ?? (site is null ? null : Refusal(site, isSite: true, bytes));
            if (refusal is not null)
            {
                return true;
            }

            if (_total + bytes > Total)
            {
                if (!_totalLogged)
                {
                    _totalLogged = true;
                    logger.LogWarning("{Total} bytes of plot requests are under way, the most the server takes: new ones are refused until some are answered", _total);
                }

                refusal = $"the server has {_total} bytes of plot requests under way, {Total} at most; try again in a few seconds";
                return false;
            }

            Add(_byAddress, key, bytes);
            if (site is not null)
            {
                Add(_bySite, site, bytes);
            }

            _total += bytes;
            refusal = null;
            return null;
        }
    }

    public void Release(IPAddress key, long bytes)
    {
        lock (_byAddress)
        {
            _total -= bytes;
            if (_totalLogged && _total <= Total - (Total / 10))
            {
                _totalLogged = false;
            }

            Subtract(_byAddress, key, bytes);
            if (ClientAddress.SiteOf(key) is IPAddress site)
            {
                Subtract(_bySite, site, bytes);
            }
        }
    }

    // Under the lock: the refusal when an address (or a /48) holds too much for `bytes` more, logged the first time in an
    // episode. The client is told what its own request would pass; the log names who.
    private string? Refusal(IPAddress who, bool isSite, long bytes)
    {
        (isSite ? _bySite : _byAddress).TryGetValue(who, out Entry? entry);
        long held = entry?.Bytes ?? 0;
        long limit = isSite ? PerSite : PerAddress;
        if (held + bytes <= limit)
        {
            return null;
        }

        string name = isSite ? ClientAddress.SiteName(who) : who.ToString();
        string from = isSite ? " from its /64s" : "";
        string shares = isSite ? $" ({SiteRule})" : "";
        if (entry is not null && !entry.Logged)
        {
            entry.Logged = true;
            logger.LogWarning("{Who} has {Held} bytes of plot requests under way{From}, {Limit} at most{Shares}: its larger ones are refused until some are answered",
                name, held, from, limit, shares);
        }

        return $"{(isSite ? name : "this address")} has {held} bytes of plot requests under way{from}, and this one's {bytes} more would pass {limit}, "
            + $"{(isSite ? "the most one /48 may together" + shares : "the most one address may")}; send it when they are answered";
    }

    private static void Add(Dictionary<IPAddress, Entry> table, IPAddress who, long bytes) =>
        (table.TryGetValue(who, out Entry? entry) ? entry : table[who] = new Entry()).Bytes += bytes;

    private static void Subtract(Dictionary<IPAddress, Entry> table, IPAddress who, long bytes)
    {
        if (table.TryGetValue(who, out Entry? entry) && (entry.Bytes -= bytes) <= 0)
        {
            table.Remove(who); // only those with a form under way are kept
        }
    }

    private sealed class Entry
    {
        public long Bytes;
        public bool Logged; // its refusal was logged; forgotten with the entry, when its last form is answered
    }
}
