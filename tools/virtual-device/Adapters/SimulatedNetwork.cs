using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Startup;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// The virtual device's Wi-Fi: up unless a fault takes it down. While it is down, joining waits as a board's does (until
/// the network comes back or the attempt's timeout passes, then fails), and every <see cref="NetworkFaultTransport"/> on
/// it behaves as a board's socket does on a link that is gone.
/// </summary>
public sealed class SimulatedNetwork(IClock clock, IDeviceThreads threads) : INetworkLink
{
    // How often a join looks whether the network is back, as the board's helper polls its interface.
    private const int JoinPollMilliseconds = 100;

    private int _down;

    /// <summary>True while the simulated network is down.</summary>
    public bool IsDown
    {
        get => Volatile.Read(ref _down) == 1;
        set => Volatile.Write(ref _down, value ? 1 : 0);
    }

    /// <inheritdoc/>
    public bool IsConnected => !IsDown;

    /// <inheritdoc/>
    public string Address => IsDown ? "0.0.0.0" : "127.0.0.1";

    /// <inheritdoc/>
    public bool Connect(DeviceSettings settings, out StartupFailure failure, out string detail)
    {
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
