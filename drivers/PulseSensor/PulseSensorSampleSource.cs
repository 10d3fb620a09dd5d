using System;
using HeartRateStreamer.Sampling;

namespace Iot.Device.PulseSensor
{
    /// <summary>
    /// The analog pulse sensor as a sample source for <see cref="FixedRateSampler"/>: one conversion per poll, so the
    /// sampler's schedule is the sample rate. The signal goes in the infrared slot, the channel heart-rate detection
    /// reads; red stays 0 because a single-LED sensor cannot give SpO2.
    /// </summary>
    public class PulseSensorSampleSource : ISampleSource
    {
        private const int MicrosecondsPerSecond = 1000000;

        private readonly PulseSensor _sensor;
        private readonly int _intervalMicroseconds;

        /// <summary>Samples <paramref name="sensor"/> <paramref name="samplesPerSecond"/> times a second (1 to 1000).</summary>
        public PulseSensorSampleSource(PulseSensor sensor, int samplesPerSecond)
        {
            if (sensor == null)
            {
                throw new ArgumentNullException(nameof(sensor), "Pass the pulse sensor to sample.");
            }

            if (samplesPerSecond < 1 || samplesPerSecond > 1000)
            {
                throw new ArgumentOutOfRangeException(nameof(samplesPerSecond), "Sample the analog pulse sensor 1 to 1000 times a second; 100 is plenty for heart rate.");
            }

            _sensor = sensor;
            _intervalMicroseconds = MicrosecondsPerSecond / samplesPerSecond;
        }

        /// <inheritdoc />
        public int SampleIntervalMicroseconds => _intervalMicroseconds;

        /// <inheritdoc />
        public int PollIntervalMicroseconds => _intervalMicroseconds;

        /// <inheritdoc />
        public int MaximumSamplesPerRead => 1;

        /// <inheritdoc />
        public bool BuffersSamples => false;

        /// <inheritdoc />
        public bool LosesNewestWhenFull => false;

        /// <inheritdoc />
        public int LostSampleCount => 0;

        /// <inheritdoc />
        public bool LastLossUncounted => false;

        /// <inheritdoc />
        public int LastLossBeforeBatch => 0;

        /// <summary>Takes one conversion, so a broken input is reported at start rather than at the first sample.</summary>
        public void Start()
        {
            _sensor.ReadRaw();
        }

        /// <inheritdoc />
        public int Read(int[] red, int[] infrared)
        {
            infrared[0] = _sensor.Read();
            red[0] = 0;
            return 1;
        }
    }
}
