using System;

namespace HeartRateStreamer.Simulation.Ppg
{
    /// <summary>
    /// The project's own PPG model: light intensity as a pulse oximeter's photodiode sees it (it falls as each beat
    /// brings blood), for an infrared and a red LED, one timestamped sample per <see cref="Next"/>.
    /// <para>
    /// Each beat is a systolic Gaussian wave and a dicrotic Gaussian wave after the notch, the two-Gaussian pulse of
    /// Tang, Chen, Ward and Elgendi ("Synthetic photoplethysmogram generation using two Gaussian functions", Sci. Rep.
    /// 10, 2020, doi:10.1038/s41598-020-69076-x), plus an exponential diastolic run-off of our own. The systolic and
    /// dicrotic waves' positions and widths scale with the square root of the mean interval in force (systole shortens
    /// less than diastole when the rate rises, and follows the rate, not single beats: Weissler, Harris and Schoenfeld,
    /// Circulation 37:149, 1968, give the ejection time as a linear function of the steady heart rate); the run-off
    /// decays over the beat's own interval, so breathing's swings and beat-to-beat jitter lengthen or shorten diastole
    /// alone. Beats overlap (their tails add up), so rate changes stay smooth. Intervals follow the mean rate with
    /// respiratory sinus arrhythmia and random jitter, and each beat's size may follow the breath too. Wander and motion
    /// multiply both channels' light (they move the finger, not the blood), noise adds counts, the converter clips to
    /// 0..full scale. The red channel's pulse is built for a chosen ratio of ratios.
    /// </para>
    /// The truth (beat onsets, current rate) is exposed next to each sample for tests to compare against.
    /// <para>
    /// Because the upstroke keeps its place after its onset whatever the interval, the intervals between fiducials of the
    /// upstroke are the onsets' intervals: the onsets are the HRV truth (above about 100 bpm the previous beat's tail
    /// still lies under the foot, at a level set by the interval before, and moves foot-side fiducials a little; the
    /// steepest slope stays put: firmware/HeartRateStreamer.Core/SignalProcessing/README.md, above 100 bpm). Measured (2026-12-05, `analyze
    /// --reference-rr` on five minutes at 66 bpm, the onsets as reference): 3 % breathing variability at 100 samples/s,
    /// RMSSD 25.0 ms against the onsets' 25.2 (median interval error 0.6 ms); 2 % random jitter, 23.0 against 22.2; at
    /// 25 and 400 samples/s within 1.2 %. Until then each beat's whole contour scaled with the interval to the next
    /// onset, which moved a mid-upstroke fiducial with the next interval: RMSSD read 6-8 % below the onsets' there.
    /// </para>
    /// </summary>
    public sealed class SyntheticPpgGenerator
    {
        // Beats whose waves may still add to the present sample: at 220 bpm about seven fit in the 2 s a tail lasts.
        private const int RememberedBeatCount = 8;
        private const double BeatInfluenceSeconds = 2.0;

        // Contour of one beat in seconds at a 1 s mean interval (scaled by sqrt(mean interval), within the limits below):
        // systolic peak 0.17 s after the onset, dicrotic wave at 0.42 s, a diastolic run-off falling to 1/e in 0.3 of the
        // beat's own interval.
        private const double SystolicCentreSeconds = 0.17;
        private const double SystolicWidthSeconds = 0.05;
        private const double DicroticCentreSeconds = 0.42;
        private const double DicroticWidthSeconds = 0.07;
        private const double RunOffHeight = 0.35;
        private const double RunOffRiseSeconds = 0.04;
        private const double RunOffDecayIntervals = 0.3;
        private const double MinimumContourScale = 0.55;
        private const double MaximumContourScale = 1.15;

        // Motion: two tremor-like components (1.3 and 2.9 Hz) and a displacement step, in units of MotionRatio × AC.
        private const double MotionSlowHz = 1.3;
        private const double MotionFastHz = 2.9;

        private readonly double _sampleIntervalMicroseconds;
        private readonly SyntheticPpgSettings _settings;
        private readonly DeterministicRandom _random;
        private readonly long[] _onsetMicroseconds = new long[RememberedBeatCount];
        private readonly double[] _intervalSeconds = new double[RememberedBeatCount];
        private readonly double[] _meanIntervalSeconds = new double[RememberedBeatCount];
        private readonly double[] _amplitudes = new double[RememberedBeatCount];
        private readonly double _motionPhaseSlow;
        private readonly double _motionPhaseFast;
        private readonly double _motionStep;
        private int _rememberedCount;
        private int _newestIndex;
        private long _nextOnsetMicroseconds;
        private double _nextAmplitude = 1.0;
        private double _nextBreathingAmplitude = 1.0;
        private int _scheduledNumber;
        private bool _compensatoryPending;
        private bool _started;

