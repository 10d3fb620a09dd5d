using System.Diagnostics;

namespace HeartRateStreamer.StreamServer.LoadGenerator;

/// <summary>Latencies in 0.1 ms buckets up to 60 s, shared by every viewer (a list of a million
/// doubles per second of a large step would cost the generator more than the counting).</summary>
public sealed class LatencyHistogram
{
    private const double BucketMilliseconds = 0.1;
    private readonly long[] _buckets = new long[600_000];
    private long _count;
    private long _maxTicks;

    public long Count => Interlocked.Read(ref _count);

    public void Record(long sentTimestamp, long receivedTimestamp)
    {
        long ticks = Math.Max(0, receivedTimestamp - sentTimestamp);
        int bucket = (int)Math.Min(_buckets.Length - 1, ticks * 1000.0 / Stopwatch.Frequency / BucketMilliseconds);
        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Increment(ref _count);
        long max;
        while (ticks > (max = Interlocked.Read(ref _maxTicks)) && Interlocked.CompareExchange(ref _maxTicks, ticks, max) != max)
        {
        }
    }

    public double MaxMilliseconds => Interlocked.Read(ref _maxTicks) * 1000.0 / Stopwatch.Frequency;

    /// <summary>The upper edge of the bucket holding the p-th latency, in ms; NaN when nothing was recorded.</summary>
    public double Percentile(double p)
    {
        long count = Count;
        if (count == 0)
        {
            return double.NaN;
        }

        long rank = (long)Math.Ceiling(p * count);
        long seen = 0;
        for (int bucket = 0; bucket < _buckets.Length; bucket++)
        {
            seen += _buckets[bucket];
            if (seen >= rank)
            {
                return (bucket + 1) * BucketMilliseconds;
            }
        }

        return MaxMilliseconds;
    }
}
