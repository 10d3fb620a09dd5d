using System.Net;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>A token bucket per client address for failed guesses (wrong keys, unknown stream tokens):
/// <see cref="Burst"/> failures at once, then one more per <see cref="Refill"/>. An address whose bucket is
/// empty is refused (429 with Retry-After) until it refills, whether its next guess is right or not, so
/// guessing runs at the refill rate at most. Logged once when an address is first refused, not per guess.
/// IPv6 addresses count per /64 (one host holds a whole /64), and the /64s of one /48 together have a bucket of
/// <see cref="ClientAddress.SiteShares"/> addresses' allowance, in burst and in rate, as the connection and form limits
/// bound a /48 (a customer given a /56 has 256 /64s, each with an allowance of its own). Each table is bounded: full
/// buckets are dropped to make room, in one scan of the table at most once per refill interval, and while it is still full
/// an address (a /48) without a bucket of its own is not counted there. Whoever fills it guesses from more than
/// <see cref="MaxAddresses"/> of them, each at its own refill rate: a bucket shared by the rest would not slow such a
/// guesser, but it would refuse every new viewer and device for as long as the guesser keeps it empty. Against that many
/// addresses the secrets' length protects (API keys, tokens, HMAC links), not this limit. Logged once each time a table
/// fills.</summary>
public sealed class FailureRateLimiter
{
    /// <summary>What <see cref="TryReserve"/> names when the address itself, not its /48, has no attempt left.</summary>
    public const string ThisAddress = "this address";

    /// <summary>Addresses (and, apart, /48s) tracked at once; memory stays bounded however many addresses guess.</summary>
    public const int MaxAddresses = 10_000;

    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly Buckets _addresses;
    private readonly Buckets _sites;

    public FailureRateLimiter(string what, int burst, TimeSpan refill, ILogger logger, TimeProvider? time = null)
    {
        Burst = burst;
        Refill = refill;
        _time = time ?? TimeProvider.System;
        _addresses = new Buckets(what, "addresses", "", burst, refill, logger, _time);
        _sites = new Buckets(what, "/48s", " from its /64s together", (int)Math.Min((long)burst * ClientAddress.SiteShares, int.MaxValue), refill / ClientAddress.SiteShares, logger, _time);
    }

    public int Burst { get; }

    public TimeSpan Refill { get; }

    /// <summary>Failures the /64s of one IPv6 /48 may make together at once (<see cref="ClientAddress.SiteShares"/> times
    /// <see cref="Burst"/>); they get one more per <see cref="Refill"/> divided by as many.</summary>
    public int SiteBurst => _sites.Burst;

    /// <summary>How often the tables were scanned for full buckets (read under no lock: a count for tests).</summary>
    internal int Prunes => _addresses.Prunes + _sites.Prunes;

