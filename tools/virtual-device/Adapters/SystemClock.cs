using System.Diagnostics;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>The monotonic clock port from the PC's high-resolution timer: milliseconds since this clock was created.</summary>
public sealed class SystemClock : IClock
{
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public long Milliseconds => (long)Stopwatch.GetElapsedTime(_startTimestamp).TotalMilliseconds;
}
