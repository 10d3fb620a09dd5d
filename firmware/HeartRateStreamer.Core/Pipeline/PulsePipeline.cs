using System;
using HeartRateStreamer.Buffers;
using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Pipeline
{
    /// <summary>
    /// The body of the processing loop: takes the samples the sampler left in the ring buffer, runs them through the
    /// estimator, and feeds the streams: the pulse wave decimated to at most 20 points/s while a finger is present,
    /// heart rate and SpO2 when their shown value changes, at most every <see cref="ReadingStream.IntervalMilliseconds"/>
    /// (a JSON null when there is no reading, so the plot shows a gap rather than a stale number). The streams do their own
    /// I/O on threads of their own. One thread calls it; nothing on the per-sample path allocates.
    /// </summary>
    public sealed class PulsePipeline
    {
        /// <summary>As many waveform points per second as a stream may send objects (20).</summary>
        public const int MaximumWaveformPointsPerSecond = StreamSettings.MaximumObjectsPerSecond;

        /// <summary>
        /// No sample for this long by the clock means the sensor has stopped giving any (it fails, or is being started
        /// again after a failure): the readings end then, instead of standing at their last values for as long as the
        /// silence lasts. Twice the sampler's own silence limit, and more than any poll or wake-up delay.
        /// </summary>
        public const int SilentSensorMilliseconds = 2000;

        private const long MicrosecondsPerMillisecond = 1000;

        private readonly SampleRingBuffer _buffer;
        private readonly PulseEstimator _estimator;
        private readonly AntiAliasDecimator _decimator;
        private readonly bool _hasRedChannel;
        private readonly PlotStream _pulse;
        private readonly ReadingStream? _heartRate;
        private readonly ReadingStream? _oxygenSaturation;
        private int _samplesProcessed;
        private ReadingStream? _rmssd;
        private ReadingStream? _sdnn;
        private long _newestSampleMilliseconds = long.MinValue;

        /// <summary>
        /// Creates the pipeline for samples arriving at about <paramref name="sampleRateHertz"/>. Heart rate and SpO2
        /// streams are optional (null: not streamed); SpO2 needs <paramref name="hasRedChannel"/>.
        /// </summary>
        public PulsePipeline(
            SampleRingBuffer buffer,
            PulseEstimator estimator,
            int sampleRateHertz,
            bool hasRedChannel,
            PlotStream pulse,
            PlotStream? heartRate,
            PlotStream? oxygenSaturation)
        {
            _buffer = buffer ?? throw new ArgumentNullException(nameof(buffer), "Pass the ring buffer the sampler writes to.");
            _estimator = estimator ?? throw new ArgumentNullException(nameof(estimator), "Pass the pulse estimator.");
            _pulse = pulse ?? throw new ArgumentNullException(nameof(pulse), "Pass the pulse stream; it is the one stream every device has.");
            _decimator = new AntiAliasDecimator(sampleRateHertz, MaximumWaveformPointsPerSecond);
            _hasRedChannel = hasRedChannel;
            _heartRate = heartRate == null ? null : new ReadingStream(heartRate);
            _oxygenSaturation = hasRedChannel && oxygenSaturation != null ? new ReadingStream(oxygenSaturation) : null;
        }

        /// <summary>
        /// Streams heart-rate variability too: RMSSD and SDNN over the last minute (either may be null: not streamed), on
        /// change at most every <see cref="ReadingStream.IntervalMilliseconds"/>, a JSON null while there is no reading.
        /// </summary>
        public void StreamVariability(PlotStream? rmssd, PlotStream? sdnn)
        {
            _rmssd = rmssd == null ? null : new ReadingStream(rmssd);
            _sdnn = sdnn == null ? null : new ReadingStream(sdnn);
        }

        /// <summary>
        /// True from <see cref="SilentSensorMilliseconds"/> without a sample (as <see cref="EndReadingsIfSilent"/> found)
        /// until the next sample: there is no reading, because there is nothing to read.
        /// </summary>
        public bool SamplesStopped { get; private set; }

        /// <summary>Samples taken from the ring buffer so far.</summary>
        public int SamplesProcessed => _samplesProcessed;

        /// <summary>The estimator's finger detection, for the status LED.</summary>
        public bool IsFingerPresent => _estimator.IsFingerPresent;

        /// <summary>The estimator, for reports.</summary>
        public PulseEstimator Estimator => _estimator;

        /// <summary>Whether SpO2 is measured and streamed: the sensor gives a red channel and the configuration an SpO2 stream.</summary>
        public bool StreamsOxygenSaturation => _oxygenSaturation != null;

        /// <summary>
        /// Processes up to <paramref name="maximumSamples"/> waiting samples (bounded, so the streams are serviced
        /// regularly even when a backlog has built up) and returns how many there were.
        /// </summary>
        public int ProcessWaitingSamples(int maximumSamples)
        {
            int processed = 0;
            long timeMilliseconds;
            int infrared;
            int red;
            while (processed < maximumSamples && _buffer.TryRead(out timeMilliseconds, out infrared, out red))
            {
                Process(timeMilliseconds, infrared, red);
                processed++;
            }

            _samplesProcessed += processed;
            return processed;
        }

        /// <summary>
        /// Called by the loop after a pass that found no samples, with the clock's time: once no sample has come for
        /// <see cref="SilentSensorMilliseconds"/> (counted from the first call if none ever came), the estimator forgets
        /// the pulse and every reading stream gets a null at <paramref name="nowMilliseconds"/>, so neither the plot nor
        /// the log shows the last reading as if it were current. Once per silence.
        /// </summary>
        public void EndReadingsIfSilent(long nowMilliseconds)
        {
            if (_newestSampleMilliseconds == long.MinValue)
            {
                _newestSampleMilliseconds = nowMilliseconds;
            }

            if (SamplesStopped || nowMilliseconds - _newestSampleMilliseconds < SilentSensorMilliseconds)
            {
                return;
            }

            SamplesStopped = true;
            _estimator.LoseSignal();
            EndReading(_heartRate, nowMilliseconds);
            EndReading(_oxygenSaturation, nowMilliseconds);
            EndReading(_rmssd, nowMilliseconds);
            EndReading(_sdnn, nowMilliseconds);
        }

        // Not held back to the reading interval: the samples have stopped, so no later look would send it.
        private static void EndReading(ReadingStream? reading, long nowMilliseconds)
        {
            if (reading != null)
            {
                reading.Offer(nowMilliseconds, double.NaN);
            }
        }

        private void Process(long timeMilliseconds, int infrared, int red)
        {
            _newestSampleMilliseconds = timeMilliseconds;
            SamplesStopped = false;
            long timeMicroseconds = timeMilliseconds * MicrosecondsPerMillisecond;
            if (_hasRedChannel)
            {
                _estimator.AddSample(timeMicroseconds, infrared, red);
            }
            else
            {
                _estimator.AddSample(timeMicroseconds, infrared);
            }

            // No finger, no wave: a flat line says nothing, and a silent stream keeps itself alive with heartbeats.
            // The decimator still sees every sample so its filter is settled when the finger returns.
            if (_decimator.Add(timeMilliseconds, _estimator.PulseWaveform) && _estimator.IsFingerPresent)
            {
                _pulse.Append(_decimator.OutputTimeMilliseconds, _decimator.OutputValue);
            }

            if (_heartRate != null && _heartRate.IsDue(timeMilliseconds))
            {
                _heartRate.Offer(timeMilliseconds, _estimator.HasHeartRate ? _estimator.HeartRateBeatsPerMinute : double.NaN);
            }

            if (_oxygenSaturation != null && _oxygenSaturation.IsDue(timeMilliseconds))
            {
                _oxygenSaturation.Offer(timeMilliseconds, _estimator.HasOxygenSaturation ? _estimator.OxygenSaturationPercent : double.NaN);
            }

            if (_rmssd != null && _rmssd.IsDue(timeMilliseconds))
            {
                _rmssd.Offer(timeMilliseconds, _estimator.HasHeartRateVariability ? _estimator.RootMeanSquareSuccessiveDifferenceMilliseconds : double.NaN);
            }

            if (_sdnn != null && _sdnn.IsDue(timeMilliseconds))
            {
                _sdnn.Offer(timeMilliseconds, _estimator.HasHeartRateVariability ? _estimator.StandardDeviationOfNormalIntervalsMilliseconds : double.NaN);
            }
        }
    }
}
