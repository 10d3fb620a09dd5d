using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Startup;
using nanoFramework.Networking;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// Joins Wi-Fi through nanoFramework's <see cref="WifiNetworkHelper"/>: first the network stored on the device
    /// (provisioned by the flash tool's network deployment, or saved by an earlier successful connection), then the one
    /// in the configuration file. Every attempt has a timeout, because the helper waits forever without one.
    /// Reconnection after a drop is automatic (<see cref="WifiReconnectionKind.Automatic"/>); <see cref="Reconnect"/>
    /// is for when it does not happen. The stack's <see cref="NetworkChange"/> events move <see cref="ChangeCount"/>, so
    /// the status loop notices a drop or a return at once.
    /// </summary>
    /// <remarks>
    /// <see cref="WifiNetworkHelper.ConnectDhcp"/> writes the SSID and password into the device's stored Wi-Fi
    /// configuration and saves it BEFORE it connects (and the native connect also rewrites its Options), so a wrong
    /// password from the configuration file would replace a working stored network and be tried first on every later
    /// boot. <see cref="Connect"/> therefore keeps a copy of the stored configuration and saves it back when the
    /// connection fails: credentials are kept only once they have given the device an address.
    /// </remarks>
    public sealed class WifiConnection : INetworkLink
    {
        // What a NetworkInterface reports as its address while it has none.
        private const string NoAddress = "0.0.0.0";

        private readonly DeviceLog _log;
        private readonly object _wakeLock = new object();
        private int _changes;
        private IWakeSignal? _changeWake;

        /// <summary>The link, logging its attempts to <paramref name="log"/>.</summary>
        public WifiConnection(DeviceLog log)
        {
            _log = log;
            // Both: which of them a drop or a return raises is the native stack's choice; the status loop reads the address either way.
            NetworkChange.NetworkAvailabilityChanged += OnAvailabilityChanged;
            NetworkChange.NetworkAddressChanged += OnAddressChanged;
        }

        /// <inheritdoc />
        public int ChangeCount => Interlocked.CompareExchange(ref _changes, 0, 0);

        /// <inheritdoc />
        public void WakeOnChange(IWakeSignal wake)
        {
            lock (_wakeLock)
            {
                _changeWake = wake;
            }
        }

        /// <summary>The SSID stored in the device's Wi-Fi configuration block, or an empty string.</summary>
        public string StoredSsid
        {
            get
            {
                Wireless80211Configuration? stored = StoredConfiguration();
                return stored == null || stored.Ssid == null ? "" : stored.Ssid;
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
        /// A number that differs between boards: the Wi-Fi MAC address folded into an int. Neighbouring MACs give
        /// neighbouring numbers, so the reconnect jitter is seeded through <see cref="HeartRateStreamer.Supervision.JitterSeed"/>,
        /// and devices that lost the server together do not return in step.
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
                // The helper stores these credentials before it knows whether they work; keep what was stored.
                Wireless80211Configuration? before = StoredConfiguration();
                bool connected;
                using (var timeout = new CancellationTokenSource(timeoutMilliseconds))
                {
                    connected = WifiNetworkHelper.ConnectDhcp(settings.WifiSsid, settings.WifiPassword, WifiReconnectionKind.Automatic, false, 0, timeout.Token);
                }

                ReleaseHelperAdapter();

                if (connected)
                {
                    // Now stored for real: the next boot tries this network first.
                    return true;
                }

                string helperStatus = DescribeHelperStatus();
                string restored = Restore(before);
                detail = (detail.Length > 0 ? detail + "; " : "") + "configured network '" + settings.WifiSsid + "': " + helperStatus + restored;
                _log.Write("Wi-Fi: configured network '" + settings.WifiSsid + "': " + helperStatus + restored);
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
            // Waiting is enough: nf-interpreter's ESP32 event handler calls esp_wifi_connect() on every disconnect while its
            // connect flag is set (by the helper's Automatic connect, or a stored AutoConnect network), so the radio retries itself.
            bool connected;
            using (var timeout = new CancellationTokenSource(timeoutMilliseconds))
            {
                connected = WifiNetworkHelper.Reconnect(false, 0, timeout.Token);
            }

            ReleaseHelperAdapter();
            return connected;
        }

        // The runtime raises the events on its event thread: count and wake only.
        private void OnAvailabilityChanged(object sender, NetworkAvailabilityEventArgs e)
        {
            NoteChange();
        }

        private void OnAddressChanged(object sender, EventArgs e)
        {
            NoteChange();
        }

        private void NoteChange()
        {
            Interlocked.Increment(ref _changes);
            lock (_wakeLock)
            {
                if (_changeWake != null)
                {
                    _changeWake.Set();
                }
            }
        }

        // Each helper call makes a new WifiAdapter (FindAllAdapters), which registers itself with the package's static
        // event listener and leaves it only when disposed (System.Device.Wifi 1.5.x, WifiAdapter's constructor and
        // Dispose); the helper never disposes the one it replaces. Undisposed, every attempt would keep ~120 bytes for
        // good: a reconnection a minute through a night without the router is tens of KB of a 100-150 KB heap.
        // Disposing only unregisters it (the ESP32's native dispose does nothing); the connection stays up.
        private static void ReleaseHelperAdapter()
        {
            WifiAdapter? adapter = WifiNetworkHelper.WifiAdapter;
            if (adapter != null)
            {
                adapter.Dispose();
            }
        }

        // The stored configuration the Wi-Fi interface uses: a copy the runtime reads from the configuration block.
        private static Wireless80211Configuration? StoredConfiguration()
        {
            NetworkInterface? wifi = FindWifiInterface();
            if (wifi == null)
            {
                return null;
            }

            Wireless80211Configuration[] stored = Wireless80211Configuration.GetAllWireless80211Configurations();
            uint index = wifi.SpecificConfigId;
            return index < stored.Length ? stored[index] : null;
        }

        // Saves the copy taken before ConnectDhcp back (SSID, password, options and the rest); says what happened.
        private static string Restore(Wireless80211Configuration? before)
        {
            if (before == null)
            {
                return "";
            }

            try
            {
                // SaveConfiguration refuses a null SSID and fails on a null password; the runtime reads them as "".
                if (before.Ssid == null)
                {
                    before.Ssid = "";
                }

                if (before.Password == null)
                {
                    before.Password = "";
                }

                before.SaveConfiguration();
                return before.Ssid.Length > 0
                    ? " (the stored network '" + before.Ssid + "' is kept for the next boot)"
                    : " (nothing stored, as before)";
            }
            catch (Exception e)
            {
                return " (and restoring the stored network failed: " + e.GetType().Name + ": " + e.Message + "; the configured credentials stay stored)";
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