    /// <summary>True when <paramref name="address"/> has no attempt left (its failures, and its attempts under way, used
    /// up its burst, or its /48's); <paramref name="retryAfter"/> is how long until it may try again. Looks only: an
    /// attempt is made with <see cref="TryReserve"/>.</summary>
    public bool IsLimited(IPAddress? address, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            IPAddress key = ClientAddress.Of(address);
            long now = _time.GetTimestamp();
            return _addresses.IsLimited(key, now, out retryAfter)
                || (ClientAddress.SiteOf(key) is IPAddress site && _sites.IsLimited(site, now, out retryAfter));
        }
    }

    /// <summary>Starts an attempt that may fail (a key or token tried): takes one of the address's attempts (and one of its
    /// /48's) at once, in the same step as the check, so requests that run side by side cannot all pass a check made before
    /// any of them failed. Null, with <paramref name="retryAfter"/>, when the address or its /48 has none left (answer 429;
    /// <paramref name="refused"/> names which for the client: "this address" or the /48). The attempt keeps its place as a
    /// failure unless it is given back (<see cref="GuessAttempt.GiveBack"/>) when it turns out right or tried nothing.</summary>
    public GuessAttempt? TryReserve(IPAddress? address, out TimeSpan retryAfter, out string refused)
    {
        lock (_lock)
        {
            IPAddress key = ClientAddress.Of(address);
            IPAddress? site = ClientAddress.SiteOf(key);
            long now = _time.GetTimestamp();
            refused = ThisAddress;
            if (_addresses.Refuses(key, key.ToString(), now, out retryAfter))
            {
                return null;
            }

            if (site is not null && _sites.Refuses(site, ClientAddress.SiteName(site), now, out retryAfter))
            {
                refused = ClientAddress.SiteName(site) + ", from its /64s together";
                return null;
            }

            refused = "";
            return new GuessAttempt(this, key, _addresses.Take(key, now), site is not null && _sites.Take(site, now));
        }
    }

    /// <summary>An attempt that failed nothing gives its places back (those it took: <paramref name="address"/>,
    /// <paramref name="site"/>).</summary>
    internal void GiveBack(IPAddress key, bool address, bool site)
    {
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            if (address)
            {
                _addresses.GiveBack(key, now);
            }

            if (site && ClientAddress.SiteOf(key) is IPAddress of)
            {
                _sites.GiveBack(of, now);
            }
        }
    }

    // One table of buckets (addresses, or /48s) with its burst and refill; under the limiter's lock.
    private sealed class Buckets(string what, string kind, string together, int burst, TimeSpan refill, ILogger logger, TimeProvider time)
    {
        private readonly Dictionary<IPAddress, Bucket> _table = new();
        private bool _fullLogged; // the table's filling was logged, and it has not had room since
        private long? _lastPrune; // when the table was last scanned for full buckets

        public int Burst => burst;

        public int Prunes { get; private set; }

        public bool IsLimited(IPAddress who, long now, out TimeSpan retryAfter) => IsLimited(Find(who, now), now, out retryAfter);

        // True when `who` has no attempt left, logged the first time in an episode (until its bucket refills).
        public bool Refuses(IPAddress who, string name, long now, out TimeSpan retryAfter)
        {
            Bucket? bucket = Find(who, now);
            if (!IsLimited(bucket, now, out retryAfter))
            {
                return false;
            }

            if (!bucket!.Logged)
            {
                bucket.Logged = true;
                logger.LogWarning("{What} from {Address}{Together}: {Burst} failures (or attempts under way), so its attempts are refused (429) beyond one per {Seconds} s",
                    what, name, together, burst, refill.TotalSeconds);
            }

            return true;
        }

        // Takes one of `who`'s attempts; false when it was not counted (the table is full and `who` has no bucket).
        public bool Take(IPAddress who, long now)
        {
            Bucket? bucket = Find(who, now);
            if (bucket is null)
            {
                if (_table.Count >= MaxAddresses)
                {
                    if (!_fullLogged)
                    {
                        _fullLogged = true;
                        logger.LogWarning("{What}: {Max} {Kind} are limited at once, so failures from further ones are not counted until buckets refill "
                            + "(a guess spread over that many addresses; the secrets' length is what holds against it)", what, MaxAddresses, kind);
                    }

                    return false;
                }

                _fullLogged = false;
                bucket = new Bucket(burst, now);
                _table.Add(who, bucket);
            }

            double tokens = bucket.TokensAt(now, time, burst, refill);
            if (tokens >= burst)
            {
                bucket.Logged = false; // refilled since it was refused: a new refusal is logged again
            }

            bucket.Set(tokens - 1, now);
            return true;
        }

        // A bucket that is full again leaves the table, which so holds only those that failed lately or have attempts under way.
        public void GiveBack(IPAddress who, long now)
        {
            if (!_table.TryGetValue(who, out Bucket? bucket))
            {
                return;
            }

            double tokens = Math.Min(burst, bucket.TokensAt(now, time, burst, refill) + 1);
            if (tokens >= burst)
            {
                _table.Remove(who);
                return;
            }

            bucket.Set(tokens, now);
        }

        private bool IsLimited(Bucket? bucket, long now, out TimeSpan retryAfter)
        {
            retryAfter = TimeSpan.Zero;
            if (bucket is null)
            {
                return false;
            }

            double tokens = bucket.TokensAt(now, time, burst, refill);
            if (tokens >= 1)
            {
                return false;
            }

            retryAfter = refill * (1 - tokens);
            return true;
        }

        // The bucket that counts these failures, or null when there is none (a full table first drops what it may).
        private Bucket? Find(IPAddress who, long now)
        {
            if (_table.TryGetValue(who, out Bucket? bucket))
            {
                return bucket;
            }

            if (_table.Count >= MaxAddresses)
            {
                Prune(now);
            }

            return null;
        }

        // Full buckets say nothing about an address: they are dropped to make room. A scan costs the whole table, so it runs
        // at most once per refill interval, not for every new address while the table is full (someone who keeps it full
        // with many addresses would make every request pay for one); buckets that fill meanwhile go at the next scan.
        private void Prune(long now)
        {
            if (_lastPrune is long last && time.GetElapsedTime(last, now) < refill)
            {
                return;
            }

            _lastPrune = now;
            Prunes++;
            foreach (KeyValuePair<IPAddress, Bucket> entry in _table.Where(entry => entry.Value.TokensAt(now, time, burst, refill) >= burst).ToList())
            {
                _table.Remove(entry.Key);
            }
        }
    }

    private sealed class Bucket(double tokens, long at)
    {
        private double _tokens = tokens;
        private long _at = at;

        /// <summary>True once the refusal was logged; cleared when the bucket refills.</summary>
        public bool Logged { get; set; }

        public double TokensAt(long now, TimeProvider time, int burst, TimeSpan refill) =>
            Math.Min(burst, _tokens + time.GetElapsedTime(_at, now) / refill);

        public void Set(double tokens, long at)
        {
            _tokens = tokens;
            _at = at;
        }
    }
}
