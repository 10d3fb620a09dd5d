namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// The pulse-oximetry ratio of ratios R = (AC_red / DC_red) / (AC_ir / DC_ir), measured continuously from the
    /// band-passed red and infrared pulse waves. Breathing-rate baseline wander changes both channels' light in
    /// proportion, so any wander left in the AC estimates pulls R towards 1; the meter therefore works on each wave's
    /// slope after one more high-pass stage, which weights the pulse's steep upstroke far above the wander.
    /// The AC ratio is the orthogonal-regression slope of red against infrared over a few seconds, where
    /// Fraczkiewicz's RF algorithm takes a ratio of RMS values (aromring/MAX30102_by_RF), which noise inflates.
    /// The red/IR correlation over the same window is RF's quality gate (Pearson r ≥ 0.8).
    /// DC is each channel's baseline, supplied by the caller.
    /// </summary>
    public sealed class RatioOfRatiosMeter
    {
        /// <summary>Averaging time of the AC estimates: several beats, longer than the RF algorithm's 4 s batch.</summary>
        public const float WindowTimeConstantSeconds = 6.0f;

        /// <summary>The RF algorithm's minimum Pearson correlation between red and IR (min_pearson_correlation = 0.8).</summary>
        public const float MinimumCorrelation = 0.8f;

        // The extra high-pass stage: the same 0.32 Hz corner as the estimator's baseline removal.
        private const float WanderTimeConstantSeconds = 0.5f;

        private readonly FirstOrderLowPass _redWander = new FirstOrderLowPass(WanderTimeConstantSeconds);
        private readonly FirstOrderLowPass _infraredWander = new FirstOrderLowPass(WanderTimeConstantSeconds);
        private readonly FirstOrderLowPass _redPower = new FirstOrderLowPass(WindowTimeConstantSeconds);
        private readonly FirstOrderLowPass _infraredPower = new FirstOrderLowPass(WindowTimeConstantSeconds);
        private readonly FirstOrderLowPass _crossPower = new FirstOrderLowPass(WindowTimeConstantSeconds);
        private bool _hasPrevious;
        private float _previousRed;
        private float _previousInfrared;
        private float _accumulatedSeconds;

        /// <summary>Forgets what was measured.</summary>
        public void Reset()
        {
            _redPower.Reset(0.0f);
            _infraredPower.Reset(0.0f);
            _crossPower.Reset(0.0f);
            _hasPrevious = false;
            _accumulatedSeconds = 0.0f;
        }

        /// <summary>Adds one sample of the band-passed red and infrared pulse waves, <paramref name="intervalSeconds"/> after the previous one.</summary>
        public void Update(float redPulse, float infraredPulse, float intervalSeconds)
        {
            if (!_hasPrevious)
            {
                _hasPrevious = true;
                _redWander.Reset(redPulse);
                _infraredWander.Reset(infraredPulse);
                _previousRed = 0.0f;
                _previousInfrared = 0.0f;
                return;
            }

            float red = redPulse - _redWander.Update(redPulse, intervalSeconds);
            float infrared = infraredPulse - _infraredWander.Update(infraredPulse, intervalSeconds);
            float redSlope = (red - _previousRed) / intervalSeconds;
            float infraredSlope = (infrared - _previousInfrared) / intervalSeconds;
            _previousRed = red;
            _previousInfrared = infrared;

            _redPower.Update(redSlope * redSlope, intervalSeconds);
            _infraredPower.Update(infraredSlope * infraredSlope, intervalSeconds);
            _crossPower.Update(redSlope * infraredSlope, intervalSeconds);
            if (_accumulatedSeconds < WindowTimeConstantSeconds)
            {
                _accumulatedSeconds += intervalSeconds;
            }
        }

        /// <summary>
        /// Whether a full window has been seen and red and IR move together closely enough
        /// (correlation ≥ <see cref="MinimumCorrelation"/>) for their amplitude ratio to mean anything.
        /// </summary>
        public bool IsReliable
        {
            get
            {
                float red = _redPower.Value;
                float infrared = _infraredPower.Value;
                float cross = _crossPower.Value;
                return _accumulatedSeconds >= WindowTimeConstantSeconds
                    && red > 0.0f
                    && infrared > 0.0f
                    && cross > 0.0f
                    && cross * cross >= MinimumCorrelation * MinimumCorrelation * red * infrared;
            }
        }

        /// <summary>AC_red / AC_ir: the ratio of the two channels' pulsatile amplitudes (0 before any input).</summary>
        public float AmplitudeRatio
        {
            get
            {
                // Orthogonal (total least squares) regression of red on infrared: both channels pass through the same
                // photodiode and converter, so their noise floors are alike, and this slope is biased by neither
                // (ordinary regression is pulled down by infrared noise, an RMS ratio up by red noise).
                float red = _redPower.Value;
                float infrared = _infraredPower.Value;
                float cross = _crossPower.Value;
                if (!(cross > 0.0f))
                {
                    return 0.0f;
                }

                float difference = red - infrared;
                return (difference + SignalMath.SquareRoot(difference * difference + 4.0f * cross * cross)) / (2.0f * cross);
            }
        }

        /// <summary>R = (AC_red / DC_red) / (AC_ir / DC_ir) for the given baselines (0 when a baseline is not positive).</summary>
        public float RatioOfRatios(float redBaseline, float infraredBaseline)
        {
            if (!(redBaseline > 0.0f) || !(infraredBaseline > 0.0f))
            {
                return 0.0f;
            }

            return AmplitudeRatio * infraredBaseline / redBaseline;
        }
    }
}
