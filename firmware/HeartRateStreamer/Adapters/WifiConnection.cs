using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Startup;
using nanoFramework.Networking;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// Joins Wi-Fi through nanoFramework's <see cref="WifiNetworkHelper"/>: first the network stored on the device
    /// (provisioned by the flash tool's network deployment, or saved by an earlier successful connection), then the one
    /// in the configuration file. Every attempt has a timeout, because the helper waits forever without one.
    /// Reconnection after a drop is automatic (<see cref="WifiReconnectionKind.Automatic"/>); <see cref="Reconnect"/>
    /// is for when it does not happen.
    /// </summary>
    public sealed class WifiConnection : INetworkLink
    {
        // What a NetworkInterface reports as its address while it has none.
        private const string NoAddress = "0.0.0.0";

        private readonly DeviceLog _log;

        /// <summary>The link, logging its attempts to <paramref name="log"/>.</summary>
        public WifiConnection(DeviceLog log)
        {
            _log = log;
        }

        /// <summary>The SSID stored in the device's Wi-Fi configuration block, or an empty string.</summary>
        public string StoredSsid
        {
            get
            {
                NetworkInterface? wifi = FindWifiInterface();
                if (wifi == null)
                {
                    return "";
                }

                Wireless80211Configuration[] stored = Wireless80211Configuration.GetAllWireless80211Configurations();
                uint index = wifi.SpecificConfigId;
                if (index >= stored.Length || stored[index].Ssid == null)
                {
                    return "";
                }

                return stored[index].Ssid;
            }
        }

        /// <summary>The device's IPv4 address on Wi-Fi, or "0.0.0.0".</summary>
        public string Address
        {
            get
            {
                NetworkInterface? wifi = FindWifiInterface();
                return wifi == null ? NoAddress : wifi.IPv4Address;
            }
        }

        /// <summary>
        /// A number that differs between boards: the Wi-Fi MAC address folded into an int. It seeds the reconnect
        /// jitter, so devices that lost the server together do not return in step.
        /// </summary>
        public int HardwareSeed
        {
            get
            {
                NetworkInterface? wifi = FindWifiInterface();
                byte[] mac = wifi == null ? new byte[0] : wifi.PhysicalAddress;
                int seed = 17;
                for (int i = 0; i < mac.Length; i++)
                {
                    seed = seed * 31 + mac[i];
                }

                return seed;
            }
        }

        /// <summary>True while the Wi-Fi interface has an address.</summary>
        public bool IsConnected => Address != NoAddress;

        /// <summary>
        /// Tries the stored network, then the configured one, each for <c>wifi.connectTimeoutSeconds</c>. Returns true
        /// once connected; otherwise <paramref name="failure"/> says whether there was nothing to try or nothing worked,
        /// and <paramref name="detail"/> what the helper reported.
        /// </summary>
        public bool Connect(DeviceSettings settings, out StartupFailure failure, out string detail)
        {
            failure = StartupFailure.WifiNotConnected;
            detail = "";
            int timeoutMilliseconds = settings.WifiConnectTimeoutSeconds * 1000;
            string stored = StoredSsid;
            if (stored.Length > 0)
            {
                _log.Write("Wi-Fi: connecting to the stored network '" + stored + "' (up to " + settings.WifiConnectTimeoutSeconds.ToString() + " s)");
                if (Reconnect(timeoutMilliseconds))
                {
                    return true;
                }

                detail = "stored network '" + stored + "': " + DescribeHelperStatus();
                _log.Write("Wi-Fi: " + detail);
            }

            if (settings.HasWifiCredentials)
            {
                _log.Write("Wi-Fi: connecting to '" + settings.WifiSsid + "' from the configuration (up to " + settings.WifiConnectTimeoutSeconds.ToString() + " s)");
                bool connected;
                using (var timeout = new CancellationTokenSource(timeoutMilliseconds))
                {
                    // Saves the network as the stored one, so the next boot tries it first.
                    connected = WifiNetworkHelper.ConnectDhcp(settings.WifiSsid, settings.WifiPassword, WifiReconnectionKind.Automatic, false, 0, timeout.Token);
                }

                if (connected)
                {
                    return true;
                }

                detail = (detail.Length > 0 ? detail + "; " : "") + "configured network '" + settings.WifiSsid + "': " + DescribeHelperStatus();
                _log.Write("Wi-Fi: configured network '" + settings.WifiSsid + "': " + DescribeHelperStatus());
                return false;
            }

            if (stored.Length == 0)
            {
                failure = StartupFailure.NoWifiCredentials;
                detail = "no network is stored on the device and the configuration has no wifi.ssid";
            }

            return false;
        }

        /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for the stored network to give an address.</summary>
        public bool Reconnect(int timeoutMilliseconds)
        {
            using (var timeout = new CancellationTokenSource(timeoutMilliseconds))
            {
                return WifiNetworkHelper.Reconnect(false, 0, timeout.Token);
            }
        }

        private static string DescribeHelperStatus()
        {
            NetworkHelperStatus status = WifiNetworkHelper.Status;
            switch (status)
            {
                case NetworkHelperStatus.TokenExpiredWaitingIPAddress:
                    return "no address before the timeout (wrong password, out of range, 5 GHz only, or no DHCP server)";
                case NetworkHelperStatus.FailedNoNetworkInterface:
                    return "the firmware has no Wi-Fi interface (flash an ESP32 target with Wi-Fi)";
                case NetworkHelperStatus.ErrorConnetingToWiFiWhileScanning:
                    return "the access point refused the connection";
                case NetworkHelperStatus.ExceptionOccurred:
                    Exception? error = WifiNetworkHelper.HelperException;
                    return "the Wi-Fi helper failed: " + (error == null ? "no details" : error.Message);
                default:
                    // nanoFramework prints enums as numbers; the names are in NetworkHelperStatus.
                    return "helper status " + ((int)status).ToString();
            }
        }

        private static NetworkInterface? FindWifiInterface()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    return interfaces[i];
                }
            }

            return null;
        }
    }
}
