using System;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Sampling;

namespace Iot.Device.Max30102
{
    /// <summary>
    /// The MAX30102 as a sample source for <see cref="FixedRateSampler"/>. The driver is created by the first
    /// successful <see cref="Start"/>, so a sensor that is missing at boot is simply retried, and it is
    /// re-initialised by every later <see cref="Start"/>.
    /// </summary>
    public class Max30102SampleSource : ISampleSource
    {
        /// <summary>The sampler polls after about this many samples, a quarter of the FIFO: three more polls may be late before it overflows.</summary>
        public const int SamplesPerPoll = 8;

        /// <summary>Polls are at least this frequent, so the stream stays fresh at low sample rates.</summary>
        public const int MaximumPollIntervalMicroseconds = 100000;

        private const int MicrosecondsPerSecond = 1000000;

        private readonly IRegisterBus _bus;
        private readonly Max30102Settings _settings;
        private readonly int _sampleIntervalMicroseconds;
        private readonly int _pollIntervalMicroseconds;
        private Max30102? _sensor;

        /// <summary>Checks <paramref name="settings"/> now (they cannot fail later on the device) and keeps a copy for <see cref="Start"/>.</summary>
        public Max30102SampleSource(IRegisterBus bus, Max30102Settings settings)
        {
            if (bus == null)
            {
                throw new ArgumentNullException(nameof(bus), "Pass the register bus the MAX30102 is connected to.");
            }

            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings), "Pass the MAX30102 settings (new Max30102Settings() gives the finger-tip defaults).");
            }

            settings.Validate();
            _bus = bus;
            _settings = Copy(settings);

            // Averaging divides the rate at which samples reach the FIFO (datasheet, register 0x08 SMP_AVE).
            long conversionsPerSample = Max30102Settings.ToAveragedCount(settings.SampleAveraging);
            _sampleIntervalMicroseconds = (int)((MicrosecondsPerSecond * conversionsPerSample) / Max30102Settings.ToSamplesPerSecond(settings.SampleRate));
            int pollInterval = _sampleIntervalMicroseconds * SamplesPerPoll;
            _pollIntervalMicroseconds = pollInterval < MaximumPollIntervalMicroseconds ? pollInterval : MaximumPollIntervalMicroseconds;
        }

        /// <summary>The driver, once the first start succeeded; null before.</summary>
        public Max30102? Sensor => _sensor;

        /// <inheritdoc />
        public int SampleIntervalMicroseconds => _sampleIntervalMicroseconds;

        /// <inheritdoc />
        public int PollIntervalMicroseconds => _pollIntervalMicroseconds;

        /// <inheritdoc />
        public int MaximumSamplesPerRead => Max30102.FifoDepth;

        /// <inheritdoc />
        public bool BuffersSamples => true;

        /// <inheritdoc />
        public bool LosesNewestWhenFull => _settings.FifoFullBehavior == FifoFullBehavior.KeepOldest;

        /// <inheritdoc />
        public int LostSampleCount => _sensor == null ? 0 : _sensor.OverflowCount;

        /// <inheritdoc />
        public bool LastLossUncounted => _sensor != null && _sensor.LastReadLossSaturated;

        /// <inheritdoc />
        public int LastLossBeforeBatch => _sensor == null ? 0 : _sensor.LastReadLostBeforeBatch;

        /// <inheritdoc />
        public void Start()
        {
            if (_sensor == null)
            {
                _sensor = new Max30102(_bus, _settings);
            }
            else
            {
                _sensor.Initialize();
            }
        }

        /// <inheritdoc />
        public int Read(int[] red, int[] infrared)
        {
            if (_sensor == null)
            {
                throw new InvalidOperationException("The MAX30102 has not been started: call Start() first.");
            }

            int count = _sensor.ReadFifo(red, infrared);
            if (_sensor.ChannelCount == 1)
            {
                // Heart-rate mode fires the red LED only. Its pulse goes in the infrared slot, the channel finger and beat
                // detection read, as the analog sensor's does; left in red beside an infrared of 0 it was never seen.
                // Red is 0: one wavelength gives no SpO2.
                for (int index = 0; index < count; index++)
                {
                    infrared[index] = red[index];
                    red[index] = 0;
                }
            }

            return count;
        }

        private static Max30102Settings Copy(Max30102Settings settings)
        {
            var copy = new Max30102Settings();
            copy.Mode = settings.Mode;
            copy.SampleRate = settings.SampleRate;
            copy.PulseWidth = settings.PulseWidth;
            copy.AdcRange = settings.AdcRange;
            copy.SampleAveraging = settings.SampleAveraging;
            copy.FifoFullBehavior = settings.FifoFullBehavior;
            copy.RedLedCurrentMicroamperes = settings.RedLedCurrentMicroamperes;
            copy.InfraredLedCurrentMicroamperes = settings.InfraredLedCurrentMicroamperes;
            return copy;
        }
    }
}
