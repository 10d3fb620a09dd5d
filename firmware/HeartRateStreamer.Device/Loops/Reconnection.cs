using HeartRateStreamer.Device.Platform;

namespace HeartRateStreamer.Device.Loops
{
    /// <summary>An explicit Wi-Fi reconnection, on its own thread so the status LED keeps blinking while it waits.</summary>
    public sealed class Reconnection : OneShot
    {
        private readonly INetworkLink _network;
        private readonly int _timeoutMilliseconds;

        /// <summary>A reconnection of <paramref name="network"/> that waits up to <paramref name="timeoutMilliseconds"/>.</summary>
        public Reconnection(INetworkLink network, int timeoutMilliseconds, DeviceLog log)
            : base("Wi-Fi reconnection", log)
        {
            _network = network;
            _timeoutMilliseconds = timeoutMilliseconds;
        }

        /// <inheritdoc />
        protected override void Run()
        {
            bool connected = _network.Reconnect(_timeoutMilliseconds);
            Log.Write(connected ? "Wi-Fi: reconnected, address " + _network.Address : "Wi-Fi: the reconnection timed out; trying again in a minute.");
        }
    }
}
