namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// Splits the band-passed pulse wave into rises (trough → peak) with a hysteresis, and reports each completed rise
    /// as a beat candidate: its amplitude, and the time of its steepest slope (the "maximum first derivative" fiducial,
    /// the most reproducible beat timing point of the upstroke; Charlton et al., Physiol. Meas. 43 085007, 2022 compare
    /// detectors built on it), and on request the time it crossed a share of its height. A turn counts only once the
    /// signal has moved back by the hysteresis, so noise wiggles smaller than that never split a rise, and a dicrotic
    /// wave smaller than that never becomes a candidate. Constant work per sample; the newest 256 samples are kept in a
    /// preallocated ring for the crossing time; the sample rate and its regularity do not matter.
    /// </summary>
    public sealed class UpstrokeTracker
    {
        // The newest samples, kept so a completed rise can be timed where it crosses a level: 256 cover a 0.25 s upstroke
        // at the highest rate (1000 samples/s) and more than a second at 200 or less.
        private const int RecentSampleCount = 256;

        private readonly long[] _recentTimes = new long[RecentSampleCount];
        private readonly float[] _recentValues = new float[RecentSampleCount];
        private int _recentNewest = -1;
        private int _recentCount;

        // Samples since the running peak and trough, counted up to RecentSampleCount, which means "no longer kept":
        // a broad crest can outlast the ring, and a flat signal would otherwise count them past int.MaxValue.
        private int _peakAge = RecentSampleCount;
        private int _troughAge = RecentSampleCount;
        private bool _hasPrevious;
        private long _previousTimeMicroseconds;
        private float _previousValue;
        private bool _rising;

        // The running extreme of the current segment: the maximum while rising, the minimum while falling.
        private float _extremeValue;

        // The trough that started the current rise.
        private float _troughValue;
        private float _peakValue;

        // The steepest slope since the last minimum, with its neighbours for sub-sample interpolation.
        private float _maximumSlope;
        private long _maximumSlopeTimeMicroseconds;
        private float _slopeBeforeMaximum;
        private long _slopeBeforeMaximumTimeMicroseconds;
        private bool _hasSlopeBeforeMaximum;
        private float _slopeAfterMaximum;
        private long _slopeAfterMaximumTimeMicroseconds;
        private bool _hasSlopeAfterMaximum;
        private float _previousSlope;
        private long _previousSlopeTimeMicroseconds;
        private bool _hasPreviousSlope;

        // Behind CurrentExcursion, written on every sample (a property would be a call on the interpreter).
        private float _currentExcursion;

        /// <summary>Trough-to-peak rise of the last completed candidate, in signal units.</summary>
        public float CandidateAmplitude { get; private set; }

        /// <summary>Peak level of the last completed candidate.</summary>
        public float CandidatePeak { get; private set; }

        /// <summary>Trough level that started the last completed candidate's rise.</summary>
        public float CandidateTrough { get; private set; }

        /// <summary>The steepest slope of the last completed candidate, in signal units per second.</summary>
        public float CandidateMaximumSlope { get; private set; }

        /// <summary>Time of the steepest slope of the last completed candidate, interpolated between samples.</summary>
        public long CandidateTimeMicroseconds { get; private set; }

        /// <summary>
        /// How far the wave has moved since the last turn: the rise so far while rising, the fall since the last peak
        /// while falling. A pulse moves about one upstroke each way; motion moves much further.
        /// </summary>
        public float CurrentExcursion => _currentExcursion;

        /// <summary>Forgets the signal, for a restart after a gap, saturation or a finger placed on the sensor.</summary>
        public void Reset()
        {
            _hasPrevious = false;
            _rising = false;
            _hasPreviousSlope = false;
            _recentCount = 0;
            _peakAge = RecentSampleCount;
            _troughAge = RecentSampleCount;
            ForgetSlopes();
        }

        /// <summary>
        /// The time at which the last completed candidate's rise crossed <paramref name="fraction"/> of its height (trough
        /// to peak, each refined by a parabola through its sample and the neighbours), interpolated between the samples
        /// either side (its last crossing before the peak); the steepest-slope time when the kept samples do not reach
        /// back to a crossing. Valid right after <see cref="Update"/> returned true.
        /// </summary>
        public long RiseCrossingTimeMicroseconds(float fraction)
        {
            // A crest broader than the kept samples (0.64 s at 400 samples/s): the crossing, before the peak, is gone too.
            if (_peakAge >= _recentCount)
            {
                return CandidateTimeMicroseconds;
            }

            float trough = _troughAge + 1 < _recentCount ? ExtremeValue(_troughAge) : CandidateTrough;
            float level = trough + fraction * (ExtremeValue(_peakAge) - trough);
            for (int age = _peakAge; age + 1 < _recentCount; age++)
            {
                float above = RecentValue(age);
                float below = RecentValue(age + 1);
                if (below < level && above >= level)
                {
                    long belowTime = RecentTime(age + 1);
                    float share = (level - below) / (above - below);
                    return belowTime + (long)(share * (RecentTime(age) - belowTime));
                }
            }

            return CandidateTimeMicroseconds;
        }

        /// <summary>
        /// Feeds one sample of the band-passed pulse (rising with blood volume); returns true when a rise has just
        /// completed (the wave fell <paramref name="hysteresis"/> below the peak), filling the Candidate properties.
        /// </summary>
        public bool Update(long timeMicroseconds, float value, float hysteresis)
        {
            Remember(timeMicroseconds, value);
            if (!_hasPrevious)
            {
                _hasPrevious = true;
                _previousTimeMicroseconds = timeMicroseconds;
                _previousValue = value;
                _extremeValue = value;
                _peakValue = value;
                _rising = false;
                _currentExcursion = 0.0f;
                return false;
            }

            long intervalMicroseconds = timeMicroseconds - _previousTimeMicroseconds;
            float slope = (value - _previousValue) * 1000000.0f / intervalMicroseconds;
            long slopeTimeMicroseconds = _previousTimeMicroseconds + intervalMicroseconds / 2;
            _previousTimeMicroseconds = timeMicroseconds;
            _previousValue = value;

            bool completed = false;
            if (_rising)
            {
                TrackSlope(slope, slopeTimeMicroseconds);
                if (value > _extremeValue)
                {
                    _extremeValue = value;
                    _peakAge = 0;
                }
                else if (value < _extremeValue - hysteresis)
                {
                    CandidateAmplitude = _extremeValue - _troughValue;
                    CandidatePeak = _extremeValue;
                    CandidateTrough = _troughValue;
                    CandidateMaximumSlope = _maximumSlope;
                    _peakValue = _extremeValue;
                    CandidateTimeMicroseconds = InterpolatedMaximumSlopeTime();
                    completed = true;
                    _rising = false;
                    _extremeValue = value;
                    ForgetSlopes();
                }
            }
            else
            {
                if (value < _extremeValue)
                {
                    // A new minimum: the next rise starts here, so slopes seen before it do not belong to it.
                    _extremeValue = value;
                    _troughAge = 0;
                    ForgetSlopes();
                }
                else
                {
                    TrackSlope(slope, slopeTimeMicroseconds);
                    if (value > _extremeValue + hysteresis)
                    {
                        _troughValue = _extremeValue;
                        _rising = true;
                        _extremeValue = value;
                        _peakAge = 0;
                    }
                }
            }

            _currentExcursion = _rising ? value - _troughValue : _peakValue - value;
            _previousSlope = slope;
            _previousSlopeTimeMicroseconds = slopeTimeMicroseconds;
            _hasPreviousSlope = true;
            return completed;
        }

        private void Remember(long timeMicroseconds, float value)
        {
            _recentNewest = (_recentNewest + 1) % RecentSampleCount;
            _recentTimes[_recentNewest] = timeMicroseconds;
            _recentValues[_recentNewest] = value;
            if (_recentCount < RecentSampleCount)
            {
                _recentCount++;
            }

            if (_peakAge < RecentSampleCount)
            {
                _peakAge++;
            }

            if (_troughAge < RecentSampleCount)
            {
                _troughAge++;
            }
        }

        // The extreme of the wave near the sample at age (a peak or a trough), from the parabola through it and its two
        // neighbours: the sampled extreme misses the true one by up to 10 % of the swing at 25 samples/s and 220 bpm.
        // Only for a kept sample (age below _recentCount).
        private float ExtremeValue(int age)
        {
            float middle = RecentValue(age);
            if (age < 1 || age + 1 >= _recentCount)
            {
                return middle;
            }

            float older = RecentValue(age + 1);
            float newer = RecentValue(age - 1);
            float curvature = older - 2.0f * middle + newer;
            if (curvature == 0.0f)
            {
                return middle;
            }

            float difference = older - newer;
            return middle - difference * difference / (8.0f * curvature);
        }

        // The ring index of a kept sample (age below _recentCount, so at most one wrap).
        private int RecentIndex(int age)
        {
            int index = _recentNewest - age;
            return index < 0 ? index + RecentSampleCount : index;
        }

        private long RecentTime(int age)
        {
            return _recentTimes[RecentIndex(age)];
        }

        private float RecentValue(int age)
        {
            return _recentValues[RecentIndex(age)];
        }

        private void ForgetSlopes()
        {
            _maximumSlope = 0.0f;
            _maximumSlopeTimeMicroseconds = _previousTimeMicroseconds;
            _hasSlopeBeforeMaximum = false;
            _hasSlopeAfterMaximum = false;
        }

        private void TrackSlope(float slope, long slopeTimeMicroseconds)
        {
            if (slope > _maximumSlope)
            {
                _maximumSlope = slope;
                _maximumSlopeTimeMicroseconds = slopeTimeMicroseconds;
                _hasSlopeBeforeMaximum = _hasPreviousSlope;
                _slopeBeforeMaximum = _previousSlope;
                _slopeBeforeMaximumTimeMicroseconds = _previousSlopeTimeMicroseconds;
                _hasSlopeAfterMaximum = false;
            }
            else if (!_hasSlopeAfterMaximum && _maximumSlope > 0.0f)
            {
                _hasSlopeAfterMaximum = true;
                _slopeAfterMaximum = slope;
                _slopeAfterMaximumTimeMicroseconds = slopeTimeMicroseconds;
            }
        }

        // The vertex of the parabola through the maximum slope and its two neighbours: sub-sample timing, which matters
        // at 25 samples/s where one sample is 40 ms. Works for uneven sample spacing.
        private long InterpolatedMaximumSlopeTime()
        {
            if (!_hasSlopeBeforeMaximum || !_hasSlopeAfterMaximum)
            {
                return _maximumSlopeTimeMicroseconds;
            }

            float before = (_slopeBeforeMaximumTimeMicroseconds - _maximumSlopeTimeMicroseconds) * 0.000001f;
            float after = (_slopeAfterMaximumTimeMicroseconds - _maximumSlopeTimeMicroseconds) * 0.000001f;
            if (!(before < 0.0f) || !(after > 0.0f))
            {
                return _maximumSlopeTimeMicroseconds;
            }

            float riseAfter = (_slopeAfterMaximum - _maximumSlope) / after;
            float riseBefore = (_slopeBeforeMaximum - _maximumSlope) / before;
            float curvature = (riseAfter - riseBefore) / (after - before);
            if (!(curvature < 0.0f))
            {
                return _maximumSlopeTimeMicroseconds;
            }

            float gradient = riseAfter - curvature * after;
            float offsetSeconds = -gradient / (2.0f * curvature);

            // The vertex of a sensible parabola lies between the neighbours; stay within half of each spacing.
            float lowest = 0.5f * before;
            float highest = 0.5f * after;
            if (offsetSeconds < lowest)
            {
                offsetSeconds = lowest;
            }
            else if (offsetSeconds > highest)
            {
                offsetSeconds = highest;
            }

            return _maximumSlopeTimeMicroseconds + (long)(offsetSeconds * 1000000.0f);
        }
    }
}
