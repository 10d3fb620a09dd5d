using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Simulation.Ppg;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>
    /// The estimator's look-back: once it knows the rhythm, beats it missed before the first beat of the chain (a
    /// start-up transient set the scale too high) are found in the held wave at their true times, and counted; a flat
    /// or noisy start gives none.
    /// </summary>
    [TestClass]
    public class LookBackTests
    {
        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void BeatsMissedAfterAStartUpTransientAreFoundAtTheirTimes(int samplesPerSecond)
        {
            // A jolt six times the pulse just after the learning time sets the scale; the beats after it are too small for
            // the bar until it decays, so they are missed and the pulse is learned afresh.
            var run = JoltAtTheStart(samplesPerSecond);
            string where = samplesPerSecond.ToString() + " samples/s: ";
            long[] found = new long[16];
            int count = 0;
            while (run.Seconds < 20.0)
            {
                if (run.Step())
                {
                    for (int index = 0; index < run.Estimator.NewLookBackBeatCount && count < found.Length; index++)
                    {
                        found[count++] = run.Estimator.LookBackBeatTimeMicroseconds(index);
                    }
                }
            }

            Assert.IsTrue(count > 0, where + "the look-back finds the beats missed after the jolt");
            Assert.AreEqual(count, run.Estimator.LookBackBeatCount, where + "every beat found is counted");
            long delay = run.MedianDetectionDelayMicroseconds(5.0);
            for (int i = 0; i < count; i++)
            {
                // Each lies on a true beat (onset + the usual delay), as a detected beat would, and none twice.
                long nearest = long.MaxValue;
                for (int k = 0; k < run.OnsetCount; k++)
                {
                    long distance = found[i] - (run.Onsets[k] + delay);
                    distance = distance < 0 ? -distance : distance;
                    nearest = distance < nearest ? distance : nearest;
                }

                Assert.IsTrue(nearest <= 30000, where + "the beat found at " + (found[i] / 1000).ToString() + " ms lies " + (nearest / 1000).ToString() + " ms from a true beat");
                for (int j = 0; j < run.BeatCount; j++)
                {
                    long apart = run.Beats[j] - found[i];
                    Assert.IsTrue(apart > 300000 || apart < -300000, where + "the beat found at " + (found[i] / 1000).ToString() + " ms was detected already");
                }
            }
        }

        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void TheIntervalsOfTheBeatsFoundGoToTheNnFilterBeforeTheChainsOwn(int samplesPerSecond)
        {
            // The jolt of the test above. The chain's first intervals are held until its look-back has run; then the
            // intervals between the beats found, and from the newest of them to the chain's first beat, are judged
            // first, all at the beat that ran the look-back, and the held ones after them, in time order.
            var run = JoltAtTheStart(samplesPerSecond);
            string where = samplesPerSecond.ToString() + " samples/s: ";
            NormalIntervalFilter filter = run.Estimator.NormalIntervals;
            while (run.Seconds < 20.0)
            {
                int decidedBefore = filter.DecidedCount;
                if (!run.Step() || run.Estimator.NewLookBackBeatCount == 0)
                {
                    continue;
                }

                int found = run.Estimator.NewLookBackBeatCount;
                Assert.IsTrue(filter.DecidedCount - decidedBefore >= found, where + "the " + found.ToString() + " intervals before the chain are decided at once, got "
                    + (filter.DecidedCount - decidedBefore).ToString());

                // Each NN interval that ends at a beat found (or at the chain's first, the beat after the newest found)
                // spans back to the beat found before it; NN intervals come in time order.
                IntervalRing normal = filter.RecentNormalIntervals;
                int spanning = 0;
                for (int i = 0; i < normal.Count; i++)
                {
                    Assert.IsTrue(i == 0 || normal.EndMicroseconds(i) > normal.EndMicroseconds(i - 1), where + "NN intervals in time order");
                    long start = normal.EndMicroseconds(i) - (long)(normal.Milliseconds(i) * 1000.0f + 0.5f);
                    for (int k = 0; k < found; k++)
                    {
                        long apart = start - run.Estimator.LookBackBeatTimeMicroseconds(k);
                        spanning += apart < 2 && apart > -2 ? 1 : 0;
                    }
                }

                Assert.IsTrue(spanning >= found - 1, where + "NN intervals start at " + spanning.ToString() + " of the " + found.ToString() + " beats found (the oldest one's interval is judged on too few to be normal)");
                return;
            }

            Assert.IsTrue(false, where + "the look-back found no beat");
        }

        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void IntervalsReachTheNnFilterInTimeOrderWhenTheChainOutlastsItsHold(int samplesPerSecond)
        {
            // The jolt again, at 120 bpm: the chain begins about 6.8 s in, after beats the look-back could find. From 6 to
            // 12 s every other beat carries a second wave 0.8 times the pulse in its diastole, outside the upstroke the
            // template compares, so no beat's wave repeats the one before it well enough to give the template its first
            // shape: the chain's held intervals overflow (more than 8) and go on to the NN filter before the look-back
            // can run. When the wave repeats again, intervals before the chain must not follow them: the NN filter and
            // the HRV window take intervals in time order and judge each against the ones before it.
            var settings = new SyntheticPpgSettings { SampleRateHz = samplesPerSecond, HeartRateBeatsPerMinute = 120.0, MotionStartSeconds = 1.6, MotionDurationSeconds = 0.3, MotionRatio = 6.0, NoiseRatio = 0.02, Seed = 3 };
            var run = new PulseRun(settings);
            string where = samplesPerSecond.ToString() + " samples/s: ";
            NormalIntervalFilter filter = run.Estimator.NormalIntervals;
            long lastDecidedEnd = 0;
            while (run.Seconds < 20.0)
            {
                SyntheticPpgGenerator generator = run.Generator;
                long onset = generator.LastBeatOnsetMicroseconds;
                double added = 0.0;
                if (generator.BeatCount % 2 == 1 && onset >= 6000000 && onset < 12000000)
                {
                    // Less light comes through, as under a pulse (which takes the perfusion index of it at its peak).
                    added = -0.8 * settings.PerfusionIndex * WaveMath.Bump((generator.TimeMicroseconds - onset) * 0.000001, 0.32, 0.03);
                }

                int decided = filter.DecidedCount;
                if (!run.Step(added))
                {
                    continue;
                }

                if (filter.DecidedCount != decided)
                {
                    Assert.IsTrue(filter.DecidedEndMicroseconds >= lastDecidedEnd, where + "at " + (run.Estimator.LastBeatTimeMicroseconds / 1000).ToString()
                        + " ms the NN filter decided the interval ending at " + (filter.DecidedEndMicroseconds / 1000).ToString() + " ms after the one ending at " + (lastDecidedEnd / 1000).ToString() + " ms");
                    lastDecidedEnd = filter.DecidedEndMicroseconds;
                }

                IntervalRing normal = filter.RecentNormalIntervals;
                for (int i = 1; i < normal.Count; i++)
                {
                    Assert.IsTrue(normal.EndMicroseconds(i) > normal.EndMicroseconds(i - 1), where + "at " + (run.Estimator.LastBeatTimeMicroseconds / 1000).ToString()
                        + " ms the NN interval ending at " + (normal.EndMicroseconds(i) / 1000).ToString() + " ms follows the one ending at " + (normal.EndMicroseconds(i - 1) / 1000).ToString() + " ms");
                }
            }

            // The order was checked on NN intervals (14 at every rate: from 12 s on, and some between the second waves).
            // The look-back, which could only have put its intervals after newer ones, gave up.
            Assert.IsTrue(filter.NormalCount >= 10, where + "NN intervals: " + filter.NormalCount.ToString());
            Assert.AreEqual(0, run.Estimator.LookBackBeatCount, where + "no look-back once the chain's intervals have gone on");
        }

        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void ACleanStartLeavesNothingToFind(int samplesPerSecond)
        {
            // Every beat after the learning time is detected, so the look-back finds no other.
            var run = new PulseRun(new SyntheticPpgSettings { SampleRateHz = samplesPerSecond, HeartRateBeatsPerMinute = 75.0, NoiseRatio = 0.02, Seed = 4 });
            run.RunUntil(20.0);
            Assert.AreEqual(0, run.Estimator.LookBackBeatCount, samplesPerSecond.ToString() + " samples/s: no beat found twice");
        }

        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void AFlatStartGivesNoBeat(int samplesPerSecond)
        {
            // No pulse, only slow wander: nothing to find, whatever the look-back holds (noise: NoReadingTests).
            var run = new PulseRun(new SyntheticPpgSettings { SampleRateHz = samplesPerSecond, PulseAbsent = true, WanderRatio = 0.5, NoiseRatio = 0.0 });
            run.RunUntil(30.0);
            Assert.AreEqual(0, run.Estimator.LookBackBeatCount, samplesPerSecond.ToString() + " samples/s: no beat from a flat wave");
        }

        // A jolt six times the pulse just after the learning time, at 75 bpm.
        private static PulseRun JoltAtTheStart(int samplesPerSecond)
        {
            return new PulseRun(new SyntheticPpgSettings { SampleRateHz = samplesPerSecond, HeartRateBeatsPerMinute = 75.0, MotionStartSeconds = 1.6, MotionDurationSeconds = 0.3, MotionRatio = 6.0, NoiseRatio = 0.02, Seed = 3 });
        }
    }
}
