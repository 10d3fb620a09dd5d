using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>A token bucket per client address for failed guesses (wrong keys, unknown stream tokens):
/// <see cref="Burst"/> failures at once, then one more per <see cref="Refill"/>. An address whose bucket is
/// empty is refused (429 with Retry-After) until it refills, whether its next guess is right or not, so
/// guessing runs at the refill rate at most. Logged once when an address is first refused, not per guess.
/// IPv6 addresses count per /64 (one host holds a whole /64); the table is bounded: while it is full, an address
/// without a bucket of its own is counted, and refused, by one bucket shared by all such addresses. Full buckets are
/// dropped to make room, in one scan of the table at most once per <see cref="Refill"/>.</summary>
public sealed class FailureRateLimiter
{
    /// <summary>Addresses tracked at once; memory stays bounded however many addresses guess.</summary>
    public const int MaxAddresses = 10_000;

    private readonly Dictionary<IPAddress, Bucket> _buckets = new();
    private readonly Bucket _overflow; // the addresses beyond the table's, together
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
        _overflow = new Bucket(burst, _time.GetTimestamp());
    }

    public int Burst { get; }

    public TimeSpan Refill { get; }

    /// <summary>How often the table was scanned for full buckets (read under no lock: a count for tests).</summary>
    internal int Prunes { get; private set; }

    /// <summary>True when <paramref name="address"/> has used up its failures; <paramref name="retryAfter"/>
    /// is how long until it may try again.</summary>
    public bool IsLimited(IPAddress? address, out TimeSpan retryAfter)
    {
        lock (_buckets)
        {
            retryAfter = TimeSpan.Zero;
            long now = _time.GetTimestamp();
            if (BucketOf(Key(address), now) is not Bucket bucket)
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
    }

    public void RecordFailure(IPAddress? address)
    {
        lock (_buckets)
        {
            IPAddress key = Key(address);
            long now = _time.GetTimestamp();
            if (BucketOf(key, now) is not Bucket bucket)
            {
                bucket = new Bucket(Burst, now);
                _buckets.Add(key, bucket);
            }

            double tokens = Math.Max(0, bucket.TokensAt(now, _time, Burst, Refill) - 1);
            bucket.Set(tokens, now);
            if (tokens < 1 && !bucket.Logged)
            {
                bucket.Logged = true;
                _logger.LogWarning("{What} from {Address}: {Burst} failures, so its attempts are refused (429) beyond one per {Seconds} s",
                    _what, bucket == _overflow ? $"addresses beyond the {MaxAddresses} tracked" : key.ToString(), Burst, Refill.TotalSeconds);
            }
            else if (tokens >= Burst - 1)
            {
                bucket.Logged = false;
            }
        }
    }

    // The bucket that counts this address's failures: its own, or while the table is full (after dropping what it may),
    // the shared one; null when it has none yet and the table has room for one.
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

        return _buckets.Count >= MaxAddresses ? _overflow : null;
    }

    // Full buckets say nothing about an address: they are dropped to make room. A scan costs the whole table, so it runs
    // at most once per refill interval, not for every new address while the table is full (someone who keeps it full
    // with many addresses would make every request pay for one); buckets that fill meanwhile go at the next scan, and
    // new addresses share the overflow bucket until then.
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

    private static IPAddress Key(IPAddress? address)
    {
        if (address is null)
        {
            return IPAddress.None;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        byte[] prefix = address.GetAddressBytes();
        Array.Clear(prefix, 8, 8);
        return new IPAddress(prefix);
    }

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
