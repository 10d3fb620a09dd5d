using System.Net;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>A token bucket per client address for failed guesses (wrong keys, unknown stream tokens):
/// <see cref="Burst"/> failures at once, then one more per <see cref="Refill"/>. An address whose bucket is
/// empty is refused (429 with Retry-After) until it refills, whether its next guess is right or not, so
/// guessing runs at the refill rate at most. Logged once when an address is first refused, not per guess.
/// IPv6 addresses count per /64 (one host holds a whole /64); the table is bounded: full buckets are dropped to make
/// room, in one scan of the table at most once per <see cref="Refill"/>, and while it is still full an address without
/// a bucket of its own is not counted. Whoever fills it guesses from more than <see cref="MaxAddresses"/> addresses, each
/// at its own refill rate: a bucket shared by the rest would not slow such a guesser, but it would refuse every new
/// viewer and device for as long as the guesser keeps it empty. Against that many addresses the secrets' length protects
/// (API keys, tokens, HMAC links), not this limit. Logged once each time the table fills.</summary>
public sealed class FailureRateLimiter
{
    /// <summary>Addresses tracked at once; memory stays bounded however many addresses guess.</summary>
    public const int MaxAddresses = 10_000;

    private readonly Dictionary<IPAddress, Bucket> _buckets = new();
    private bool _fullLogged; // the table's filling was logged, and it has not had room since
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _what;
    private long? _lastPrune; // when the table was last scanned for full buckets

    public FailureRateLimiter(string what, int burst, TimeSpan refill, ILogger logger, TimeProvider? time = null)
    {
        _what = what;
        Burst = burst;
        Refill = refill;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    public int Burst { get; }

    public TimeSpan Refill { get; }

    /// <summary>How often the table was scanned for full buckets (read under no lock: a count for tests).</summary>
    internal int Prunes { get; private set; }

    /// <summary>True when <paramref name="address"/> has no attempt left (its failures, and its attempts under way, used
    /// up its burst); <paramref name="retryAfter"/> is how long until it may try again. Looks only: an attempt is made
    /// with <see cref="TryReserve"/>.</summary>
    public bool IsLimited(IPAddress? address, out TimeSpan retryAfter)
    {
        lock (_buckets)
        {
            long now = _time.GetTimestamp();
            return IsLimitedLocked(BucketOf(Key(address), now), now, out retryAfter);
        }
    }

    /// <summary>Starts an attempt that may fail (a key or token tried): takes one of the address's attempts at once, in the
    /// same step as the check, so requests that run side by side cannot all pass a check made before any of them failed.
    /// Null, with <paramref name="retryAfter"/>, when the address has none left (answer 429). The attempt keeps its place
    /// as a failure unless it is given back (<see cref="GuessAttempt.GiveBack"/>) when it turns out right or tried
    /// nothing.</summary>
    public GuessAttempt? TryReserve(IPAddress? address, out TimeSpan retryAfter)
    {
        lock (_buckets)
        {
            IPAddress key = Key(address);
            long now = _time.GetTimestamp();
            Bucket? bucket = BucketOf(key, now);
            if (IsLimitedLocked(bucket, now, out retryAfter))
            {
                if (!bucket!.Logged)
                {
                    bucket.Logged = true;
                    _logger.LogWarning("{What} from {Address}: {Burst} failures (or attempts under way), so its attempts are refused (429) beyond one per {Seconds} s",
                        _what, key.ToString(), Burst, Refill.TotalSeconds);
                }

                return null;
            }

            if (bucket is null)
            {
                if (_buckets.Count >= MaxAddresses)
                {
                    if (!_fullLogged)
                    {
                        _fullLogged = true;
                        _logger.LogWarning("{What}: {Max} addresses are limited at once, so failures from further ones are not counted until buckets refill "
                            + "(a guess spread over that many addresses; the secrets' length is what holds against it)", _what, MaxAddresses);
                    }

                    return new GuessAttempt(this, key, counted: false);
                }

                _fullLogged = false;
                bucket = new Bucket(Burst, now);
                _buckets.Add(key, bucket);
            }

            double tokens = bucket.TokensAt(now, _time, Burst, Refill);
            if (tokens >= Burst)
            {
                bucket.Logged = false; // refilled since it was refused: a new refusal is logged again
            }

            bucket.Set(tokens - 1, now);
            return new GuessAttempt(this, key, counted: true);
        }
    }

    /// <summary>An attempt that failed nothing gives its place back; a bucket that is full again leaves the table, which
    /// so holds only addresses that failed lately or have attempts under way.</summary>
    internal void GiveBack(IPAddress key)
    {
        lock (_buckets)
        {
            if (!_buckets.TryGetValue(key, out Bucket? bucket))
            {
                return;
            }

            long now = _time.GetTimestamp();
            double tokens = Math.Min(Burst, bucket.TokensAt(now, _time, Burst, Refill) + 1);
            if (tokens >= Burst)
            {
                _buckets.Remove(key);
                return;
            }

            bucket.Set(tokens, now);
        }
    }

    private bool IsLimitedLocked(Bucket? bucket, long now, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (bucket is null)
        {
            return false;
        }

        double tokens = bucket.TokensAt(now, _time, Burst, Refill);
        if (tokens >= 1)
        {
            return false;
        }

        retryAfter = Refill * (1 - tokens);
        return true;
    }

    // The bucket that counts this address's failures, or null when it has none (a full table first drops what it may).
    private Bucket? BucketOf(IPAddress key, long now)
    {
        if (_buckets.TryGetValue(key, out Bucket? bucket))
        {
            return bucket;
        }

        if (_buckets.Count >= MaxAddresses)
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
        if (_lastPrune is long last && _time.GetElapsedTime(last, now) < Refill)
        {
            return;
        }

        _lastPrune = now;
        Prunes++;
        foreach (KeyValuePair<IPAddress, Bucket> entry in _buckets.Where(entry => entry.Value.TokensAt(now, _time, Burst, Refill) >= Burst).ToList())
        {
            _buckets.Remove(entry.Key);
        }
    }

    private static IPAddress Key(IPAddress? address) => ClientAddress.Of(address);

    private sealed class Bucket(double tokens, long at)
    {
        private double _tokens = tokens;
        private long _at = at;

        /// <summary>True once the address's refusal was logged; cleared when the bucket refills.</summary>
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
