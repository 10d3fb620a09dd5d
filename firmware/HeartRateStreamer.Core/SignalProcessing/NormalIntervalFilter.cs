namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// Sorts beat-to-beat intervals into normal-to-normal (NN) intervals and the ones that come from a missed beat, an
    /// extra beat or an ectopic (premature) beat, one interval behind the newest (the interval after a short one tells
    /// an extra beat from an ectopic one). Nothing is repaired: a marked interval is counted and left out, and no beat
    /// is invented in its place. Constant work per beat, nothing allocated after construction.
    /// <para>
    /// An interval is normal when it lies within 20 % of the interval before it, if that one was normal (the
    /// classic 20 % filter of Malik et al., Eur Heart J 10:1060, 1989, which follows breathing's slow swings), or
    /// within 20 % of the median of the newest 9 intervals (which recovers after a run of marked ones and follows a
    /// change of rate within half the window). The patterns of the others are those of Lipponen and Tarvainen's
    /// beat correction (J Med Eng Technol 43(3):173, 2019): a missed beat leaves an interval near a whole multiple of
    /// the expected one; an extra beat splits one interval into two short ones that add up to it; an ectopic beat
    /// comes early and is followed by a compensatory pause, the two adding up to two expected intervals.
    /// </para>
    /// </summary>
    public sealed class NormalIntervalFilter
    {
        // Malik et al.'s 20 %, used for every comparison with an expected interval or sum of intervals.
        private const float Tolerance = 0.2f;

        // The expected interval: median of the newest 9 (an odd count; 4 marked ones among them leave it unmoved),
        // judged only once 3 are known.
        private const int ReferenceLength = 9;
        private const int MinimumReferenceCount = 3;

        // A gap of up to 3 expected intervals is read as missed beats; longer ones the estimator calls a lost pulse.
        private const int MaximumIntervalMultiple = 3;

        // NN intervals kept for readers: at least as many as one call can decide (the estimator's look-back replays up to
        // 8 intervals before a chain and the 8 it held, at once).
        private const int RememberedNormalIntervals = 16;

        private readonly RecentValues _recent = new RecentValues(ReferenceLength);
        private readonly IntervalRing _recentNormal = new IntervalRing(RememberedNormalIntervals);
        private bool _hasPending;
        private float _pendingMilliseconds;
        private long _pendingEndMicroseconds;
        private bool _pendingIsCompensatory;
        private bool _pendingIsClean;
        private bool _previousWasNormal;
        private bool _previousFits;
        private float _previousFittingMilliseconds;

        /// <summary>Whether the last <see cref="Add"/> or <see cref="Break"/> decided an interval.</summary>
        public bool HasDecision { get; private set; }

        /// <summary>What the decided interval is.</summary>
        public IntervalKind DecidedKind { get; private set; }

        /// <summary>The decided interval in milliseconds.</summary>
        public float DecidedMilliseconds { get; private set; }

        /// <summary>The time of the beat that ends the decided interval.</summary>
        public long DecidedEndMicroseconds { get; private set; }

        /// <summary>Whether the decided interval is normal and directly follows a normal one (a successive difference exists).</summary>
        public bool DecidedFollowsNormal { get; private set; }

        /// <summary>Intervals decided so far.</summary>
        public int DecidedCount { get; private set; }

        /// <summary>Intervals decided normal so far.</summary>
        public int NormalCount { get; private set; }

        /// <summary>Intervals marked as spanning missed beats.</summary>
        public int MissedBeatCount { get; private set; }

        /// <summary>Intervals marked as split by an extra beat.</summary>
        public int ExtraBeatCount { get; private set; }

        /// <summary>Intervals marked as premature or compensatory.</summary>
        public int EctopicCount { get; private set; }

        /// <summary>Intervals marked irregular.</summary>
        public int IrregularCount { get; private set; }

        /// <summary>Intervals that fit but whose closing beat's wave was unclear.</summary>
        public int UnclearCount { get; private set; }

        /// <summary>
        /// The newest NN intervals, oldest first (flag: follows a normal one); NN interval number n (counting from 0 over
        /// <see cref="NormalCount"/>) is at index n − (NormalCount − Count) while held. Read it only.
        /// </summary>
        public IntervalRing RecentNormalIntervals => _recentNormal;

        /// <summary>Intervals marked and left out: everything decided that was not normal.</summary>
        public int CorrectedCount => DecidedCount - NormalCount;

        /// <summary>
        /// Adds the interval ending at the beat at <paramref name="endMicroseconds"/>, measured from the beat before it;
        /// <paramref name="clean"/> when the closing beat's wave is clear enough to trust its timing (an interval that is
        /// not, but otherwise would be normal, is marked <see cref="IntervalKind.Unclear"/>). Returns true when the
        /// interval before this one has been decided (see the Decided properties).
        /// </summary>
        public bool Add(long endMicroseconds, float intervalMilliseconds, bool clean)
        {
            HasDecision = false;
            _recent.Add(intervalMilliseconds);
            if (!_hasPending)
            {
                Hold(endMicroseconds, intervalMilliseconds, false, clean);
                return false;
            }

            float expected = _recent.MedianOfNewest(ReferenceLength);
            float ratio = _pendingMilliseconds / expected;
            if (_pendingIsCompensatory)
            {
                Decide(IntervalKind.Ectopic);
            }
            else if (IsNormal(_pendingMilliseconds, expected))
            {
                Decide(_pendingIsClean ? IntervalKind.Normal : IntervalKind.Unclear);
            }
            else if (_recent.Count < MinimumReferenceCount)
            {
                DecideAlone(expected);
            }
            else if (ratio < 1.0f - Tolerance && Near((_pendingMilliseconds + intervalMilliseconds) / expected, 1.0f))
            {
                // Two short intervals that make one: the beat between them was not a beat. Both are marked.
                Decide(IntervalKind.ExtraBeat);
                ExtraBeatCount++;
                DecidedCount++;
                _hasPending = false;
                return true;
            }
            else if (ratio < 1.0f - Tolerance && intervalMilliseconds / expected > 1.0f + Tolerance
                && Near((_pendingMilliseconds + intervalMilliseconds) / expected, 2.0f))
            {
                Decide(IntervalKind.Ectopic);
                Hold(endMicroseconds, intervalMilliseconds, true, clean);
                return true;
            }
            else
            {
                DecideAlone(expected);
            }

            Hold(endMicroseconds, intervalMilliseconds, false, clean);
            return true;
        }

        /// <summary>
        /// The beats stop being consecutive (a gap, motion, a restart): the interval waiting for its successor is decided
        /// on its own, and the next one follows nothing. Returns true when an interval was decided.
        /// </summary>
        public bool Break()
        {
            HasDecision = false;
            if (_hasPending)
            {
                if (_pendingIsCompensatory)
                {
                    Decide(IntervalKind.Ectopic);
                }
                else
                {
                    DecideAlone(_recent.MedianOfNewest(ReferenceLength));
                }
            }

            _hasPending = false;
            _previousWasNormal = false;
            _previousFits = false;
            return HasDecision;
        }

        /// <summary>Forgets the rhythm (a new finger, a new source); the counts stay.</summary>
        public void Reset()
        {
            _recent.Clear();
            _hasPending = false;
            _previousWasNormal = false;
            _previousFits = false;
            HasDecision = false;
        }

        private void Hold(long endMicroseconds, float intervalMilliseconds, bool compensatory, bool clean)
        {
            _pendingIsClean = clean;
            _hasPending = true;
            _pendingEndMicroseconds = endMicroseconds;
            _pendingMilliseconds = intervalMilliseconds;
            _pendingIsCompensatory = compensatory;
        }

        private bool IsNormal(float interval, float expected)
        {
            bool fitsPrevious = _previousFits && SignalMath.Absolute(interval - _previousFittingMilliseconds) <= Tolerance * _previousFittingMilliseconds;
            return fitsPrevious || (_recent.Count >= MinimumReferenceCount && Near(interval / expected, 1.0f));
        }

        // Without a successor: normal, a whole multiple of the expected interval (missed beats), or irregular.
        private void DecideAlone(float expected)
        {
            if (IsNormal(_pendingMilliseconds, expected))
            {
                Decide(_pendingIsClean ? IntervalKind.Normal : IntervalKind.Unclear);
                return;
            }

            float ratio = _recent.Count >= MinimumReferenceCount ? _pendingMilliseconds / expected : 0.0f;
            int multiple = (int)(ratio + 0.5f);
            Decide(multiple >= 2 && multiple <= MaximumIntervalMultiple && Near(ratio / multiple, 1.0f) ? IntervalKind.MissedBeat : IntervalKind.Irregular);
        }

        private void Decide(IntervalKind kind)
        {
            HasDecision = true;
            DecidedKind = kind;
            DecidedMilliseconds = _pendingMilliseconds;
            DecidedEndMicroseconds = _pendingEndMicroseconds;
            DecidedFollowsNormal = kind == IntervalKind.Normal && _previousWasNormal;
            DecidedCount++;
            if (kind == IntervalKind.Normal)
            {
                NormalCount++;
                _recentNormal.Add(_pendingEndMicroseconds, _pendingMilliseconds, DecidedFollowsNormal);
            }
            else if (kind == IntervalKind.MissedBeat)
            {
                MissedBeatCount++;
            }
            else if (kind == IntervalKind.ExtraBeat)
            {
                ExtraBeatCount++;
            }
            else if (kind == IntervalKind.Ectopic)
            {
                EctopicCount++;
            }
            else if (kind == IntervalKind.Unclear)
            {
                UnclearCount++;
            }
            else
            {
                IrregularCount++;
            }

            _previousWasNormal = kind == IntervalKind.Normal;

            // An unclear interval fits its neighbours and was measured: the next one may follow it as it would a normal one
            // (breathing's swings carry on through a beat whose wave was unclear).
            _previousFits = kind == IntervalKind.Normal || kind == IntervalKind.Unclear;
            _previousFittingMilliseconds = _pendingMilliseconds;
        }

        private static bool Near(float ratio, float target)
        {
            return SignalMath.Absolute(ratio - target) <= Tolerance * target;
        }
    }
}
