using HeartRateStreamer.Sampling;

namespace HeartRateStreamer.Device.Loops
{
    /// <summary>
    /// The fixed-rate sampler's loop: poll, then sleep until the next poll is due. The sampler never throws for the
    /// sensor (it counts, reports and re-initialises it), and it runs above normal priority: a late poll of an ADC
    /// sensor is a lost sample.
    /// </summary>
    public sealed class SamplingLoop : DeviceLoop
    {
        private readonly FixedRateSampler _sampler;

        /// <summary>The loop around <paramref name="sampler"/>.</summary>
        public SamplingLoop(FixedRateSampler sampler, DeviceLog log)
            : base("sampling", log)
        {
            _sampler = sampler;
            IsTimeCritical = true;
        }

        /// <inheritdoc />
        protected override int Step()
        {
            return _sampler.Poll();
        }
    }
}
