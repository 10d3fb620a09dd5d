using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Device.Loops
{
    /// <summary>
    /// One stream's loop, on a thread of its own: connect, send what is due, heartbeat, reconnect. A connect, a DNS
    /// lookup or a TLS handshake can block for tens of seconds on the ESP32; with a thread per stream it blocks only
    /// that stream, never the samples or the other streams.
    /// </summary>
    public sealed class StreamLoop : DeviceLoop
    {
        // With nothing waiting, look again after this long: a tenth of the 50 ms Plotly cadence.
        private const int IdleMilliseconds = 5;

        // A stream the server stopped (unknown token) only keeps its thread ticking.
        private const int StoppedMilliseconds = 1000;

        private readonly PlotStream _stream;

        /// <summary>The loop around <paramref name="stream"/>.</summary>
        public StreamLoop(PlotStream stream, DeviceLog log)
            : base("stream " + stream.Name, log)
        {
            _stream = stream;
        }

        /// <inheritdoc />
        protected override int Step()
        {
            _stream.Service();
            if (_stream.State == StreamState.Stopped || _stream.State == StreamState.Ended)
            {
                // Nothing more to do, but the loop stays alive so the watchdog does not take it for a hung one.
                return StoppedMilliseconds;
            }

            // Wake when the next object is due, so the wave is sent every 50 ms and not every 50 to 55.
            int nextObject = _stream.MillisecondsUntilNextObject();
            return nextObject >= 0 && nextObject < IdleMilliseconds ? nextObject : IdleMilliseconds;
        }
    }
}
