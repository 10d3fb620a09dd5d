using HeartRateStreamer.Simulation.Max30102;

namespace HeartRateStreamer.Simulation.Ppg
{
    /// <summary>
    /// The synthetic PPG as the simulated MAX30102's photodiode sees it: each conversion asks the generator for the
    /// light at that moment, so the chip's own sample rate, averaging and FIFO timing apply on top.
    /// </summary>
    public sealed class SyntheticOpticalWaveform : IOpticalWaveform
    {
        private readonly SyntheticPpgGenerator _generator;

        /// <summary>Wraps <paramref name="generator"/>; its own sample rate setting is not used.</summary>
        public SyntheticOpticalWaveform(SyntheticPpgGenerator generator)
        {
            if (generator == null)
            {
                throw new System.ArgumentNullException(nameof(generator));
            }

            _generator = generator;
        }

        /// <summary>The generator, for its truth (beat onsets, nominal rate) at the latest conversion.</summary>
        public SyntheticPpgGenerator Generator => _generator;

        /// <inheritdoc />
        public void Sample(long timeMicroseconds, out int red, out int infrared)
        {
            _generator.MoveTo(timeMicroseconds);
            red = (int)_generator.Red;
            infrared = (int)_generator.Infrared;
        }
    }
}
