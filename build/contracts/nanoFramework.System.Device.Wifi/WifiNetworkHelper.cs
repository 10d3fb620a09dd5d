// Reference contract: nanoFramework.System.Device.Wifi 1.5.149
using System;
using System.Device.Wifi;
using System.Threading;

namespace nanoFramework.Networking
{
    public static class WifiNetworkHelper
    {
        public static NetworkHelperStatus Status
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public static Exception HelperException
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public static WifiAdapter WifiAdapter
        {
            get
            {
                throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
            }
        }

        public static bool ConnectDhcp(
            string ssid,
            string password,
            WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic,
            bool requiresDateTime = false,
            int wifiAdapterId = 0,
            CancellationToken token = default)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }

        public static bool Reconnect(
            bool requiresDateTime = false,
            int wifiAdapterId = 0,
            CancellationToken token = default)
        {
            throw new NotSupportedException("Reference contract: type-checking only; the real package runs on the device.");
        }
    }
}