        /// <summary>Creates a generator; the first <see cref="Next"/> returns the sample at time 0.</summary>
        public SyntheticPpgGenerator(SyntheticPpgSettings settings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            if (!(settings.SampleRateHz > 0.0) || !(settings.HeartRateBeatsPerMinute > 0.0) || !(settings.SteppedHeartRateBeatsPerMinute > 0.0))
            {
                throw new ArgumentException("SampleRateHz, HeartRateBeatsPerMinute and SteppedHeartRateBeatsPerMinute must be positive.");
            }

            if (!(settings.TimestampJitterFraction >= 0.0) || !(settings.TimestampJitterFraction < 1.0))
            {
                throw new ArgumentException("TimestampJitterFraction must be within [0, 1) so time always moves forward.");
            }

            if (!(settings.RespiratoryAmplitudeFraction >= 0.0) || !(settings.RespiratoryAmplitudeFraction < 1.0))
            {
                throw new ArgumentException("RespiratoryAmplitudeFraction must be within [0, 1) so every beat keeps a positive size.");
            }

            if (!(settings.RespiratoryAmplitudeLagBreaths >= 0.0) || !(settings.RespiratoryAmplitudeLagBreaths < 1.0))
            {
                throw new ArgumentException("RespiratoryAmplitudeLagBreaths must be within [0, 1): a lag of a whole breath or more is the same as its fraction.");
            }

            _settings = settings;
            _random = new DeterministicRandom(settings.Seed);
            _sampleIntervalMicroseconds = 1000000.0 / settings.SampleRateHz;
            _motionPhaseSlow = 2.0 * WaveMath.Pi * _random.NextUniform();
            _motionPhaseFast = 2.0 * WaveMath.Pi * _random.NextUniform();
            _motionStep = _random.NextUniform() - 0.5;

            // Start two seconds before time 0 so the first sample already sits in a steady train of beats.
            _nextOnsetMicroseconds = -2000000 + (long)(1000000.0 * _random.NextUniform() * 60.0 / settings.HeartRateBeatsPerMinute);
            _nextBreathingAmplitude = BreathingAmplitudeAt(_nextOnsetMicroseconds);
            ScheduleBeatsUntil(0, false);
        }

        /// <summary>Time of the current sample.</summary>
        public long TimeMicroseconds { get; private set; }

        /// <summary>Infrared counts of the current sample.</summary>
        public double Infrared { get; private set; }

        /// <summary>Red counts of the current sample.</summary>
        public double Red { get; private set; }

        /// <summary>Whether a beat began since the previous sample (its onset is <see cref="LastBeatOnsetMicroseconds"/>).</summary>
        public bool BeatStarted { get; private set; }

        /// <summary>Onset (foot of the upstroke) of the newest beat.</summary>
        public long LastBeatOnsetMicroseconds { get; private set; }

        /// <summary>Beats begun at or after time 0, up to the current sample.</summary>
        public int BeatCount { get; private set; }

        /// <summary>Mean heart rate in force at the current sample (before variability).</summary>
        public double NominalHeartRateBeatsPerMinute { get; private set; }

        /// <summary>Whether the finger is on the sensor at the current sample.</summary>
        public bool IsFingerOn { get; private set; }

        /// <summary>
        /// Lifts the finger from the next sample on until cleared, beside the settings' one finger-off window: for a
        /// run that lifts it at times of its own (a soak lifts it every cycle). Off by default.
        /// </summary>
        public bool FingerLifted { get; set; }

        /// <summary>Whether the current sample lies in the motion burst.</summary>
        public bool IsInMotion { get; private set; }

        /// <summary>Produces the next sample, one (possibly jittered) sample interval after the previous one.</summary>
        public void Next()
        {
            long time = 0;
            if (_started)
            {
                double jitter = _settings.TimestampJitterFraction * (2.0 * _random.NextUniform() - 1.0);
                long step = (long)(_sampleIntervalMicroseconds * (1.0 + jitter) + 0.5);
                time = TimeMicroseconds + (step < 1 ? 1 : step);
            }

            MoveTo(time);
        }

