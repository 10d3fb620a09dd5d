using HeartRateStreamer.Pipeline;

namespace HeartRateStreamer.Device.Loops
{
    /// <summary>
    /// The estimator's loop: takes what the sampler buffered, estimates heart rate and SpO2 and hands points to the
    /// streams, which send them on their own threads. Nothing here waits for the network, so a stream stuck in a
    /// connect or a TLS handshake never holds back the samples.
    /// </summary>
    public sealed class ProcessingLoop : DeviceLoop
    {
        // Samples per pass: about half a second at 100 samples/s, so a backlog is worked off in bounded bites.
        private const int MaximumSamplesPerPass = 64;

        // With nothing waiting, pause this long: a tenth of the 50 ms Plotly cadence.
        private const int IdleMilliseconds = 5;

        private readonly PulsePipeline _pipeline;

        /// <summary>The loop around <paramref name="pipeline"/>.</summary>
        public ProcessingLoop(PulsePipeline pipeline, DeviceLog log)
            : base("processing", log)
        {
            _pipeline = pipeline;
        }

        /// <inheritdoc />
        protected override int Step()
        {
            int processed = _pipeline.ProcessWaitingSamples(MaximumSamplesPerPass);
            return processed < MaximumSamplesPerPass ? IdleMilliseconds : 0;
        }
    }
}
