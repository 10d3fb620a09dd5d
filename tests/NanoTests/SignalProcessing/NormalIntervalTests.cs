using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Simulation.Ppg;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>
    /// The estimator's NN intervals and HRV on synthetic pulses with a known ectopic or missed beat: the odd intervals
    /// are marked and counted, never passed on, no beat is invented, and RMSSD and SDNN stay those of the true NN
    /// intervals.
    /// </summary>
    [TestClass]
    public class NormalIntervalTests
    {
        private const double SimulatedSeconds = 75.0;

        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void AnEctopicBeatIsMarkedAndLeftOut(int samplesPerSecond)
        {
            SyntheticPpgSettings settings = Settings(samplesPerSecond);
            settings.EctopicBeatNumber = 40;
            settings.EctopicPrematurityFraction = 0.65;
            settings.EctopicAmplitudeRatio = 0.8;
            var run = new PulseRun(settings);
            run.RunUntil(SimulatedSeconds);
            string where = samplesPerSecond.ToString() + " samples/s: ";

            var filter = run.Estimator.NormalIntervals;
            // The premature beat, 80 % of a usual one, clears the detector's bar for early beats (70 %) at every rate: its
            // interval and the pause after it are marked ectopic, and neither is passed on.
            Assert.AreEqual(0, run.MissingBeats(), where + "the premature beat is seen, and no beat made up");
            Assert.AreEqual(2, filter.EctopicCount, where + "the premature interval and its pause are marked ectopic");
            Assert.AreEqual(0, filter.MissedBeatCount, where + "no missed beat");
            // Also marked: the first interval (too early to judge) and the one after the odd beat, whose wave is compared
            // with a beat-length that holds the odd beat and so does not repeat it (unclear).
            Assert.AreEqual(1, filter.UnclearCount, where + "the interval after the odd beat is unclear");
            Assert.AreEqual(2 + filter.EctopicCount + filter.MissedBeatCount, filter.CorrectedCount, where + "nothing else marked ("
                + filter.ExtraBeatCount.ToString() + " extra, " + filter.IrregularCount.ToString() + " irregular)");
            CheckVariability(run, where, settings.EctopicBeatNumber);
        }

        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void AMissedBeatIsMarkedAndNoBeatIsInvented(int samplesPerSecond)
        {
            SyntheticPpgSettings settings = Settings(samplesPerSecond);
            settings.WeakBeatNumber = 40;
            var run = new PulseRun(settings);
            run.RunUntil(SimulatedSeconds);
            string where = samplesPerSecond.ToString() + " samples/s: ";

            var filter = run.Estimator.NormalIntervals;
            Assert.AreEqual(1, filter.MissedBeatCount, where + "the interval over the unseen beat is marked");
            Assert.AreEqual(0, filter.UnclearCount, where + "the interval after the unseen beat is normal: its beat cycle repeats the one before the gap");
            Assert.AreEqual(2, filter.CorrectedCount, where + "nothing else marked but the first interval, too early to judge");
            Assert.AreEqual(1, run.MissingBeats(), where + "one beat fewer than the truth: the unseen beat is not made up");
            CheckVariability(run, where, settings.WeakBeatNumber);
        }

        // Breathing swings of ±12 % (860 ± 100 ms at 70 bpm, successive differences up to ~150 ms, as in a young adult at
        // rest) are heart-rate variability, not artefacts: no interval after the first is marked, and RMSSD is the truth's.
        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void StrongSinusArrhythmiaIsNotCorrected(int samplesPerSecond)
        {
            SyntheticPpgSettings settings = Settings(samplesPerSecond);
            settings.RespiratoryVariabilityFraction = 0.12;
            CheckNothingCorrected(settings, 80, 86);
        }

        // Deep, slow breathing: intervals swing by 25 % (±12.5 %, 750..960 ms at 70 bpm) at 0.25 Hz, changing by up to
        // 18 % from beat to beat, and the breath moves the baseline twice as far as the pulse. The cycle comparison,
        // misaligned by each change of interval, scores such beats low; their upstrokes and peaks still repeat the beat
        // before, so they are judged on those and pass: at most 15 % of the intervals left out (the cycle comparison
        // alone left out 22 % at 25 samples/s), RMSSD and SDNN within 5 % of the truth's (RMSSD 18 % low with the cycle
        // alone, measured on the earlier synthetic finger).
        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void DeepBreathingSwingsAreNotCorrected(int samplesPerSecond)
        {
            SyntheticPpgSettings settings = Settings(samplesPerSecond);
            settings.RespiratoryVariabilityFraction = 0.125;
            settings.BreathingRateHz = 0.25;
            settings.WanderRatio = 2.0;
            var run = new PulseRun(settings);
            run.RunUntil(SimulatedSeconds);
            string where = samplesPerSecond.ToString() + " samples/s: ";

            var filter = run.Estimator.NormalIntervals;
            Assert.IsTrue(filter.DecidedCount >= 80, where + "about 84 intervals decided, got " + filter.DecidedCount.ToString());
            Assert.IsTrue(filter.CorrectedCount * 100 <= 15 * filter.DecidedCount, where + "at most 15 % marked, got " + Marked(filter));
            Assert.AreEqual(0, filter.MissedBeatCount + filter.ExtraBeatCount + filter.EctopicCount, where + "no swing taken for a missed, extra or ectopic beat");
            CheckVariability(run, where, -1);
        }

        // Resonance breathing, as in HRV biofeedback: 6 breaths a minute (0.1 Hz), the heart swinging by ±18 % (about
        // 54..78 bpm around 65), the breath moving the baseline as far as the pulse. A slow swing this wide is the reading
        // such a user wants, not an artefact: at most the first interval or two marked, RMSSD and SDNN the truth's. The
        // median of 9 intervals spans less than one such breath, so at the swing's ends only the comparison with the
        // previous interval (Malik's rule, NormalIntervalFilter) keeps them: without it this test fails at every rate,
        // the faster breathing above does not. Measured 2026-12-07 over 120 s: 1 interval marked of about 127 at ±8..20 %
        // and 0.1 or 0.15 Hz, RMSSD within 1.5 % of the truth's.
        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void ResonanceBreathingIsNotCorrected(int samplesPerSecond)
        {
            CheckResonanceBreathing(samplesPerSecond, 0.0);
        }

        // The same breathing swinging each pulse's size too, by ±30 % (respiratory-induced amplitude variation: stroke
        // volume falls on inspiration, so the smallest pulses come with the shortest intervals: Charlton et al., IEEE Rev.
        // Biomed. Eng. 11, 2018; the size of the swing at a finger varies from person to person, so a wide one is taken
        // here). A size that follows the breath is the same
        // beat: nothing more marked, no beat lost. It fails when a size bar leaves the breath no room, while the test
        // above still passes: the on-time bar (PulseEstimator.OnTimeAmplitudeFraction) at 0.6 instead of 0.45 (small beats
        // missed: 6 intervals irregular, or 72 decided at 100 samples/s), the motion bar (MotionAmplitudeRatio) at 1.5
        // instead of 3 (large beats taken for motion: 66-67 decided), at every rate. Measured 2026-12-07 over 120 s at
        // 65 bpm, 0.1 Hz (±10, ±18 %) and 0.25 Hz (±5 %), sizes ±0, 10, 20, 30 %, wander 0 or 1, 25..400 samples/s:
        // only the first interval marked, no beat missed, RMSSD within 3.3 % and SDNN 3.1 % of the truth's, the size
        // swing moving them by at most 0.4 %.
        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void ResonanceBreathingThatSwingsThePulsesSizeIsNotCorrected(int samplesPerSecond)
        {
            CheckResonanceBreathing(samplesPerSecond, 0.3);
        }

        // A fast heart (120 bpm) varying at random by 3 % from beat to beat (successive differences of about 20 ms). At
        // this rate the previous beat's run-off still lies under each upstroke, at a level set by the interval before,
        // and it smoothed the variation out of the NN intervals: RMSSD 9.5-11 % low at every rate until the template match
        // left out the span's curvature above 100 bpm (BeatTemplate.RemovesCurvature); measured now within 3.3 %.
        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void RandomVariationAtAFastRateIsNotSmoothedOut(int samplesPerSecond)
        {
            SyntheticPpgSettings settings = Settings(samplesPerSecond);
            settings.HeartRateBeatsPerMinute = 120.0;
            settings.RespiratoryVariabilityFraction = 0.0;
            settings.BeatJitterFraction = 0.03;
            var run = new PulseRun(settings);
            run.RunUntil(SimulatedSeconds);
            string where = samplesPerSecond.ToString() + " samples/s: ";

            var filter = run.Estimator.NormalIntervals;
            Assert.AreEqual(0, run.MissingBeats(), where + "every beat found");
            Assert.IsTrue(filter.CorrectedCount <= 3, where + "at most the first interval or three marked, got " + Marked(filter));
            CheckVariability(run, where, -1);
        }

        // A beat a third the usual size on time (a breath's dip in perfusion) stays under the on-time bar, but the next
        // beat comes late, so the search-back takes it: no interval is marked missed and no beat is lost.
        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void ASmallBeatOnTimeIsFoundBySearchBack(int samplesPerSecond)
        {
            SyntheticPpgSettings settings = Settings(samplesPerSecond);
            settings.WeakBeatNumber = 40;
            settings.WeakBeatAmplitudeRatio = 0.35;
            var run = new PulseRun(settings);
            run.RunUntil(SimulatedSeconds);
            string where = samplesPerSecond.ToString() + " samples/s: ";

            var filter = run.Estimator.NormalIntervals;
            Assert.AreEqual(0, run.MissingBeats(), where + "the small beat is found");
            Assert.AreEqual(0, filter.MissedBeatCount, where + "no interval spans a missed beat");
            Assert.IsTrue(filter.CorrectedCount <= 3, where + "at most the first interval and the two beside the small beat marked, got " + filter.CorrectedCount.ToString());
        }

        // A finger at 100 bpm is lifted at 38 s and a finger at 50 bpm is placed at 42 s: a new measurement. Its intervals
        // (1200 ms) are judged on their own rhythm, not against the 600 ms median of the finger before, which makes the
        // first ones look like two beats each, one missed.
        [TestMethod]
        public static void ANewFingerIsJudgedOnItsOwnRhythm()
        {
            var settings = new SyntheticPpgSettings
            {
                HeartRateBeatsPerMinute = 100.0,
                RateStepTimeSeconds = 40.0,
                SteppedHeartRateBeatsPerMinute = 50.0,
                FingerOffStartSeconds = 38.0,
                FingerOffDurationSeconds = 4.0,
                NoiseRatio = 0.05,
            };
            var run = new PulseRun(settings);
            run.RunUntil(38.0);
            var filter = run.Estimator.NormalIntervals;
            int missedBefore = filter.MissedBeatCount;
            int normalBefore = filter.NormalCount;
            Assert.IsTrue(normalBefore >= 50, "the first finger's intervals are normal, got " + normalBefore.ToString());

            run.RunUntil(100.0);

            Assert.AreEqual(missedBefore, filter.MissedBeatCount, "no interval of the new finger marked missed: " + Marked(filter));
            Assert.IsTrue(filter.NormalCount - normalBefore >= 43, "nearly all of the new finger's ~46 intervals normal, got "
                + (filter.NormalCount - normalBefore).ToString() + "; marked " + Marked(filter));
            Assert.IsTrue(run.Estimator.HasHeartRateVariability, "an RMSSD of the new finger: " + run.Estimator.HeartRateVariabilityQualityPercent.ToString() + " % of the last minute covered");
            SignalAssert.Near(50.0, run.Estimator.HeartRateBeatsPerMinute, 1.0, "the new finger's rate");
        }

        private static void CheckResonanceBreathing(int samplesPerSecond, double amplitudeFraction)
        {
            SyntheticPpgSettings settings = Settings(samplesPerSecond);
            settings.HeartRateBeatsPerMinute = 65.0;
            settings.RespiratoryVariabilityFraction = 0.18;
            settings.BreathingRateHz = 0.1;
            settings.WanderRatio = 1.0;
            settings.RespiratoryAmplitudeFraction = amplitudeFraction;
            CheckNothingCorrected(settings, 75, 79);
        }

        // A heart whose variability is all real: at most the first interval or two marked, every beat found, RMSSD and
        // SDNN the truth's.
        private static void CheckNothingCorrected(SyntheticPpgSettings settings, int leastDecided, int usualDecided)
        {
            var run = new PulseRun(settings);
            run.RunUntil(SimulatedSeconds);
            string where = ((int)settings.SampleRateHz).ToString() + " samples/s: ";

            var filter = run.Estimator.NormalIntervals;
            Assert.IsTrue(filter.DecidedCount >= leastDecided, where + "about " + usualDecided.ToString() + " intervals decided, got " + filter.DecidedCount.ToString());
            Assert.IsTrue(filter.CorrectedCount <= 2, where + "at most the first interval or two marked, got " + Marked(filter));
            Assert.AreEqual(0, run.MissingBeats(), where + "every beat found");
            CheckVariability(run, where, -1);
        }

        // The marked intervals and why, for a failure message.
        private static string Marked(NormalIntervalFilter filter)
        {
            return filter.CorrectedCount.ToString() + " (" + filter.UnclearCount.ToString() + " unclear, " + filter.IrregularCount.ToString() + " irregular, "
                + filter.MissedBeatCount.ToString() + " missed, " + filter.ExtraBeatCount.ToString() + " extra, " + filter.EctopicCount.ToString() + " ectopic)";
        }

        private static SyntheticPpgSettings Settings(int samplesPerSecond)
        {
            return new SyntheticPpgSettings
            {
                SampleRateHz = samplesPerSecond,
                HeartRateBeatsPerMinute = 70.0,
                RespiratoryVariabilityFraction = 0.04,
                BeatJitterFraction = 0.02,
            };
        }

        // RMSSD and SDNN of the last minute against those of the true NN intervals in it, less the two next to the odd
        // beat (an ectopic beat's are not NN; an unseen beat's cannot be measured), each within 5 %: half the goal's 10 %
        // (issue 18). The synthetic finger's upstroke keeps its place after the onset whatever the interval, so the
        // onsets' intervals are the truth any upstroke fiducial should reproduce (measured: within 2.5 %).
        private static void CheckVariability(PulseRun run, string where, int ectopicBeatNumber)
        {
            Assert.IsTrue(run.Estimator.HasHeartRateVariability, where + "a reading after 75 s");
            double trueRmssd;
            double trueSdnn;
            run.TrueVariability(run.Estimator.LastBeatTimeMicroseconds - 60000000, run.Estimator.LastBeatTimeMicroseconds, ectopicBeatNumber, out trueRmssd, out trueSdnn);
            SignalAssert.Near(trueRmssd, run.Estimator.RootMeanSquareSuccessiveDifferenceMilliseconds, 0.05 * trueRmssd, where + "RMSSD, ms");
            SignalAssert.Near(trueSdnn, run.Estimator.StandardDeviationOfNormalIntervalsMilliseconds, 0.05 * trueSdnn, where + "SDNN, ms");
        }
    }
}
