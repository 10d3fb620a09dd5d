using System.Diagnostics;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>At most one object per interval per stream in the long run (Plotly: "We throttle
/// incoming JSON objects at 50ms"). A generic cell-rate algorithm with a tolerance of one extra
/// object, so a client that sends exactly every 50 ms loses nothing when network jitter or
/// TCP coalescing delivers two of its objects together.</summary>
public sealed class StreamThrottle
{
    private const int BurstObjects = 2;

    private readonly long _intervalTicks;
    private readonly object _gate = new();
    private long _theoreticalArrival;

    public StreamThrottle(int intervalMilliseconds)
    {
        _intervalTicks = intervalMilliseconds * Stopwatch.Frequency / 1000;
    }

    public bool TryAccept() => TryAccept(Stopwatch.GetTimestamp());

    /// <summary>True when an object arriving at <paramref name="timestamp"/> (Stopwatch ticks) is kept.</summary>
    public bool TryAccept(long timestamp)
    {
        if (_intervalTicks == 0)
        {
            return true;
        }

        lock (_gate)
        {
            long arrival = Math.Max(_theoreticalArrival, timestamp);
            if (arrival - timestamp > (BurstObjects - 1) * _intervalTicks)
            {
                return false;
            }

            _theoreticalArrival = arrival + _intervalTicks;
            return true;
        }
    }
}
