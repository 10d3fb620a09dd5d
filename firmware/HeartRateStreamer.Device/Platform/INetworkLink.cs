using HeartRateStreamer.Configuration;
using HeartRateStreamer.Startup;

namespace HeartRateStreamer.Device.Platform
{
    /// <summary>The board's Wi-Fi link: joining at start-up, its state, and an explicit reconnection when the automatic one does not happen.</summary>
    public interface INetworkLink
    {
        /// <summary>True while the link has an address.</summary>
        bool IsConnected { get; }

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
