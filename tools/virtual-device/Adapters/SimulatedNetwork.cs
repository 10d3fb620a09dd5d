using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Startup;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// The virtual device's Wi-Fi: up unless a fault takes it down. While it is down joining fails as a board's would,
/// and every stream's <see cref="NetworkFaultTransport"/> refuses to connect and breaks its connection.
/// </summary>
public sealed class SimulatedNetwork : INetworkLink
{
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
        detail = IsDown ? "no address before the timeout (the network is down: scripted fault)" : "";
        return !IsDown;
    }

    /// <inheritdoc/>
    public bool Reconnect(int timeoutMilliseconds) => !IsDown;
}
