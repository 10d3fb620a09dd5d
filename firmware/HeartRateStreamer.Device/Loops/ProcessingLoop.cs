using HeartRateStreamer.Pipeline;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Device.Loops
{
    /// <summary>
    /// The estimator's loop: takes what the sampler buffered, estimates heart rate and SpO2 and hands points to the
    /// streams, which send them on their own threads. Nothing here waits for the network, so a stream stuck in a
    /// connect never holds back the samples (on the ESP32 a DNS lookup or a TLS handshake holds every thread while
    /// it waits in native code: SocketTransport says how the board keeps them rare). It sleeps until the sampler has
    /// stored samples.
    /// </summary>
    public sealed class ProcessingLoop : DeviceLoop
    {
        // Samples per pass: about half a second at 100 samples/s, so a backlog is worked off in bounded bites.
        private const int MaximumSamplesPerPass = 64;

        // The sampler wakes the loop when it has stored samples (at most every 40 ms); without a wake-up it looks again
        // after this long, a little more than the sampler's wake-up interval, so a missed wake-up costs no more than that.
        private const int LongestSleepMilliseconds = 100;

        private readonly PulsePipeline _pipeline;
        private readonly IClock _clock;

        /// <summary>The loop around <paramref name="pipeline"/>; <paramref name="clock"/> tells it when the samples have stopped.</summary>
        public ProcessingLoop(PulsePipeline pipeline, IClock clock, DeviceLog log)
            : base("processing", log)
        {
            _pipeline = pipeline;
            _clock = clock;
        }

        /// <inheritdoc />
        protected override int Step()
        {
            int processed = _pipeline.ProcessWaitingSamples(MaximumSamplesPerPass);
            if (processed == 0)
            {
                _pipeline.EndReadingsIfSilent(_clock.Milliseconds);
            }

            return processed < MaximumSamplesPerPass ? LongestSleepMilliseconds : 0;
        }
    }
}