        /// <summary>
        /// Produces the sample at <paramref name="timeMicroseconds"/>, for a consumer with its own clock (the simulated
        /// MAX30102 samples when its conversions fall due). Times must not decrease.
        /// </summary>
        public void MoveTo(long timeMicroseconds)
        {
            if (_started && timeMicroseconds < TimeMicroseconds)
            {
                throw new ArgumentOutOfRangeException(nameof(timeMicroseconds), "Sample times must not decrease: the generator's beats only move forward.");
            }

            _started = true;
            TimeMicroseconds = timeMicroseconds;
            long now = timeMicroseconds;
            double seconds = now * 0.000001;
            NominalHeartRateBeatsPerMinute = RateAt(seconds);
            BeatStarted = false;
            ScheduleBeatsUntil(now, true);

            IsFingerOn = !FingerLifted && !Within(seconds, _settings.FingerOffStartSeconds, _settings.FingerOffDurationSeconds);
            IsInMotion = Within(seconds, _settings.MotionStartSeconds, _settings.MotionDurationSeconds);
            double noiseCounts = _settings.NoiseRatio * _settings.PerfusionIndex * _settings.InfraredLevelCounts;
            if (!IsFingerOn)
            {
                Infrared = Digitise(_settings.AmbientLevelCounts + noiseCounts * _random.NextGaussian());
                Red = Digitise(_settings.AmbientLevelCounts + noiseCounts * _random.NextGaussian());
                return;
            }

            double pulse = _settings.PulseAbsent ? 0.0 : PulseAt(now);
            if (_settings.MotionStartSeconds >= 0.0 && seconds >= _settings.MotionStartSeconds + _settings.MotionDurationSeconds)
            {
                pulse *= _settings.PulseAfterMotionRatio;
            }

            double perfusion = _settings.PerfusionIndex;
            double wander = _settings.WanderRatio * perfusion * WaveMath.Sine(BreathingPhase(seconds) + 0.7);
            double motion = IsInMotion ? _settings.MotionRatio * perfusion * MotionShape(seconds - _settings.MotionStartSeconds) : 0.0;
            double transmission = 1.0 + wander + motion;
            Infrared = Digitise(_settings.InfraredLevelCounts * transmission * (1.0 - perfusion * pulse) + noiseCounts * _random.NextGaussian());
            Red = Digitise(_settings.RedLevelCounts * transmission * (1.0 - perfusion * _settings.RatioOfRatios * pulse) + noiseCounts * _random.NextGaussian());
        }

        private double RateAt(double seconds)
        {
            bool stepped = _settings.RateStepTimeSeconds >= 0.0 && seconds >= _settings.RateStepTimeSeconds;
            return stepped ? _settings.SteppedHeartRateBeatsPerMinute : _settings.HeartRateBeatsPerMinute;
        }

        private void ScheduleBeatsUntil(long timeMicroseconds, bool report)
        {
            while (_nextOnsetMicroseconds <= timeMicroseconds)
            {
                long onset = _nextOnsetMicroseconds;
                double onsetSeconds = onset * 0.000001;
                double meanInterval = 60.0 / RateAt(onsetSeconds);
                double variation = _settings.RespiratoryVariabilityFraction * WaveMath.Sine(BreathingPhase(onsetSeconds))
                    + _settings.BeatJitterFraction * _random.NextGaussian();
                if (variation < -0.5)
                {
                    variation = -0.5;
                }

                double interval = meanInterval * (1.0 + variation);
                if (onset >= 0)
                {
                    _scheduledNumber++;
                }

                // This beat's interval is the time to the next onset; a premature next beat shortens it, and the
                // compensatory pause after the premature beat makes the two add up to two intervals.
                double contourInterval = interval;
                double amplitude = _nextAmplitude * _nextBreathingAmplitude;
                _nextAmplitude = 1.0;
                if (_compensatoryPending)
                {
                    _compensatoryPending = false;
                    interval = meanInterval * (2.0 - _settings.EctopicPrematurityFraction);
                }
                else if (onset >= 0 && _scheduledNumber + 1 == _settings.EctopicBeatNumber)
                {
                    interval = meanInterval * _settings.EctopicPrematurityFraction;
                    _nextAmplitude = _settings.EctopicAmplitudeRatio;
                    _compensatoryPending = true;
                }

                if (onset >= 0 && _scheduledNumber + 1 == _settings.WeakBeatNumber)
                {
                    _nextAmplitude = _settings.WeakBeatAmplitudeRatio;
                }

                _newestIndex = (_newestIndex + 1) % RememberedBeatCount;
                _onsetMicroseconds[_newestIndex] = onset;
                _intervalSeconds[_newestIndex] = contourInterval;
                _meanIntervalSeconds[_newestIndex] = meanInterval;
                _amplitudes[_newestIndex] = amplitude;
                if (_rememberedCount < RememberedBeatCount)
                {
                    _rememberedCount++;
                }

                _nextOnsetMicroseconds = onset + (long)(interval * 1000000.0);
                _nextBreathingAmplitude = BreathingAmplitudeAt(_nextOnsetMicroseconds);
                if (report && onset >= 0)
                {
                    BeatStarted = true;
                    BeatCount++;
                    LastBeatOnsetMicroseconds = onset;
                }
            }
        }

