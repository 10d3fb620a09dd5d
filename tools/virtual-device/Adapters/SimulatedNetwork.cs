using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Startup;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// The virtual device's Wi-Fi: up unless a fault takes it down. While it is down, joining waits as a board's does (until
/// the network comes back or the attempt's timeout passes, then fails), and every <see cref="NetworkFaultTransport"/> on
/// it behaves as a board's socket does on a link that is gone. Going down or coming back moves <see cref="ChangeCount"/> and
/// wakes the status loop, as the board's network events do.
/// </summary>
public sealed class SimulatedNetwork(IClock clock, IDeviceThreads threads) : INetworkLink
{
    // How often a join looks whether the network is back, as the board's helper polls its interface.
    private const int JoinPollMilliseconds = 100;

    private readonly object _faultLock = new();
    private int _down;
    private Exception? _connectFault;
    private int _connectFaults;
    private int _changes;
    private IWakeSignal? _changeWake;
    private long _changedAt = long.MinValue / 2;

    /// <summary>True while the simulated network is down; setting it to what it is changes nothing.</summary>
    public bool IsDown
    {
        get => Volatile.Read(ref _down) == 1;
        set
        {
            int down = value ? 1 : 0;
            int before = Interlocked.Exchange(ref _down, down);
            if (before == down)
            {
                return;
            }

            Volatile.Write(ref _changedAt, clock.Milliseconds);
            if (ReportsChanges)
            {
                Interlocked.Increment(ref _changes);
                Volatile.Read(ref _changeWake)?.Set();
            }
        }
    }

    /// <summary>False: going down or coming back moves nothing and wakes no one, as when a board's network stack misses
    /// its event (tests: the status loop's slow poll must still notice).</summary>
    public bool ReportsChanges { get; set; } = true;

    /// <summary>How long after a change <see cref="IsConnected"/> and <see cref="Address"/> still say what was before, as
    /// when a board's stack reports the change before the interface's address follows (tests: 0, the start, by default).
    /// The sockets (<see cref="IsDown"/>) follow at once.</summary>
    public int AddressLagMilliseconds { get; set; }

    /// <inheritdoc/>
    public int ChangeCount => Volatile.Read(ref _changes);

    /// <inheritdoc/>
    public void WakeOnChange(IWakeSignal wake) => Volatile.Write(ref _changeWake, wake);

    /// <inheritdoc/>
    public bool IsConnected => !AddressSaysDown;

    /// <inheritdoc/>
    public string Address => AddressSaysDown ? "0.0.0.0" : "127.0.0.1";

    // Within the lag the address still shows the state before the change: the opposite of the link's.
    private bool AddressSaysDown => IsDown != (clock.Milliseconds - Volatile.Read(ref _changedAt) < AddressLagMilliseconds);

    /// <summary>
    /// Makes the next <paramref name="calls"/> joins throw <paramref name="fault"/>, as a board's native Wi-Fi call can
    /// throw (or an allocation in it on a small heap) where it should fail (tests: a connect that no start-up step handles).
    /// </summary>
    public void ThrowOnConnect(Exception fault, int calls)
    {
        lock (_faultLock)
        {
            _connectFault = fault;
            _connectFaults = calls;
        }
    }

    /// <inheritdoc/>
    public bool Connect(DeviceSettings settings, out StartupFailure failure, out string detail)
    {
        lock (_faultLock)
        {
            if (_connectFaults > 0)
            {
                _connectFaults--;
                throw _connectFault!;
            }
        }

        failure = StartupFailure.WifiNotConnected;
        bool joined = WaitUntilUp(settings.WifiConnectTimeoutSeconds * 1000);
        detail = joined ? "" : "no address before the timeout (the network is down: scripted fault)";
        return joined;
    }

    /// <inheritdoc/>
    public bool Reconnect(int timeoutMilliseconds) => WaitUntilUp(timeoutMilliseconds);

    // Waits on the board's threads until the network is up or the timeout has passed; true when up.
    private bool WaitUntilUp(int timeoutMilliseconds) => PollingWait.Until(() => !IsDown, timeoutMilliseconds, JoinPollMilliseconds, clock, threads);
}
