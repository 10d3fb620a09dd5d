using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// A PC's calendar clock: the date at the run's start, moved on by the device's own clock, so simulated time in tests
/// gives dates that move with it. Set from the start (points carry UTC dates at once) unless a test holds it unset, as a
/// board's is until SNTP answers, and a test may correct it as SNTP does, so the board's switch to dates and its steering
/// of point times run off the board too.
/// </summary>
public sealed class PcWallClock(IClock clock, IDeviceThreads threads) : IWallClock
{
    // How often WaitUntilSet looks again, as a board's SNTP wait polls.
    private const int WaitStepMilliseconds = 100;

    private readonly long _originUnixMilliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - clock.Milliseconds;
    private long _correctionMilliseconds;
    private readonly object _faultLock = new();
    private Exception? _waitFault;
    private int _waitFaults;

    /// <summary>The device clock's reading from which the wall clock is set (0: from the start).</summary>
    public long SetAtMilliseconds { get; set; }

    /// <inheritdoc/>
    public bool IsSet => clock.Milliseconds >= SetAtMilliseconds;

    /// <inheritdoc/>
    public long UtcNowUnixMilliseconds => _originUnixMilliseconds + Interlocked.Read(ref _correctionMilliseconds) + clock.Milliseconds;

    /// <summary>Moves the date by <paramref name="milliseconds"/>, as an SNTP correction moves a board's.</summary>
    public void Correct(long milliseconds) => Interlocked.Add(ref _correctionMilliseconds, milliseconds);

    /// <summary>
    /// Makes the next <paramref name="calls"/> waits throw <paramref name="fault"/>, as a board's native SNTP call can
    /// (tests: a connecting step after the Wi-Fi join that throws what no step handles).
    /// </summary>
    public void ThrowOnWait(Exception fault, int calls)
    {
        lock (_faultLock)
        {
            _waitFault = fault;
            _waitFaults = calls;
        }
    }

    /// <inheritdoc/>
    public bool WaitUntilSet(string server, int timeoutMilliseconds)
    {
        lock (_faultLock)
        {
            if (_waitFaults > 0)
            {
                _waitFaults--;
                throw _waitFault!;
            }
        }

        return PollingWait.Until(() => IsSet, timeoutMilliseconds, WaitStepMilliseconds, clock, threads);
    }
}