        // The normalised pulse (about 1 at the systolic peak) as the sum of the remembered beats' contours.
        private double PulseAt(long timeMicroseconds)
        {
            double sum = 0.0;
            for (int age = 0; age < _rememberedCount; age++)
            {
                int index = (_newestIndex - age + RememberedBeatCount) % RememberedBeatCount;
                double sinceOnset = (timeMicroseconds - _onsetMicroseconds[index]) * 0.000001;
                if (sinceOnset < BeatInfluenceSeconds)
                {
                    sum += _amplitudes[index] * Contour(sinceOnset, _meanIntervalSeconds[index], _intervalSeconds[index]);
                }
            }

            // The coming beat's foot already begins just before its onset.
            int newest = _newestIndex;
            sum += _nextAmplitude * _nextBreathingAmplitude * Contour((timeMicroseconds - _nextOnsetMicroseconds) * 0.000001, _meanIntervalSeconds[newest], _intervalSeconds[newest]);
            return sum;
        }

        // The breath's phase at a time: the one clock of sinus arrhythmia, the pulse's size and the wander.
        private double BreathingPhase(double seconds)
        {
            return 2.0 * WaveMath.Pi * _settings.BreathingRateHz * seconds;
        }

        // A beat's size set by the breath at its onset, by default in phase with sinus arrhythmia's swing of the interval:
        // the smallest pulses come with the shortest intervals, on inspiration (RespiratoryAmplitudeFraction), or later by
        // RespiratoryAmplitudeLagBreaths (a lag of 0 leaves the phase bit for bit as it was).
        private double BreathingAmplitudeAt(long onsetMicroseconds)
        {
            double lag = 2.0 * WaveMath.Pi * _settings.RespiratoryAmplitudeLagBreaths;
            return 1.0 + _settings.RespiratoryAmplitudeFraction * WaveMath.Sine(BreathingPhase(onsetMicroseconds * 0.000001) - lag);
        }

        private double Contour(double sinceOnsetSeconds, double meanIntervalSeconds, double intervalSeconds)
        {
            double scale = SquareRoot(meanIntervalSeconds);
            if (scale < MinimumContourScale)
            {
                scale = MinimumContourScale;
            }
            else if (scale > MaximumContourScale)
            {
                scale = MaximumContourScale;
            }

            double systolicCentre = SystolicCentreSeconds * scale;
            double systolic = WaveMath.Bump(sinceOnsetSeconds, systolicCentre, SystolicWidthSeconds * scale);
            double dicrotic = _settings.DicroticWaveRatio * WaveMath.Bump(sinceOnsetSeconds, DicroticCentreSeconds * scale, DicroticWidthSeconds * scale);

            // Run-off: a smooth step up with the systolic wave, then an exponential fall over the rest of the beat.
            double rise = (sinceOnsetSeconds - systolicCentre) / (RunOffRiseSeconds * scale);
            double logistic = rise >= 0.0 ? 1.0 / (1.0 + WaveMath.ExponentialDecay(1.7 * rise)) : WaveMath.ExponentialDecay(-1.7 * rise) / (1.0 + WaveMath.ExponentialDecay(-1.7 * rise));
            double afterPeak = sinceOnsetSeconds > systolicCentre ? sinceOnsetSeconds - systolicCentre : 0.0;
            double runOff = RunOffHeight * logistic * WaveMath.ExponentialDecay(afterPeak / (RunOffDecayIntervals * intervalSeconds));
            return systolic + dicrotic + runOff;
        }

        private double MotionShape(double sinceStartSeconds)
        {
            return 0.6 * WaveMath.Sine(2.0 * WaveMath.Pi * MotionSlowHz * sinceStartSeconds + _motionPhaseSlow)
                + 0.4 * WaveMath.Sine(2.0 * WaveMath.Pi * MotionFastHz * sinceStartSeconds + _motionPhaseFast)
                + _motionStep;
        }

        private double Digitise(double counts)
        {
            // The converter: whole counts, clipped to its range.
            if (counts <= 0.0)
            {
                return 0.0;
            }

            if (counts >= _settings.FullScaleCounts)
            {
                return _settings.FullScaleCounts;
            }

            return (long)(counts + 0.5);
        }

        private static bool Within(double seconds, double startSeconds, double durationSeconds)
        {
            return startSeconds >= 0.0 && seconds >= startSeconds && seconds < startSeconds + durationSeconds;
        }

        private static double SquareRoot(double value)
        {
            double estimate = value > 1.0 ? value : 1.0;
            for (int i = 0; i < 30; i++)
            {
                estimate = 0.5 * (estimate + value / estimate);
            }

            return estimate;
        }
    }
}
