using System.Diagnostics;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>At most one object per interval per stream in the long run (Plotly: "We throttle
/// incoming JSON objects at 50ms. While there is a buffer continuing to send data faster than
/// 50ms will result in data loss"). A generic cell-rate algorithm whose buffer is
/// <see cref="BurstObjects"/>: a client that sends every 50 ms loses nothing when a stall in the
/// network, the client or this server delivers up to that many of its objects at once.</summary>
public sealed class StreamThrottle
{
    /// <summary>Half a second of objects at 50 ms.</summary>
    public const int BurstObjects = 10;

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
