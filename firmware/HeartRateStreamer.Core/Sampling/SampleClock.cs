namespace HeartRateStreamer.Sampling
{
    /// <summary>
    /// Times the samples of a sensor that buffers them (the MAX30102's FIFO) by the sensor's own sample clock: every
    /// sample one sample interval after the one before it. A poll finds the newest sample anywhere up to one interval
    /// old, so dating each batch back from the poll time (the newest sample "now") moved every batch by a different
    /// 0 to 10 ms at 100 samples/s; a beat's time took that error, and every beat-to-beat interval two of them (issue 18:
    /// a timing jitter of σ adds 6σ² to RMSSD²).
    /// </summary>
    /// <remarks>
    /// The sensor's oscillator is not the processor's, so the sample clock is steered towards the poll times by a
    /// phase-locked loop: each poll moves its phase by 1/<see cref="PhaseSteeringPolls"/> of its distance from the poll
    /// time and its interval by a critically damped share of it, which averages the newest sample's age out and learns
    /// a rate a few percent off the nominal one. Samples the sensor reports lost (a full FIFO) move the clock on by their
    /// count: before the batch read with the report when the FIFO overwrote its oldest, after it when it kept them (the
    /// MAX30102's power-on default), except those the source says came before the batch anyway
    /// (<see cref="ISampleSource.LastLossBeforeBatch"/>: samples a broken-off read popped); a loss reported with no batch
    /// moves it on whole (<see cref="SkipLost"/>). A distance beyond <see cref="ResetPolls"/> poll intervals means the count and the
    /// clock disagree: the clock starts again from the poll time, as after <see cref="Restart"/>. A loss the sensor could
    /// not count (its counter at its ceiling) is known as such: a FIFO that kept its oldest samples holds those that
    /// followed the last batch, so they go on from the running clock and the next batch starts it again; one that
    /// overwrote them holds the newest, dated back from the poll. Times are kept in nanoseconds so the interval can learn
    /// fractions of a microsecond.
    /// </remarks>
    public sealed class SampleClock
    {
        /// <summary>Polls over which the phase closes its distance to the poll times (the loop's proportional term).</summary>
        public const int PhaseSteeringPolls = 8;

        /// <summary>A distance to the poll time of more poll intervals than this restarts the clock.</summary>
        public const int ResetPolls = 2;

        // The interval's share of the distance per poll and sample: (1/8)² / 4 for a critically damped second-order loop,
        // so a rate error of 3 % settles in about 10 s at 100 samples/s without overshooting.
        private const long IntervalSteeringDivisor = 4L * PhaseSteeringPolls * PhaseSteeringPolls;

        // The learned interval stays within 10 % of the nominal one: an oscillator further off is a fault, not drift.
        private const long IntervalBoundDivisor = 10;

        private const long NanosecondsPerMicrosecond = 1000;

        private readonly long _nominalIntervalNanoseconds;
        private readonly long _resetDistanceNanoseconds;
        private readonly bool _losesNewest;
        private bool _isRunning;
        private long _intervalNanoseconds;
        private long _nextSampleNanoseconds;

        /// <summary>
        /// A clock for a sensor delivering a sample every <paramref name="sampleIntervalMicroseconds"/>, polled every
        /// <paramref name="pollIntervalMicroseconds"/>, whose full buffer loses its newest samples when
        /// <paramref name="losesNewest"/> (see <see cref="ISampleSource.LosesNewestWhenFull"/>).
        /// </summary>
        public SampleClock(long sampleIntervalMicroseconds, long pollIntervalMicroseconds, bool losesNewest)
        {
            _nominalIntervalNanoseconds = sampleIntervalMicroseconds * NanosecondsPerMicrosecond;
            _intervalNanoseconds = _nominalIntervalNanoseconds;
            long longer = pollIntervalMicroseconds > sampleIntervalMicroseconds ? pollIntervalMicroseconds : sampleIntervalMicroseconds;
            _resetDistanceNanoseconds = ResetPolls * longer * NanosecondsPerMicrosecond;
            _losesNewest = losesNewest;
        }

        /// <summary>The interval between samples the clock has learned, in nanoseconds.</summary>
        public long IntervalNanoseconds => _intervalNanoseconds;

        /// <summary>Forgets the phase: the sensor was started again, its samples begin a new timeline (the rate is kept).</summary>
        public void Restart()
        {
            _isRunning = false;
        }

        /// <summary>
        /// Times a batch of <paramref name="count"/> samples (at least 1) read at <paramref name="pollMicroseconds"/>, with
        /// <paramref name="lost"/> samples reported lost by the same read (<paramref name="lostUncounted"/>: at least that
        /// many, see <see cref="ISampleSource.LastLossUncounted"/>): returns the oldest one's time in nanoseconds; each later
        /// one is <see cref="IntervalNanoseconds"/> after the one before. Of the loss, <paramref name="lostBeforeBatch"/>
        /// samples came before the batch even when the buffer loses its newest (see <see cref="ISampleSource.LastLossBeforeBatch"/>).
        /// </summary>
        public long TimeBatch(int count, int lost, long pollMicroseconds, bool lostUncounted, int lostBeforeBatch)
        {
            // A buffer that overwrites its oldest lost everything before the batch anyway.
            long forcedBefore = _losesNewest ? lostBeforeBatch * _intervalNanoseconds : 0;
            if (lostUncounted)
            {
                bool keptFollowLastBatch = _losesNewest && _isRunning;
                _isRunning = false; // how far the next samples lie behind these, nothing tells: the next batch starts again
                if (keptFollowLastBatch)
                {
                    return _nextSampleNanoseconds + forcedBefore;
                }
            }

            long poll = pollMicroseconds * NanosecondsPerMicrosecond;
            long batchSpan = (count - 1) * _intervalNanoseconds;
            long lostSpan = lost * _intervalNanoseconds;
            long lostBefore = _losesNewest ? forcedBefore : lostSpan;
            long lostAfter = lostSpan - lostBefore;
            if (_isRunning)
            {
                _nextSampleNanoseconds += lostBefore;
                long distance = poll - lostAfter - (_nextSampleNanoseconds + batchSpan);
                if (distance > _resetDistanceNanoseconds || distance < -_resetDistanceNanoseconds)
                {
                    _isRunning = false;
                }
                else
                {
                    _nextSampleNanoseconds += distance / PhaseSteeringPolls;
                    SteerInterval(distance / (IntervalSteeringDivisor * (count + lost)));
                    batchSpan = (count - 1) * _intervalNanoseconds;
                }
            }

            if (!_isRunning)
            {
                _isRunning = true;
                _nextSampleNanoseconds = poll - lostAfter - batchSpan;
            }

            long first = _nextSampleNanoseconds;
            _nextSampleNanoseconds += batchSpan + _intervalNanoseconds + lostAfter;
            return first;
        }

        /// <summary>
        /// A read that returned no sample but reported <paramref name="lost"/> samples lost (<paramref name="lostUncounted"/>:
        /// at least that many), such as a broken-off read that popped every sample of a full FIFO: nothing was read since
        /// the last batch, so all of them lie between it and the next, and the clock moves on by their count. An uncounted
        /// loss leaves no way to tell how far: the next batch starts the clock again.
        /// </summary>
        public void SkipLost(int lost, bool lostUncounted)
        {
            if (lostUncounted)
            {
                _isRunning = false;
            }
            else if (_isRunning)
            {
                _nextSampleNanoseconds += lost * _intervalNanoseconds;
            }
        }

        private void SteerInterval(long change)
        {
            long bound = _nominalIntervalNanoseconds / IntervalBoundDivisor;
            long interval = _intervalNanoseconds + change;
            interval = interval > _nominalIntervalNanoseconds + bound ? _nominalIntervalNanoseconds + bound : interval;
            _intervalNanoseconds = interval < _nominalIntervalNanoseconds - bound ? _nominalIntervalNanoseconds - bound : interval;
        }
    }
}
