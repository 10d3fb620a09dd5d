using System;

namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// Heart rate, beats, SpO2, finger presence and signal quality from a photoplethysmogram, one sample at a time.
    /// <para>
    /// Samples carry their own timestamps, so any rate (25..1000 samples/s) and irregular spacing work: every filter is
    /// defined by a time constant and uses the actual interval, and nothing counts samples. The chain:
    /// baseline (DC) removal and smoothing, a band-pass from 0.32 Hz (rising with the heart rate) to 4 Hz; a hysteresis
    /// rise tracker that reports each upstroke, timed by the mean of its steepest slope and its half-height crossing
    /// (<see cref="UpstrokeTracker"/>); beat
    /// acceptance against the recent beats; and a quality score per beat from how well the wave repeats itself
    /// (<see cref="PulseHistory"/>).
    /// </para>
    /// <para>
    /// Beat acceptance uses the classic ideas of adaptive-threshold detectors: an amplitude threshold relative to the
    /// median of recent upstrokes (measured from the foot of the upstroke, so breathing wander under it does not
    /// count), stricter for candidates that come early and relaxed for late ones, and an on-time rise that cleared only
    /// the relaxed bars becomes the beat when the next one comes late (Pan and Tompkins' search-back after a long
    /// interval, IEEE TBME 32(3), 1985); a bar on the steepest slope as well, since slope marks the systolic
    /// upstroke in Zong's wabp and its PPG adaptation qppg (PhysioNet Cardiovascular Signal Toolbox), one of the two
    /// best detectors in Charlton et al.'s comparison (Physiol. Meas. 43 085007, 2022); and a refractory window tied
    /// to the current rate, within which only the strongest upstroke is kept (or the one on time, when the stronger is
    /// not), so a dicrotic wave after the systolic upstroke or a noise bump before it never becomes a beat. Rises far
    /// larger than a pulse are motion.
    /// </para>
    /// <para>
    /// Heart rate is the mean of the regular intervals among the newest five (regular: within ±30 % of their median),
    /// so one missed or extra beat does not move it. Every reading has a Has... flag: with no finger, saturation,
    /// motion, a lost pulse or a quality figure below the configured minimum, the estimator reports "no reading"
    /// rather than a number. Nothing is allocated after construction, and the work per sample is constant (plus, once
    /// per beat, medians of a few values, a foot search over at most 0.5 s, two correlations over at most 2.4 s of a
    /// 25 samples/s history, and 7 shifts of a 31-point upstroke template that re-time the beat for its NN interval).
    /// </para>
    /// </summary>
    public sealed class PulseEstimator
    {
        // Baseline (DC) time constant: at most 0.5 s, a 0.32 Hz high-pass corner below the 0.5 Hz fundamental of a
        // 30 bpm pulse; once the rate is known, half the expected interval (a corner at 0.32 of the pulse frequency,
        // which passes the fundamental at 95 %), so faster pulses shed more breathing wander (0.2..0.4 Hz), whose slope
        // would otherwise add to or take from their short upstrokes. Never below 0.12 s (1.3 Hz).
        private const float BaselineTimeConstantSeconds = 0.5f;
        private const float MinimumBaselineTimeConstantSeconds = 0.12f;
        private const float BaselineIntervalFraction = 0.5f;

        // Two cascaded first-order stages with a 4 Hz corner each: the pulse fundamental (0.5..3.7 Hz for 30..220 bpm)
        // passes, sensor and camera noise above it is smoothed away.
        private const float SmoothingTimeConstantSeconds = 0.0398f;

        // Finger presence follows the infrared level within about a tenth of a second.
        private const float PresenceTimeConstantSeconds = 0.1f;

        // The envelope (running peak-to-peak of the pulse wave) scales the detector until beats have been accepted.
        private const float EnvelopeTimeConstantSeconds = 2.0f;

        /// <summary>After a (re)start the filters settle and the envelope learns the pulse size before beats are accepted.</summary>
        public const long LearningMicroseconds = 1500000;

        // A turn of the pulse wave counts when it is this share of the typical upstroke.
        private const float HysteresisFraction = 0.15f;

        // A rise this many times the typical upstroke is motion (5 times for a swing still in progress); readings pause.
        internal const float MotionAmplitudeRatio = 3.0f;
        private const float SwingMotionAmplitudeRatio = 5.0f;
        private const long MotionHoldMicroseconds = 2000000;
        private const float CandidateScaleTimeConstantSeconds = 3.0f;

        // "Motion" that goes on this long without a break is more likely the pulse at a new size (a finger pressed
        // harder, or a scale learned from noise): the detector learns afresh. A burst that long leaves nothing to keep.
        private const long MotionRelearnMicroseconds = 8000000;

        // The foot of an upstroke is where, walking back from its steepest point, the wave rises at less than a fifth
        // of that steepest slope; a systolic upstroke takes 0.1..0.3 s, so the search looks at most 0.5 s back.
        private const float FootSlopeFraction = 0.2f;
        private const float FootLookbackSeconds = 0.5f;

        // Acceptance thresholds (share of the typical upstroke) for candidates arriving early (< 0.7 of the expected
        // interval: a rate step, or a dicrotic wave, which is smaller), on time, and late (> 1.5: a beat may have been
        // missed, so relax as Pan-Tompkins' search-back does). The first beats after a start need half the envelope.
        private const float EarlyIntervalRatio = 0.7f;
        private const float LateIntervalRatio = 1.5f;
        private const float EarlyAmplitudeFraction = 0.7f;
        internal const float OnTimeAmplitudeFraction = 0.45f;
        private const float LateAmplitudeFraction = 0.25f;
        private const float BootstrapAmplitudeFraction = 0.5f;

        // A beat is timed by two fiducials of its upstroke, averaged: the steepest slope (parabola-interpolated) and the
        // point where the rise reaches half its height (trough to peak), the middle-amplitude point that gave the most
        // accurate beat-to-beat intervals against the ECG in Peralta et al.'s comparison (Physiol. Meas. 40 025007, 2019).
        // Their noise is only partly shared (one is read from differences of samples, the other from levels), so the
        // mean is steadier than either: on the welltory camera recordings (~30 samples/s) the median interval error fell
        // from 9.7 ms (slope) to 7.0 ms (mean); the half-height point alone gave 6.6 ms but is coarser on a clean 220 bpm
        // pulse at 25 samples/s, where it moved beats by more than the gap between the rate and the 240 bpm limit.
        private const float BeatTimeAmplitudeFraction = 0.5f;

        // An on-time beat's steepest slope is at least this share of the median of the recent beats' steepest slopes.
        private const float MinimumSlopeFraction = 0.4f;

        // A rise of motion size that closes a regular interval as steeply as a pulse (at most twice the recent beats'
        // median steepest slope) is a beat that motion lifted: the upstroke's steepness is the heart's ejection, the
        // extra height the finger's slower movement. On the welltory recordings 99 % of pulse-sized rises stay within
        // 1.65 times that median (the steepest 2.8 times); the other rises of 3-5 pulses were 2.8-3.6 times as steep.
        private const float LiftedBeatSlopeRatio = 2.0f;

        // Upstrokes closer than this share of the expected interval compete for one beat: below half, so a sudden
        // doubling of the rate still yields two beats, above the 0.3..0.45 at which a dicrotic wave follows.
        private const float CompetitionIntervalRatio = 0.45f;

        // From an upstroke's steepest slope to the confirmation of its peak (peak, then a fall by the hysteresis)
        // takes a tenth to a quarter of a second: a rival is awaited this much longer before a beat is committed.
        private const long ConfirmationAllowanceMicroseconds = 300000;

        // Beats stop counting as a pulse after this many expected intervals; then the detector learns afresh.
        private const float LostPulseIntervalRatio = 3.0f;

        // A gap in the samples longer than this restarts the filters (no interval spans it).
        private const long MaximumGapMicroseconds = 500000;

        // A saturated sample blocks readings for this long after the last one.
        private const long SaturationHoldMicroseconds = 1000000;

        // Histories: 5 upstroke amplitudes; 8 intervals (heart rate over the newest 5); quality over the newest 8 beats,
        // reported once 4 beats have been scored.
        private const int AmplitudeHistoryLength = 5;
        private const int IntervalHistoryLength = 8;
        private const int HeartRateIntervalCount = 5;
        private const int QualityBeatCount = 8;
        private const int MinimumScoredBeats = 4;
        private const int MinimumIntervalsForExpectation = 3;
        internal const float RegularityTolerance = 0.3f;

        // Beat scores for the quality figure compare at least this span of the wave, or a fast pulse (or noise) would be
        // judged on a handful of points, which noise matches by chance often enough to pass for a pulse.
        private const float MinimumTemplateSeconds = 1.5f;

        // The wave history covers two of the longest intervals (a beat and the one before it) plus the time a beat
        // waits in competition before it is committed (1.5 s), plus 3 s for the look-back, which runs a few beats after
        // the chain's first beat (once the template has a clean beat): 75 floats more, 300 bytes (936 in all at the default 25 bpm floor).
        private const float HistoryMarginSeconds = 4.5f;


        private readonly float _minimumIntervalMilliseconds;
        private readonly float _maximumIntervalMilliseconds;
        private readonly float _saturationLevel;
        private readonly float _pulseSign;
        private readonly int _minimumQualityPercent;
        private readonly OxygenSaturationCalibration _calibration;

        private readonly FingerPresenceDetector _finger;
        private readonly FirstOrderLowPass _presenceLevel = new FirstOrderLowPass(PresenceTimeConstantSeconds);
        private readonly FirstOrderLowPass _infraredBaseline = new FirstOrderLowPass(BaselineTimeConstantSeconds);
        private readonly FirstOrderLowPass _infraredSmoothing1 = new FirstOrderLowPass(SmoothingTimeConstantSeconds);
        private readonly FirstOrderLowPass _infraredSmoothing2 = new FirstOrderLowPass(SmoothingTimeConstantSeconds);
        private readonly FirstOrderLowPass _redBaseline = new FirstOrderLowPass(BaselineTimeConstantSeconds);
        private readonly FirstOrderLowPass _redSmoothing1 = new FirstOrderLowPass(SmoothingTimeConstantSeconds);
        private readonly FirstOrderLowPass _redSmoothing2 = new FirstOrderLowPass(SmoothingTimeConstantSeconds);
        private readonly FirstOrderLowPass _envelopeHigh = new FirstOrderLowPass(EnvelopeTimeConstantSeconds);
        private readonly FirstOrderLowPass _envelopeLow = new FirstOrderLowPass(EnvelopeTimeConstantSeconds);
        private readonly UpstrokeTracker _upstrokes = new UpstrokeTracker();
        private readonly RatioOfRatiosMeter _ratioMeter = new RatioOfRatiosMeter();
        private readonly RecentValues _amplitudes = new RecentValues(AmplitudeHistoryLength);
        private readonly RecentValues _slopes = new RecentValues(AmplitudeHistoryLength);
        private readonly FirstOrderLowPass _candidateScale = new FirstOrderLowPass(CandidateScaleTimeConstantSeconds);
        private readonly RecentValues _intervals = new RecentValues(IntervalHistoryLength);
        private readonly RecentValues _beatScores = new RecentValues(QualityBeatCount);
        private readonly NormalIntervalFilter _normalIntervals = new NormalIntervalFilter();
        private readonly HeartRateVariabilityWindow _variability;
        private readonly PulseHistory _history;
        private readonly BeatTemplate _template = new BeatTemplate();
        private readonly IntervalTimingJudge _timing;
        private readonly NormalIntervalFeed _intervalFeed;
        private readonly LookBack _lookBack;

        // Fields behind the readings' properties: they are written (and some read) on every sample, and on the
        // nanoFramework interpreter each property access is a call of its own.
        private int _beatCount;
        private long _lastBeatTimeMicroseconds;
        private bool _hasHeartRate;
        private bool _hasOxygenSaturation;
        private bool _hasHeartRateVariability;
        private bool _isSaturated;
        private bool _isMotionDetected;
        private int _signalQualityPercent;
        private float _pulseWaveform;

        // The quality figure while a pulse goes on: it changes only when a beat is scored, so it is worked out then.
        private int _scoredQualityPercent;

        private bool _hasPreviousSample;
        private long _previousTimeMicroseconds;
        private bool _needsRestart;
        private bool _hadRed;
        private long _learningUntilMicroseconds;
        private long _saturatedUntilMicroseconds;
        private long _motionUntilMicroseconds;
        private long _motionStartMicroseconds;
        private float _infraredOffset;
        private float _redOffset;

        // Medians of the histories, recomputed only when a history changes (not per sample).
        private float _typicalAmplitude;
        private float _expectedIntervalMilliseconds;

        // Fields behind the newest interval's properties, which each beat reads and writes several times: on the
        // interpreter every property access is a call, and these pay for the beat's calls into its collaborators.
        private bool _hasLastInterBeatInterval;
        private float _lastInterBeatIntervalMilliseconds;

        private bool _hasLastBeat;
        private bool _hasOxygenSaturationAtLastBeat;
        private bool _hasPending;
        private long _pendingTimeMicroseconds;
        private float _pendingAmplitude;
        private float _pendingSlope;
        private bool _hasSearchBack;
        private long _searchBackTimeMicroseconds;
        private float _searchBackAmplitude;
        private float _searchBackSlope;
        private float _typicalSlope;
        private bool _hasCandidateScale;

        /// <summary>Creates an estimator; <paramref name="settings"/> are validated and copied.</summary>
        public PulseEstimator(PulseEstimatorSettings settings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            settings.Validate();
            _minimumIntervalMilliseconds = 60000.0f / settings.MaximumBeatsPerMinute;
            _maximumIntervalMilliseconds = 60000.0f / settings.MinimumBeatsPerMinute;
            _saturationLevel = settings.SaturationLevel;
            _pulseSign = settings.PulseRaisesSignal ? 1.0f : -1.0f;
            _minimumQualityPercent = settings.MinimumSignalQualityPercent;
            _calibration = settings.Calibration;
            _finger = new FingerPresenceDetector(settings.FingerOnLevel, settings.FingerOffLevel);
            _history = new PulseHistory(2.0f * _maximumIntervalMilliseconds * 0.001f + HistoryMarginSeconds);
            _variability = new HeartRateVariabilityWindow(_minimumIntervalMilliseconds);
            _timing = new IntervalTimingJudge(_history, _template);
            _intervalFeed = new NormalIntervalFeed(_normalIntervals, _variability);
            _lookBack = new LookBack(_history, _template, _timing, _intervalFeed);
        }

        /// <summary>How many beats have been accepted since construction.</summary>
        public int BeatCount => _beatCount;

        /// <summary>Beats found by the look-back since construction: seen in the held wave once a rhythm was known, before the first beat of its chain.</summary>
        public int LookBackBeatCount => _lookBack.BeatCount;

        /// <summary>How many beats the look-back found when the newest beat was committed (read them with <see cref="LookBackBeatTimeMicroseconds"/>).</summary>
        public int NewLookBackBeatCount => _lookBack.NewBeatCount;

        /// <summary>The time of a beat found by the newest look-back, <paramref name="index"/> 0 the oldest (below <see cref="NewLookBackBeatCount"/>).</summary>
        public long LookBackBeatTimeMicroseconds(int index)
        {
            return _lookBack.BeatTimeMicroseconds(index);
        }

        /// <summary>
        /// Time of the newest beat: the mean of its upstroke's steepest point and half-height crossing, as seen through the filters (a constant delay
        /// of a few tens of milliseconds). A beat is reported 0.3 s to half an interval after this time, once no
        /// stronger rival can appear.
        /// </summary>
        public long LastBeatTimeMicroseconds => _lastBeatTimeMicroseconds;

        /// <summary>Whether the newest beat has an interval: the beat before it was accepted too, with nothing (gap, motion, restart) in between.</summary>
        public bool HasLastInterBeatInterval => _hasLastInterBeatInterval;

        /// <summary>The interval from the previous beat to the newest one, in milliseconds (when <see cref="HasLastInterBeatInterval"/>).</summary>
        public float LastInterBeatIntervalMilliseconds => _lastInterBeatIntervalMilliseconds;

        /// <summary>Whether the newest interval is within ±30 % of the median of the recent ones (a missed or extra beat is not).</summary>
        public bool LastInterBeatIntervalIsRegular { get; private set; }

        /// <summary>
        /// The beat-to-beat intervals sorted into normal-to-normal ones and those marked as missed, extra or ectopic
        /// beats (decided one beat late), with the counts of each.
        /// </summary>
        public NormalIntervalFilter NormalIntervals => _normalIntervals;

        /// <summary>Whether <see cref="RootMeanSquareSuccessiveDifferenceMilliseconds"/> and <see cref="StandardDeviationOfNormalIntervalsMilliseconds"/> are readings now.</summary>
        public bool HasHeartRateVariability => _hasHeartRateVariability;

        /// <summary>RMSSD over the last minute of NN intervals (read it only when <see cref="HasHeartRateVariability"/>).</summary>
        public float RootMeanSquareSuccessiveDifferenceMilliseconds => _variability.RootMeanSquareSuccessiveDifferenceMilliseconds;

        /// <summary>SDNN over the last minute of NN intervals (read it only when <see cref="HasHeartRateVariability"/>).</summary>
        public float StandardDeviationOfNormalIntervalsMilliseconds => _variability.StandardDeviationMilliseconds;

        /// <summary>0..100: the share of the last minute covered by clean NN intervals (a reading needs 50).</summary>
        public int HeartRateVariabilityQualityPercent => _variability.QualityPercent;

        /// <summary>Whether <see cref="HeartRateBeatsPerMinute"/> is a reading now.</summary>
        public bool HasHeartRate => _hasHeartRate;

        /// <summary>Heart rate over the last few beats (the last value computed; read it only when <see cref="HasHeartRate"/>).</summary>
        public float HeartRateBeatsPerMinute { get; private set; }

        /// <summary>Whether <see cref="OxygenSaturationPercent"/> is a reading now (needs red samples and a heart rate).</summary>
        public bool HasOxygenSaturation => _hasOxygenSaturation;

        /// <summary>SpO2 in percent from the calibration curve, updated at each beat (read it only when <see cref="HasOxygenSaturation"/>).</summary>
        public float OxygenSaturationPercent { get; private set; }

        /// <summary>The ratio of ratios R measured at the newest beat, behind <see cref="OxygenSaturationPercent"/> (0 when unknown).</summary>
        public float RatioOfRatios { get; private set; }

        /// <summary>Whether a finger is on the sensor (infrared level with hysteresis).</summary>
        public bool IsFingerPresent => _finger.IsPresent;

        /// <summary>Whether a saturated sample was seen within the last second.</summary>
        public bool IsSaturated => _isSaturated;

        /// <summary>Whether a motion artefact was seen within the last two seconds.</summary>
        public bool IsMotionDetected => _isMotionDetected;

        /// <summary>
        /// 0..100: the mean score of the newest 8 beats, where a beat scores the correlation of its wave with the
        /// beat before it (0 for an irregular interval). 0 while there is no finger, the signal saturates, motion is
        /// detected or beats have stopped.
        /// </summary>
        public int SignalQualityPercent => _signalQualityPercent;

        /// <summary>The band-passed infrared pulse wave, rising with each beat (for display), in sample units.</summary>
        public float PulseWaveform => _pulseWaveform;

        /// <summary>Samples ignored because their timestamp did not move forward.</summary>
        public int RejectedSampleCount { get; private set; }

        /// <summary>Samples ignored because a value was not a finite number (NaN or infinite).</summary>
        public int NonFiniteSampleCount { get; private set; }

        /// <summary>Adds an infrared-only sample; returns true when a beat was committed (see <see cref="LastBeatTimeMicroseconds"/>).</summary>
        public bool AddSample(long timeMicroseconds, float infrared)
        {
            return Process(timeMicroseconds, infrared, 0.0f, false);
        }

        /// <summary>Adds an infrared and red sample; returns true when a beat was committed (see <see cref="LastBeatTimeMicroseconds"/>).</summary>
        public bool AddSample(long timeMicroseconds, float infrared, float red)
        {
            return Process(timeMicroseconds, infrared, red, true);
        }

        /// <summary>
        /// The samples have stopped (the sensor failed): forgets the pulse and its readings now rather than at the next
        /// sample, which starts the filters afresh.
        /// </summary>
        public void LoseSignal()
        {
            _needsRestart = true;
            ForgetPulse();
        }

        private bool Process(long timeMicroseconds, float infrared, float red, bool hasRed)
        {
            // NaN or an infinity is no reading (a failed conversion upstream, a damaged recording), and once in a filter it
            // stays there: the presence level would never see the finger again, the red filters never give SpO2 again.
            // x − x is 0 for every finite x and NaN otherwise; written out, as a call per sample costs on the interpreter.
            if (!(infrared - infrared == 0.0f) || !(red - red == 0.0f))
            {
                NonFiniteSampleCount++;
                return false;
            }

            if (!_hasPreviousSample)
            {
                _hasPreviousSample = true;
                _previousTimeMicroseconds = timeMicroseconds;
                _presenceLevel.Reset(infrared);
                _finger.Update(infrared);
                Restart(timeMicroseconds, infrared, red, hasRed);
                return false;
            }

            long intervalMicroseconds = timeMicroseconds - _previousTimeMicroseconds;
            if (intervalMicroseconds <= 0)
            {
                // One bad timestamp must not stop the loop: the sample is dropped and counted.
                RejectedSampleCount++;
                return false;
            }

            _previousTimeMicroseconds = timeMicroseconds;
            float intervalSeconds = intervalMicroseconds * 0.000001f;

            if (infrared >= _saturationLevel || (hasRed && red >= _saturationLevel))
            {
                _saturatedUntilMicroseconds = timeMicroseconds + SaturationHoldMicroseconds;
                _isSaturated = true;
                _needsRestart = true;
                ClearReadings();
                return false;
            }

            _isSaturated = timeMicroseconds < _saturatedUntilMicroseconds;
            bool fingerChanged = _finger.Update(_presenceLevel.Update(infrared, intervalSeconds));
            if (!_finger.IsPresent)
            {
                if (fingerChanged)
                {
                    ForgetPulse();
                    ForgetMeasurement(timeMicroseconds);
                }

                return false;
            }

            if (fingerChanged || _needsRestart || intervalMicroseconds > MaximumGapMicroseconds || hasRed != _hadRed)
            {
                if (fingerChanged)
                {
                    ForgetMeasurement(timeMicroseconds);
                }

                Restart(timeMicroseconds, infrared, red, hasRed);
                return false;
            }

            float redPulse;
            float pulse = Filter(infrared, red, hasRed, intervalSeconds, out redPulse);
            if (hasRed)
            {
                _ratioMeter.Update(redPulse, pulse, intervalSeconds);
            }

            UpdateEnvelope(pulse, intervalSeconds);
            _candidateScale.Update(0.0f, intervalSeconds);
            _history.Add(timeMicroseconds, pulse);

            int beatsBefore = _beatCount;
            float typicalAmplitude = TypicalAmplitude();
            if (_upstrokes.Update(timeMicroseconds, pulse, HysteresisFraction * typicalAmplitude))
            {
                EvaluateCandidate(BeatTime(), UpstrokeAmplitude(), _upstrokes.CandidateMaximumSlope);
                typicalAmplitude = TypicalAmplitude();
            }

            // Large motion shows as soon as the wave swings far beyond a pulse, before any rise completes; the bound is
            // wider than for a completed rise because a swing may include baseline wander.
            if (HasRhythm() && _upstrokes.CurrentExcursion > SwingMotionAmplitudeRatio * typicalAmplitude)
            {
                StartMotion(timeMicroseconds);
            }

            // A rival's steepest slope can lie inside the window while its peak is confirmed only later.
            if (_hasPending && timeMicroseconds - _pendingTimeMicroseconds >= CompetitionWindowMicroseconds() + ConfirmationAllowanceMicroseconds)
            {
                CommitPending();
            }

            UpdateReadings(timeMicroseconds, hasRed);
            return _beatCount != beatsBefore;
        }

        private float Filter(float infrared, float red, bool hasRed, float intervalSeconds, out float redPulse)
        {
            // Offsets keep the filter states near zero, where single precision has resolution to spare.
            float infraredValue = infrared - _infraredOffset;
            float infraredAlternating = infraredValue - _infraredBaseline.Update(infraredValue, intervalSeconds);
            float pulse = _pulseSign * _infraredSmoothing2.Update(_infraredSmoothing1.Update(infraredAlternating, intervalSeconds), intervalSeconds);
            _pulseWaveform = pulse;

            redPulse = 0.0f;
            if (hasRed)
            {
                float redValue = red - _redOffset;
                float redAlternating = redValue - _redBaseline.Update(redValue, intervalSeconds);
                redPulse = _pulseSign * _redSmoothing2.Update(_redSmoothing1.Update(redAlternating, intervalSeconds), intervalSeconds);
            }

            return pulse;
        }

        private void UpdateEnvelope(float pulse, float intervalSeconds)
        {
            // Peak and trough followers: they jump out to a new extreme and relax back towards the wave.
            if (pulse > _envelopeHigh.Value)
            {
                _envelopeHigh.Reset(pulse);
            }
            else
            {
                _envelopeHigh.Update(pulse, intervalSeconds);
            }

            if (pulse < _envelopeLow.Value)
            {
                _envelopeLow.Reset(pulse);
            }
            else
            {
                _envelopeLow.Update(pulse, intervalSeconds);
            }
        }

        // The size of a typical upstroke. Once a rhythm is established: the median of the newest accepted upstrokes (none
        // right after motion, which makes the size be learned afresh).
        // Before: the largest recent rise of any kind, forgotten with a 3 s time constant (beats are the largest rises;
        // noise wiggles are the most numerous ones in a slow pulse's long diastole; a motion spike fades out); at the
        // very start, the envelope, which also holds breathing swings and so serves only until rises have been seen.
        private float TypicalAmplitude()
        {
            if (HasRhythm() && _amplitudes.Count > 0)
            {
                return _typicalAmplitude;
            }

            return _hasCandidateScale ? _candidateScale.Value : _envelopeHigh.Value - _envelopeLow.Value;
        }

        // A rhythm is established once a few consecutive intervals have been measured.
        private bool HasRhythm()
        {
            return _intervals.Count >= MinimumIntervalsForExpectation;
        }

        // The completed rise measured from the foot of its upstroke, not from the trough: the tracker's trough can lie
        // far back when the rise sits on a slow ramp of baseline wander (a slow pulse riding on deep breathing). A rise
        // the history does not reach (one that turned within the newest 40 ms grid step: motion, noise) is measured from
        // its trough: a made-up foot level would give it a made-up size, and the first rise after a restart sets the scale.
        private float UpstrokeAmplitude()
        {
            float trough = _upstrokes.CandidateTrough;
            float foot;
            if (_history.TryFootValue(_upstrokes.CandidateTimeMicroseconds, FootSlopeFraction * _upstrokes.CandidateMaximumSlope, FootLookbackSeconds, out foot) && foot > trough)
            {
                return _upstrokes.CandidatePeak - foot;
            }

            return _upstrokes.CandidatePeak - trough;
        }

        // A beat's time: the mean of its two fiducials (see BeatTimeAmplitudeFraction).
        private long BeatTime()
        {
            return (_upstrokes.RiseCrossingTimeMicroseconds(BeatTimeAmplitudeFraction) + _upstrokes.CandidateTimeMicroseconds) / 2;
        }

        private void StartMotion(long timeMicroseconds)
        {
            // No beat or interval spans a motion artefact. Motion often moves the finger on the sensor, and contact
            // pressure sets the pulse's size: the size is learned afresh from the rises after it (the rate is kept).
            // A beat still waiting out its competition window came before the motion: when it closes a regular
            // interval it is committed now rather than lost. Its interval is judged on a wave the motion has reached (so
            // it seldom counts as NN), and its score stays out of the quality figure, which the episode itself marks.
            if (_hasPending && FitsRhythm(_pendingTimeMicroseconds))
            {
                CommitPending(0.0f, false);
            }

            _hasPending = false;
            _hasSearchBack = false;
            _hasLastBeat = false;
            _intervalFeed.PassHeld();
            _amplitudes.Clear();
            _slopes.Clear();
            if (timeMicroseconds >= _motionUntilMicroseconds)
            {
                // A new episode counts against the quality figure.
                ScoreForQuality(0.0f);
                _motionStartMicroseconds = timeMicroseconds;
            }
            else if (timeMicroseconds - _motionStartMicroseconds > MotionRelearnMicroseconds)
            {
                ForgetRhythm();
                _motionStartMicroseconds = timeMicroseconds;
            }

            _motionUntilMicroseconds = timeMicroseconds + MotionHoldMicroseconds;
        }

        private void EvaluateCandidate(long candidateTime, float amplitude, float maximumSlope)
        {
            // Rises while the filters settle are their transient, and motion is not a pulse: neither sets the scale.
            if (candidateTime < _learningUntilMicroseconds)
            {
                return;
            }

            float typical = TypicalAmplitude();
            if (HasRhythm() && amplitude > MotionAmplitudeRatio * typical)
            {
                if (IsLiftedBeat(candidateTime, amplitude, maximumSlope, typical))
                {
                    // Its own height and slope are partly motion's: it is recorded at the typical ones.
                    _hasPending = true;
                    _pendingTimeMicroseconds = candidateTime;
                    _pendingAmplitude = typical;
                    _pendingSlope = _typicalSlope;
                }

                StartMotion(candidateTime);
                return;
            }

            if (!_hasCandidateScale || amplitude > _candidateScale.Value)
            {
                _hasCandidateScale = true;
                _candidateScale.Reset(amplitude);
            }

            // Pulse-sized rises right after a motion rise are beats again (the readings stay paused for the hold): each
            // motion rise has broken the chain, so no interval spans it.

            if (_hasPending && candidateTime - _pendingTimeMicroseconds >= CompetitionWindowMicroseconds())
            {
                CommitPending();
            }

            if (_hasSearchBack && !_hasPending && candidateTime - _lastBeatTimeMicroseconds > LateIntervalRatio * _expectedIntervalMilliseconds * 1000.0f)
            {
                CommitSearchBack(candidateTime);
            }

            float required = BootstrapAmplitudeFraction;
            float ratio = 0.0f;
            if (_hasLastBeat)
            {
                float intervalMilliseconds = (candidateTime - _lastBeatTimeMicroseconds) * 0.001f;
                if (intervalMilliseconds < _minimumIntervalMilliseconds)
                {
                    return;
                }

                if (_intervals.Count >= MinimumIntervalsForExpectation)
                {
                    ratio = intervalMilliseconds / _expectedIntervalMilliseconds;
                    required = ratio < EarlyIntervalRatio ? EarlyAmplitudeFraction
                        : ratio > LateIntervalRatio ? LateAmplitudeFraction
                        : OnTimeAmplitudeFraction;
                }
            }

            if (amplitude < required * typical)
            {
                KeepForSearchBack(candidateTime, amplitude, maximumSlope, ratio);
                return;
            }

            // A systolic upstroke is steep; breathing wander and the dicrotic wave rise slowly even when they rise far.
            // The slope bar is relaxed or raised with the amplitude bar (early, on time, late).
            if (_slopes.Count > 0 && maximumSlope < MinimumSlopeFraction * (required / OnTimeAmplitudeFraction) * _typicalSlope)
            {
                KeepForSearchBack(candidateTime, amplitude, maximumSlope, ratio);
                return;
            }

            // Within one competition window only the strongest upstroke is a beat, unless the pending one comes on time
            // and the stronger rival does not (a noise or motion rise beside a beat that fits the rhythm).
            if (!_hasPending || (amplitude > _pendingAmplitude && !(FitsRhythm(_pendingTimeMicroseconds) && !FitsRhythm(candidateTime))))
            {
                _hasPending = true;
                _pendingTimeMicroseconds = candidateTime;
                _pendingAmplitude = amplitude;
                _pendingSlope = maximumSlope;
            }
        }

        // See LiftedBeatSlopeRatio: a rise between the motion bar and the swing bar, on time, with a pulse's steepness,
        // and no beat waiting in its competition window.
        private bool IsLiftedBeat(long candidateTime, float amplitude, float maximumSlope, float typical)
        {
            return !_hasPending && amplitude <= SwingMotionAmplitudeRatio * typical && FitsRhythm(candidateTime)
                && _slopes.Count > 0 && maximumSlope <= LiftedBeatSlopeRatio * _typicalSlope;
        }

        // Whether a beat at timeMicroseconds would close a regular interval (within ±30 % of the expected one).
        private bool FitsRhythm(long timeMicroseconds)
        {
            return HasRhythm() && _hasLastBeat && IsRegular((timeMicroseconds - _lastBeatTimeMicroseconds) * 0.001f);
        }

        // Pan and Tompkins' search-back (IEEE TBME 32(3), 1985): an on-time rise that missed the on-time bars but clears
        // the late ones is kept aside; if no beat follows before the interval is late, it was the beat (a small beat
        // on a breathing or perfusion dip: noise seldom rises a quarter as far as a pulse, as steeply, at the right time).
        // Only after a regular interval: when extra beats have already shortened the expected interval, the search-back
        // would add more (measured on subject_01 of the welltory recordings).
        private void KeepForSearchBack(long candidateTime, float amplitude, float maximumSlope, float ratio)
        {
            if (_hasPending || !LastInterBeatIntervalIsRegular || !(ratio >= EarlyIntervalRatio && ratio <= LateIntervalRatio)
                || amplitude < LateAmplitudeFraction * TypicalAmplitude()
                || maximumSlope < MinimumSlopeFraction * (LateAmplitudeFraction / OnTimeAmplitudeFraction) * _typicalSlope
                || (_hasSearchBack && amplitude <= _searchBackAmplitude))
            {
                return;
            }

            _hasSearchBack = true;
            _searchBackTimeMicroseconds = candidateTime;
            _searchBackAmplitude = amplitude;
            _searchBackSlope = maximumSlope;
        }

        // The rise kept aside becomes the beat; the late rise at candidateTime is then judged against it.
        private void CommitSearchBack(long candidateTime)
        {
            _hasSearchBack = false;
            _hasPending = true;
            _pendingTimeMicroseconds = _searchBackTimeMicroseconds;
            _pendingAmplitude = _searchBackAmplitude;
            _pendingSlope = _searchBackSlope;
            CommitPending((candidateTime - _searchBackTimeMicroseconds) * 0.000001f, true);
        }

        private long CompetitionWindowMicroseconds()
        {
            float window = _intervals.Count >= MinimumIntervalsForExpectation
                ? CompetitionIntervalRatio * _expectedIntervalMilliseconds
                : _minimumIntervalMilliseconds;
            if (window < _minimumIntervalMilliseconds)
            {
                window = _minimumIntervalMilliseconds;
            }

            return (long)(window * 1000.0f);
        }

        private void CommitPending()
        {
            CommitPending(0.0f, true);
        }

        // scoreSkipSeconds: how long ago, relative to a beat committed in the usual way, this one's wave ended (a beat
        // found by search-back is judged on its own wave, not on the later one that revealed it). scoresQuality: whether
        // the beat's score joins the quality figure.
        private void CommitPending(float scoreSkipSeconds, bool scoresQuality)
        {
            _hasPending = false;
            _hasSearchBack = false;
            _lookBack.ForgetNewBeats();
            long timeMicroseconds = _pendingTimeMicroseconds;
            float intervalMilliseconds = (timeMicroseconds - _lastBeatTimeMicroseconds) * 0.001f;

            _amplitudes.Add(_pendingAmplitude);
            _typicalAmplitude = _amplitudes.MedianOfNewest(AmplitudeHistoryLength);
            _slopes.Add(_pendingSlope);
            _typicalSlope = _slopes.MedianOfNewest(AmplitudeHistoryLength);
            _beatCount++;
            bool hadInterval = _hasLastInterBeatInterval;
            _hasLastInterBeatInterval = _hasLastBeat && intervalMilliseconds <= _maximumIntervalMilliseconds;
            LastInterBeatIntervalIsRegular = false;
            float score = 0.0f;
            if (_hasLastInterBeatInterval)
            {
                score = _timing.ScoreBeat(intervalMilliseconds * 0.001f, MinimumTemplateSeconds, scoreSkipSeconds);
                float aligned = _timing.AlignedInterval(timeMicroseconds, intervalMilliseconds, score);
                bool clean = _timing.IsTimingClean(timeMicroseconds, intervalMilliseconds, hadInterval, _lastInterBeatIntervalMilliseconds, scoreSkipSeconds);
                _intervalFeed.Pass(timeMicroseconds, aligned, clean);
                _lastInterBeatIntervalMilliseconds = intervalMilliseconds;
                _intervals.Add(intervalMilliseconds);
                _expectedIntervalMilliseconds = _intervals.MedianOfNewest(HeartRateIntervalCount);
                if (_intervals.Count == MinimumIntervalsForExpectation)
                {
                    _intervalFeed.MarkLookBackDue();
                }

                // The look-back waits for the template's first clean beat (a shape to match), while the history still
                // holds the wave before the chain.
                if (_intervalFeed.LookBackIsDue && _template.HasShape)
                {
                    _lookBack.Run(_expectedIntervalMilliseconds, _typicalAmplitude);
                }

                if (_intervals.Count >= MinimumIntervalsForExpectation)
                {
                    _timing.FollowRate(_expectedIntervalMilliseconds);
                    FollowRateWithBaseline();
                    LastInterBeatIntervalIsRegular = IsRegular(intervalMilliseconds);
                    UpdateHeartRate();
                }
            }
            else
            {
                _intervalFeed.Break(timeMicroseconds);
                _timing.BreakChain();

                // A new chain: the look-back may search before it, but not as far as the beat before it. Until it has run,
                // the chain's intervals are held (NormalIntervalFeed).
                _intervalFeed.StartChain(_intervals.Count < MinimumIntervalsForExpectation);
                long floor = _learningUntilMicroseconds;
                if (_beatCount > 1 && _lastBeatTimeMicroseconds + CompetitionWindowMicroseconds() > floor)
                {
                    floor = _lastBeatTimeMicroseconds + CompetitionWindowMicroseconds();
                }

                _lookBack.StartChain(timeMicroseconds, floor);
            }

            if (scoresQuality)
            {
                ScoreForQuality(LastInterBeatIntervalIsRegular ? score : 0.0f);
            }

            _hasLastBeat = true;
            _lastBeatTimeMicroseconds = timeMicroseconds;
            UpdateOxygenSaturation();
        }

        // A finger lifted or placed anew ends the measurement: the last minute's intervals, and the rhythm the NN filter
        // judges new intervals against, were someone else's moment (a new finger at 50 bpm after one at 100 had its
        // intervals marked missed beats against the old median). An interval still waiting is decided first, so the
        // filter's counts, totals since construction that analyze reports, stay whole.
        private void ForgetMeasurement(long timeMicroseconds)
        {
            _intervalFeed.Break(timeMicroseconds);
            _normalIntervals.Reset();
            _variability.Clear();
        }

        private void FollowRateWithBaseline()
        {
            float timeConstant = BaselineIntervalFraction * _expectedIntervalMilliseconds * 0.001f;
            if (timeConstant > BaselineTimeConstantSeconds)
            {
                timeConstant = BaselineTimeConstantSeconds;
            }
            else if (timeConstant < MinimumBaselineTimeConstantSeconds)
            {
                timeConstant = MinimumBaselineTimeConstantSeconds;
            }

            _infraredBaseline.TimeConstantSeconds = timeConstant;
            _redBaseline.TimeConstantSeconds = timeConstant;
        }

        private bool IsRegular(float intervalMilliseconds)
        {
            return SignalMath.Absolute(intervalMilliseconds - _expectedIntervalMilliseconds) <= RegularityTolerance * _expectedIntervalMilliseconds;
        }

        private void UpdateHeartRate()
        {
            // Mean of the regular intervals among the newest few: the median picks them, the mean keeps the precision.
            int count = _intervals.Count < HeartRateIntervalCount ? _intervals.Count : HeartRateIntervalCount;
            float sum = 0.0f;
            int regular = 0;
            for (int age = 0; age < count; age++)
            {
                float interval = _intervals.Newest(age);
                if (IsRegular(interval))
                {
                    sum += interval;
                    regular++;
                }
            }

            if (regular > 0)
            {
                HeartRateBeatsPerMinute = 60000.0f * regular / sum;
            }
        }

        // A beat's score (0 for an irregular interval or a motion episode) joins the quality figure: the mean of the
        // newest 8, where fewer than 4 count as 4 (one good beat alone reads 25).
        private void ScoreForQuality(float score)
        {
            _beatScores.Add(score);
            int scored = _beatScores.Count > MinimumScoredBeats ? _beatScores.Count : MinimumScoredBeats;
            _scoredQualityPercent = (int)(100.0f * _beatScores.SumOfNewest(QualityBeatCount) / scored + 0.5f);
        }

        private void UpdateReadings(long timeMicroseconds, bool hasRed)
        {
            _isMotionDetected = timeMicroseconds < _motionUntilMicroseconds;
            float lostAfterMilliseconds = _intervals.Count >= MinimumIntervalsForExpectation ? LostPulseIntervalRatio * _expectedIntervalMilliseconds : 0.0f;
            if (lostAfterMilliseconds < _maximumIntervalMilliseconds)
            {
                lostAfterMilliseconds = _maximumIntervalMilliseconds;
            }

            // A pending candidate is the next beat awaiting its commit, so the pulse is not lost while one waits.
            if (_hasLastBeat && !_hasPending && (timeMicroseconds - _lastBeatTimeMicroseconds - ConfirmationAllowanceMicroseconds) * 0.001f > lostAfterMilliseconds)
            {
                // The pulse was lost, or its size changed beyond recognition: learn it afresh rather than wait for it.
                ForgetRhythm();
            }

            bool pulseOngoing = _hasLastBeat && !_isMotionDetected && !_isSaturated;
            _signalQualityPercent = pulseOngoing ? _scoredQualityPercent : 0;
            _hasHeartRate = pulseOngoing && _signalQualityPercent >= _minimumQualityPercent && _intervals.Count >= MinimumIntervalsForExpectation;

            _hasOxygenSaturation = hasRed && _hasHeartRate && _hasOxygenSaturationAtLastBeat;
            _hasHeartRateVariability = pulseOngoing && _variability.HasReading;
        }

        // SpO2 is re-evaluated once per beat: the ratio averages over several beats anyway, and this keeps the
        // square root and divisions off the per-sample path.
        private void UpdateOxygenSaturation()
        {
            _hasOxygenSaturationAtLastBeat = false;
            RatioOfRatios = 0.0f;
            if (!_hadRed)
            {
                return;
            }

            float ratio = _ratioMeter.RatioOfRatios(_redBaseline.Value + _redOffset, _infraredBaseline.Value + _infraredOffset);
            RatioOfRatios = ratio;
            if (_ratioMeter.IsReliable && _calibration.Covers(ratio))
            {
                OxygenSaturationPercent = _calibration.ToPercent(ratio);
                _hasOxygenSaturationAtLastBeat = true;
            }
        }

        private void Restart(long timeMicroseconds, float infrared, float red, bool hasRed)
        {
            _needsRestart = false;
            _hadRed = hasRed;
            _infraredOffset = infrared;
            _redOffset = hasRed ? red : 0.0f;
            _infraredBaseline.Reset(0.0f);
            _infraredSmoothing1.Reset(0.0f);
            _infraredSmoothing2.Reset(0.0f);
            _redBaseline.Reset(0.0f);
            _redSmoothing1.Reset(0.0f);
            _redSmoothing2.Reset(0.0f);
            _envelopeHigh.Reset(0.0f);
            _envelopeLow.Reset(0.0f);
            _ratioMeter.Reset();
            _history.Reset();
            _learningUntilMicroseconds = timeMicroseconds + LearningMicroseconds;
            ForgetPulse();
        }

        private void ForgetPulse()
        {
            _upstrokes.Reset();
            _hasCandidateScale = false;
            ForgetRhythm();
            _motionUntilMicroseconds = 0;
            ClearReadings();
        }

        // Forgets the learned beat size, slope and rate (keeping the recent rises, which rescale the detector).
        private void ForgetRhythm()
        {
            if (_hasLastBeat)
            {
                _intervalFeed.Break(_lastBeatTimeMicroseconds);
            }

            _infraredBaseline.TimeConstantSeconds = BaselineTimeConstantSeconds;
            _redBaseline.TimeConstantSeconds = BaselineTimeConstantSeconds;
            _amplitudes.Clear();
            _slopes.Clear();
            _intervals.Clear();
            _beatScores.Clear();
            _scoredQualityPercent = 0;
            _timing.Forget();
            _hasLastBeat = false;
            _hasPending = false;
            _hasSearchBack = false;
        }

        private void ClearReadings()
        {
            _hasHeartRate = false;
            _hasOxygenSaturation = false;
            _hasHeartRateVariability = false;
            _hasOxygenSaturationAtLastBeat = false;
            RatioOfRatios = 0.0f;
            _hasLastInterBeatInterval = false;
            LastInterBeatIntervalIsRegular = false;
            _signalQualityPercent = 0;
            _pulseWaveform = 0.0f;
        }
    }
}
