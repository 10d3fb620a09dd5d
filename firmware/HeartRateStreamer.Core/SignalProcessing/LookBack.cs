using System;

namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// The look-back (issue 18): once a chain's rhythm is first known, finds the beats missed in the wave history before
    /// the chain's first beat by matching the upstroke template (<see cref="BeatTemplate.MatchAt"/>), and passes the
    /// intervals between them to the NN step ahead of the chain's held ones (<see cref="NormalIntervalFeed"/>). Once per
    /// rhythm learned; allocates nothing.
    /// </summary>
    public sealed class LookBack
    {
        // The look-back (issue 18): once a rhythm is first known, the history still holds the seconds before the first
        // beat of the chain, where beats were missed while the scale was being learned. Walking back one learned interval
        // at a time, within ±30 % of it (the rhythm's regularity bound: the pulse still settles then; the NN filter's
        // ±20 % found 5 beats on the welltory recordings instead of 7, with no extra beat either way), the best match with
        // the upstroke template, at 10 ms steps (the template's spacing), is a beat when it matches as well as a clean
        // beat's wave (IntervalTimingJudge.MinimumCleanBeatScore), peaks inside the gate and has a pulse's size (the on-time bar up to the
        // motion bar). Found beats are reported with their times and counted. At most 8 beats: the learning time and
        // the floor (the beat before the chain) leave a few seconds to search, a handful of beats at rest.
        private const int MaximumLookBackBeats = 8;
        private const long LookBackStepMicroseconds = 10000;

        private readonly PulseHistory _history;
        private readonly BeatTemplate _template;
        private readonly IntervalTimingJudge _timing;
        private readonly NormalIntervalFeed _intervalFeed;
        private readonly long[] _lookBackTimes = new long[MaximumLookBackBeats];
        private long _chainStartMicroseconds;
        private long _lookBackFloorMicroseconds;

        /// <summary>Searches <paramref name="history"/> with <paramref name="template"/>; the intervals found are judged by <paramref name="timing"/> and go to <paramref name="intervalFeed"/>.</summary>
        public LookBack(PulseHistory history, BeatTemplate template, IntervalTimingJudge timing, NormalIntervalFeed intervalFeed)
        {
            _history = history;
            _template = template;
            _timing = timing;
            _intervalFeed = intervalFeed;
        }

        /// <summary>Beats found since construction.</summary>
        public int BeatCount { get; private set; }

        /// <summary>Beats found by the newest run (read them with <see cref="BeatTimeMicroseconds"/>); 0 once a later beat is committed.</summary>
        public int NewBeatCount { get; private set; }

        /// <summary>The time of a beat found by the newest run, <paramref name="index"/> 0 the oldest (below <see cref="NewBeatCount"/>).</summary>
        public long BeatTimeMicroseconds(int index)
        {
            if (index < 0 || index >= NewBeatCount)
            {
                throw new ArgumentOutOfRangeException(nameof(index), "Ask for a look-back beat below NewLookBackBeatCount.");
            }

            return _lookBackTimes[NewBeatCount - 1 - index];
        }

        /// <summary>A beat has been committed: the beats found before it are no longer new.</summary>
        public void ForgetNewBeats()
        {
            NewBeatCount = 0;
        }

        /// <summary>A new chain begins at <paramref name="chainStartMicroseconds"/>: its look-back may search before it, down to <paramref name="floorMicroseconds"/>.</summary>
        public void StartChain(long chainStartMicroseconds, long floorMicroseconds)
        {
            _chainStartMicroseconds = chainStartMicroseconds;
            _lookBackFloorMicroseconds = floorMicroseconds;
        }

        /// <summary>Searches before the chain at the learned rhythm and size, then passes the intervals found and the held ones on.</summary>
        public void Run(float expectedIntervalMilliseconds, float typicalAmplitude)
        {
            Search(expectedIntervalMilliseconds, typicalAmplitude);
            ReplayBeforeChain();
        }

        // See MaximumLookBackBeats: walks back from the chain's first beat one learned interval at a time.
        private void Search(float expectedIntervalMilliseconds, float typicalAmplitude)
        {
            long expected = (long)(expectedIntervalMilliseconds * 1000.0f);
            long gate = (long)(PulseEstimator.RegularityTolerance * expected);
            float smallest = PulseEstimator.OnTimeAmplitudeFraction * typicalAmplitude;
            float largest = PulseEstimator.MotionAmplitudeRatio * typicalAmplitude;
            long next = _chainStartMicroseconds;
            while (NewBeatCount < MaximumLookBackBeats)
            {
                long from = next - expected - gate;
                long to = next - expected + gate;
                if (from < _lookBackFloorMicroseconds)
                {
                    from = _lookBackFloorMicroseconds;
                }

                long best = 0;
                float bestScore = -1.0f;
                float bestSize = 0.0f;
                for (long time = from; time <= to; time += LookBackStepMicroseconds)
                {
                    float score = _template.MatchAt(_history, time);
                    if (score > bestScore)
                    {
                        best = time;
                        bestScore = score;
                        bestSize = _template.MatchedSize;
                    }
                }

                // The best match must lie inside the gate (a maximum at its edge belongs to a beat outside it).
                if (bestScore < IntervalTimingJudge.MinimumCleanBeatScore || best - LookBackStepMicroseconds < from || best + LookBackStepMicroseconds > to
                    || bestSize < smallest || bestSize > largest)
                {
                    return;
                }

                // Refined between the 10 ms steps by a parabola through the best and its neighbours.
                float below = _template.MatchAt(_history, best - LookBackStepMicroseconds);
                float above = _template.MatchAt(_history, best + LookBackStepMicroseconds);
                float curvature = below - 2.0f * bestScore + above;
                if (curvature < 0.0f)
                {
                    best += (long)(0.5f * (below - above) / curvature * LookBackStepMicroseconds);
                }

                _lookBackTimes[NewBeatCount] = best;
                NewBeatCount++;
                BeatCount++;
                next = best;
            }
        }

        // The look-back's beats (newest first in _lookBackTimes) make intervals before the chain's first beat: they go to
        // the NN filter oldest first, then the chain's held intervals. A look-back beat has no cycle scored at a commit,
        // so each interval is judged on its closing beat's upstroke and peak against the beat before it, the test that
        // does not depend on the intervals around it (IntervalTimingJudge.UpstrokeRepeats).
        private void ReplayBeforeChain()
        {
            for (int index = NewBeatCount - 1; index >= 0; index--)
            {
                long end = index > 0 ? _lookBackTimes[index - 1] : _chainStartMicroseconds;
                float milliseconds = (end - _lookBackTimes[index]) * 0.001f;
                _intervalFeed.PassNow(end, milliseconds, _timing.UpstrokeRepeats(end, milliseconds));
            }

            _intervalFeed.PassHeld();
        }
    }
}
