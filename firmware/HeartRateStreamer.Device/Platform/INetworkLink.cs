using HeartRateStreamer.Configuration;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Startup;

namespace HeartRateStreamer.Device.Platform
{
    /// <summary>The board's Wi-Fi link: joining at start-up, its state, and an explicit reconnection when the automatic one does not happen.</summary>
    public interface INetworkLink
    {
        /// <summary>True while the link has an address.</summary>
        bool IsConnected { get; }

        /// <summary>
        /// Goes up by one each time the network stack says the link changed (gone, back, a new address), from any thread;
        /// reading it allocates nothing, so the status loop reads it every tick and asks <see cref="IsConnected"/> only
        /// when it has moved.
        /// </summary>
        int ChangeCount { get; }

        /// <summary>From now on sets <paramref name="wake"/> (the status loop's) at each change as well, so the change is
        /// noticed at once, before the streams act on it, not at the loop's next tick.</summary>
        void WakeOnChange(IWakeSignal wake);

        /// <summary>The device's address on the network, for the log.</summary>
        string Address { get; }

        /// <summary>
        /// Joins the network the settings (or the board's stored configuration) name, within the configured timeout.
        /// Returns true once connected; otherwise <paramref name="failure"/> says what kind of failure it was and
        /// <paramref name="detail"/> what the Wi-Fi stack reported.
        /// </summary>
        bool Connect(DeviceSettings settings, out StartupFailure failure, out string detail);

        /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for the known network to give an address again.</summary>
        bool Reconnect(int timeoutMilliseconds);
    }
}
