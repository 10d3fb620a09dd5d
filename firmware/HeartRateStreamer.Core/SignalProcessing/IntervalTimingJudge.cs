namespace HeartRateStreamer.SignalProcessing
{
    /// <summary>
    /// The once-per-beat judgement of an interval's timing for the NN step: whether it is trusted (its closing beat's
    /// wave repeats the beat before it) and its length between the two beats re-timed on the running upstroke template
    /// (<see cref="BeatTemplate"/>), which clean beats teach. It reads the estimator's wave history and allocates nothing.
    /// </summary>
    public sealed class IntervalTimingJudge
    {
        // An interval's timing is trusted (an NN interval) only when its closing beat's wave correlates at least this well
        // with the beat before it: the template-matching acceptance threshold of Orphanidou et al. (IEEE JBHI 19(3), 2015).
        internal const float MinimumCleanBeatScore = 0.86f;

        // Whether an interval's timing is trusted compares one cycle of the wave (the interval) with the cycle before it:
        // the quality figure's longer span reaches back over the previous upstroke, misaligned by the change of interval,
        // so breathing's swings (sinus arrhythmia) scored low and their intervals were left out, and RMSSD read low where
        // it is highest (issue 18: subject_10 34 ms against the strap's 49). At least 0.5 s (12 points of the 25
        // samples/s history). Noise does not get through this way: its intervals seldom fit their neighbours, and
        // NoReadingTests check that it gives no RMSSD.
        private const float MinimumCycleSeconds = 0.5f;

        // The cycle comparison is fair only while the cycles have the same length. Its window ends at the beat's commit,
        // up to 0.3 s plus half an interval after the beat, so when the interval changes (a breathing swing) it holds a
        // stretched or shrunk diastole and the start of the next upstroke, which the cycle before does not: on subject_10
        // of the welltory recordings, swings of 5-32 % from beat to beat (686-700 ms after 900, as on the strap) scored
        // 0.3-0.6 and were left out (RMSSD 40 against the strap's 49). So after a change of at least 5 % (45 ms at rest,
        // more than a 40 ms step of the 25 samples/s history: a smaller change misaligns the cycle comparison by less
        // than one of its points, and it stays the judge), the beat is judged again on what a change of interval does not
        // change: its upstroke and systolic peak, ±0.3 s around the beat time (the crest time is 0.1-0.3 s: Elgendi,
        // Curr. Cardiol. Rev. 8(1), 2012), against the same span of the beat before, one measured interval earlier. The
        // bar is high because the span is short (15 points) and smooth: a beat timed e off misaligns it by e, and a rise
        // of 0.1-0.3 s then correlates about cos(2πe / 0.6 s), below 0.97 beyond e ≈ 25 ms, the errors that inflate RMSSD.
        private const float SwingIntervalChange = 0.05f;

        // Above 100 bpm the previous beat's run-off has not died away under the next upstroke: it bends the template's
        // span at a level set by the interval before and smooths beat-to-beat variation out of the NN intervals. There
        // the match leaves out the span's curvature too (BeatTemplate.RemovesCurvature). Measured on the synthetic finger
        // (3 % random variation, its onsets the truth; analyze --reference-rr): 120 bpm RMSSD 21.1 against 21.0 ms at 100
        // samples/s (18.9 with the curvature), 18.4 against 18.6 at 400 (16.6), 23.8 against 25.7 at 25 (21.5); 160 bpm
        // 12.6 against 14.4 at 100 (11.6). At rest the upstroke's own bend is shape the match needs: left out on the
        // welltory recordings (all under 85 bpm) it cost 4 of 13 within the goal and 7.5 ms of median interval error.
        private const float CurvatureRemovalIntervalMilliseconds = 600.0f;
        private const float UpstrokeHalfSpanSeconds = 0.3f;
        private const float MinimumUpstrokeSpanScore = 0.97f;

        private readonly PulseHistory _history;
        private readonly BeatTemplate _template;
        private bool _lastBeatIsAligned;
        private float _lastBeatAlignmentMicroseconds;

        /// <summary>Judges intervals on <paramref name="history"/>, re-timing beats on <paramref name="template"/> (which it teaches).</summary>
        public IntervalTimingJudge(PulseHistory history, BeatTemplate template)
        {
            _history = history;
            _template = template;
        }

        /// <summary>
        /// How closely the newest beat cycle of the wave repeats the one before it, aligned by the measured interval,
        /// 0..1: template matching, the PPG signal-quality index of Orphanidou et al. (IEEE JBHI 19(3), 2015,
        /// doi:10.1109/JBHI.2014.2338351). Noise that happens to cross the thresholds does not repeat itself.
        /// </summary>
        public float ScoreBeat(float intervalSeconds, float minimumWindowSeconds, float skipSeconds)
        {
            float window = intervalSeconds > minimumWindowSeconds ? intervalSeconds : minimumWindowSeconds;
            float correlation = _history.Correlation(intervalSeconds, window, skipSeconds);
            return correlation > 0.0f ? correlation : 0.0f;
        }

        /// <summary>
        /// Whether an interval's timing is trusted: its closing beat's cycle of the wave repeats the one before it
        /// (MinimumCycleSeconds) or, after a swing from <paramref name="previousMilliseconds"/> (when
        /// <paramref name="hadInterval"/>), which misaligns that comparison, its upstroke and peak repeat the previous
        /// beat's (SwingIntervalChange).
        /// </summary>
        public bool IsTimingClean(long timeMicroseconds, float intervalMilliseconds, bool hadInterval, float previousMilliseconds, float skipSeconds)
        {
            if (ScoreBeat(intervalMilliseconds * 0.001f, MinimumCycleSeconds, skipSeconds) >= MinimumCleanBeatScore)
            {
                return true;
            }

            return hadInterval && SignalMath.Absolute(intervalMilliseconds - previousMilliseconds) >= SwingIntervalChange * previousMilliseconds
                && UpstrokeRepeats(timeMicroseconds, intervalMilliseconds);
        }

        /// <summary>
        /// Whether the upstroke and systolic peak of the beat at <paramref name="timeMicroseconds"/> repeat the beat one
        /// <paramref name="intervalMilliseconds"/> before it: the test that does not depend on the intervals around it.
        /// </summary>
        public bool UpstrokeRepeats(long timeMicroseconds, float intervalMilliseconds)
        {
            return _history.CorrelationAround(timeMicroseconds, intervalMilliseconds * 0.001f, UpstrokeHalfSpanSeconds) >= MinimumUpstrokeSpanScore;
        }

        /// <summary>
        /// The NN interval between the two beats' upstrokes aligned on the running upstroke template, once both were
        /// aligned (the heart rate keeps the beat times as detected). A beat whose <paramref name="score"/> is clean
        /// joins the template.
        /// </summary>
        public float AlignedInterval(long timeMicroseconds, float intervalMilliseconds, float score)
        {
            bool wasLearned = _template.IsLearned;
            float alignment = _template.AlignmentMicroseconds(_history, timeMicroseconds);
            float aligned = intervalMilliseconds;
            if (wasLearned && _lastBeatIsAligned)
            {
                aligned += (alignment - _lastBeatAlignmentMicroseconds) * 0.001f;
            }

            _lastBeatIsAligned = wasLearned;
            _lastBeatAlignmentMicroseconds = alignment;
            _template.Update(score >= MinimumCleanBeatScore);
            return aligned;
        }

        /// <summary>The rhythm's expected interval sets how the template matches (CurvatureRemovalIntervalMilliseconds).</summary>
        public void FollowRate(float expectedIntervalMilliseconds)
        {
            _template.RemovesCurvature = expectedIntervalMilliseconds < CurvatureRemovalIntervalMilliseconds;
        }

        /// <summary>A beat with no interval before it: it teaches the template nothing, and the next interval is not aligned.</summary>
        public void BreakChain()
        {
            _template.Update(false);
            _lastBeatIsAligned = false;
        }

        /// <summary>The rhythm is forgotten: the template is learned afresh.</summary>
        public void Forget()
        {
            _template.Reset();
            _lastBeatIsAligned = false;
        }
    }
}
