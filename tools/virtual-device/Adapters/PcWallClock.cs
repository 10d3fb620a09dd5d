using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// A PC's calendar clock, set from the start (so points carry UTC dates at once): the date at the run's start, moved
/// on by the device's own clock, so simulated time in tests gives dates that move with it.
/// </summary>
public sealed class PcWallClock(IClock clock) : IWallClock
{
    private readonly long _originUnixMilliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - clock.Milliseconds;

    /// <inheritdoc/>
    public bool IsSet => true;

    /// <inheritdoc/>
    public long UtcNowUnixMilliseconds => _originUnixMilliseconds + clock.Milliseconds;

    /// <inheritdoc/>
    public bool WaitUntilSet(string server, int timeoutMilliseconds) => true;
}
