namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// The way beat-to-beat intervals reach the NN filter (<see cref="NormalIntervalFilter"/>) and, with its decisions
    /// one interval late, the variability window (<see cref="HeartRateVariabilityWindow"/>): in time order, so a chain
    /// whose look-back may still find beats before its first one holds its intervals until the look-back has run.
    /// Once per interval; allocates nothing.
    /// </summary>
    public sealed class NormalIntervalFeed
    {
        // The NN filter and the HRV window take intervals in time order and judge each against the ones before it, so a
        // chain whose look-back may still run (the rhythm not yet learned when it began) holds its intervals back: when
        // the look-back has run, the intervals between the beats it found and the chain's first beat go in first, then
        // the held ones, and the reading uses every beat seen. At most 8 held: the look-back searches the wave the
        // history still holds before the chain (4.5 s of margin and two of the longest intervals), which 8 resting
        // intervals outlast; a chain that reaches 8 before its look-back runs passes them on as they come, and its
        // look-back is given up, since its intervals would follow newer ones (so is a chain's that breaks first).
        private const int MaximumHeldIntervals = 8;

        private readonly NormalIntervalFilter _normalIntervals;
        private readonly HeartRateVariabilityWindow _variability;
        private readonly IntervalRing _heldIntervals = new IntervalRing(MaximumHeldIntervals);
        private bool _holdingIntervals;
        private bool _lookBackIsDue;

        /// <summary>Feeds <paramref name="normalIntervals"/> and, with its decisions, <paramref name="variability"/>.</summary>
        public NormalIntervalFeed(NormalIntervalFilter normalIntervals, HeartRateVariabilityWindow variability)
        {
            _normalIntervals = normalIntervals;
            _variability = variability;
        }

        /// <summary>Whether the chain's look-back is due: its rhythm is known and its intervals are still held.</summary>
        public bool LookBackIsDue => _lookBackIsDue;

        /// <summary>A new chain begins; <paramref name="holdsIntervals"/>: its look-back may still run, so its intervals wait.</summary>
        public void StartChain(bool holdsIntervals)
        {
            _holdingIntervals = holdsIntervals;
        }

        /// <summary>The chain's rhythm is known: its look-back is due (and waits for a shape to match).</summary>
        public void MarkLookBackDue()
        {
            _lookBackIsDue = true;
        }

        /// <summary>An interval to the NN filter, or held while the chain's look-back may still run.</summary>
        public void Pass(long endMicroseconds, float milliseconds, bool clean)
        {
            if (_holdingIntervals && !_heldIntervals.IsFull)
            {
                _heldIntervals.Add(endMicroseconds, milliseconds, clean);
                return;
            }

            PassHeld();
            PassNow(endMicroseconds, milliseconds, clean);
        }

        /// <summary>
        /// The held intervals to the NN filter in order; nothing is held after this. The look-back of the chain no longer
        /// runs (if it has not): its intervals would come after those passed on (MaximumHeldIntervals).
        /// </summary>
        public void PassHeld()
        {
            _holdingIntervals = false;
            _lookBackIsDue = false;
            for (int index = 0; index < _heldIntervals.Count; index++)
            {
                PassNow(_heldIntervals.EndMicroseconds(index), _heldIntervals.Milliseconds(index), _heldIntervals.Flag(index));
            }

            _heldIntervals.Clear();
        }

        /// <summary>One interval to the NN filter now, never held (the look-back's, which come before the held ones), and its decision taken.</summary>
        public void PassNow(long endMicroseconds, float milliseconds, bool clean)
        {
            _normalIntervals.Add(endMicroseconds, milliseconds, clean);
            TakeDecision(endMicroseconds);
        }

        /// <summary>The chain breaks at <paramref name="timeMicroseconds"/>: the held intervals go on, then the NN filter decides the one still waiting.</summary>
        public void Break(long timeMicroseconds)
        {
            PassHeld();
            _normalIntervals.Break();
            TakeDecision(timeMicroseconds);
        }

        // An NN interval joins the variability window; a marked one only moves the window on.
        private void TakeDecision(long timeMicroseconds)
        {
            if (!_normalIntervals.HasDecision)
            {
                return;
            }

            if (_normalIntervals.DecidedKind == IntervalKind.Normal)
            {
                _variability.Add(_normalIntervals.DecidedEndMicroseconds, _normalIntervals.DecidedMilliseconds, _normalIntervals.DecidedFollowsNormal);
            }
            else
            {
                _variability.Expire(timeMicroseconds);
            }
        }
    }
}
