using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Device.Loops
{
    /// <summary>
    /// One stream's loop, on a thread of its own: connect, send what is due, heartbeat, reconnect. A connect or a send
    /// can block for tens of seconds; with a thread per stream it blocks only that stream, never the samples or the
    /// other streams. Two native calls are the exception on the ESP32, holding every thread while they wait: a DNS
    /// lookup (made once and kept, ServerAddressBook) and a TLS handshake with a server that never answers it.
    /// Between wake-ups it sleeps until it has something to do.
    /// </summary>
    public sealed class StreamLoop : DeviceLoop
    {
        // Between wake-ups (a point appended) the loop still looks this often, so a server's answer is noticed within a second.
        private const int LongestSleepMilliseconds = 1000;

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

            // Sleep until the next object, heartbeat or reconnection is due, or until a new point wakes the loop.
            int wait = _stream.MillisecondsUntilNextWork();
            return wait < 0 || wait > LongestSleepMilliseconds ? LongestSleepMilliseconds : wait;
        }
    }
}
