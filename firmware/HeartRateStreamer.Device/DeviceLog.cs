using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Device
{
    /// <summary>
    /// The device's log: one line per event, prefixed with the time since boot, on the platform's output (the serial
    /// console on a board). Lines are built with string concatenation, so write events and reports, never per sample.
    /// </summary>
    public sealed class DeviceLog
    {
        private readonly IClock _clock;
        private readonly ILogOutput _output;

        /// <summary>A log stamped with <paramref name="clock"/>'s time, written to <paramref name="output"/>.</summary>
        public DeviceLog(IClock clock, ILogOutput output)
        {
            _clock = clock;
            _output = output;
        }

        /// <summary>Writes "[    12.3 s] message".</summary>
        public void Write(string message)
        {
            long milliseconds = _clock.Milliseconds;
            string seconds = (milliseconds / 1000).ToString() + "." + ((milliseconds % 1000) / 100).ToString();
            _output.WriteLine("[" + seconds.PadLeft(8, ' ') + " s] " + message);
        }
    }
}
