using System;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// The monotonic clock port on the device: milliseconds since boot from nanoFramework.Runtime.Native's
    /// <c>Environment.TickCount64</c>, which SNTP and clock changes never move.
    /// </summary>
    public sealed class TickCountClock : IClock
    {
        /// <inheritdoc />
        public long Milliseconds => Environment.TickCount64;
    }
}
