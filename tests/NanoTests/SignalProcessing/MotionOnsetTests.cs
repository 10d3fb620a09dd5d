using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Simulation.Ppg;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>
    /// The beat at the start of a motion episode: one that came before the motion, or that the motion lifted, is still a
    /// beat; a motion rise as steep as a jolt is not.
    /// </summary>
    [TestClass]
    public class MotionOnsetTests
    {
        // The scenario: a steady 72 bpm pulse; the motion begins at the true beat nearest 20 s.
        private const double BeatsPerMinute = 72.0;
        private const double MotionNearSeconds = 20.0;

        [DataRow(25)]
        [DataRow(100)]
        [DataRow(400)]
        public static void ABeatJustBeforeMotionIsKept(int samplesPerSecond)
        {
            // The hand starts moving 0.4 s after the beat's onset: its upstroke is over, but its competition window
            // (where a larger rise would replace it) is still open when the motion's first swing arrives.
            long onset = OnsetNear(samplesPerSecond, MotionNearSeconds);
            var run = new PulseRun(Scenario(samplesPerSecond, onset * 0.000001 + 0.4));
            run.RunUntil(MotionNearSeconds + 4.0);

            AssertBeatAt(run, onset, samplesPerSecond.ToString() + " samples/s: ");
        }

        [DataRow(25)]
        [DataRow(100)]
        [DataRow(400)]
        public static void ABeatLiftedByMotionCountsAndTheMotionAfterIt(int samplesPerSecond)
        {
            // The finger is pushed smoothly from 0.3 s before the beat's onset to 0.3 s after it, by 3.5 times the pulse's
            // height: the beat's rise is 3.5 times a pulse (the motion bar is 3) but only half as steep again. Tremor (the
            // generator's motion) follows.
            const double liftRatio = 3.5;
            const double liftLeadSeconds = 0.3;
            const double liftSeconds = 0.6;
            long onset = OnsetNear(samplesPerSecond, MotionNearSeconds);
            SyntheticPpgSettings settings = Scenario(samplesPerSecond, onset * 0.000001 + liftSeconds - liftLeadSeconds);
            var run = new PulseRun(settings);
            bool motionSeen = false;
            while (run.Seconds < MotionNearSeconds + 4.0)
            {
                double since = (run.Generator.TimeMicroseconds - onset) * 0.000001 + liftLeadSeconds;
                double rise = since <= 0.0 ? 0.0 : since >= liftSeconds ? 1.0 : WaveMath.Sine(0.5 * WaveMath.Pi * since / liftSeconds);
                double lift = rise * rise;

                // A pulse lowers the light that comes through (by the perfusion index at its peak); so does the push.
                run.Step(-liftRatio * settings.PerfusionIndex * lift);
                motionSeen |= run.Estimator.IsMotionDetected;
            }

            string where = samplesPerSecond.ToString() + " samples/s: ";
            Assert.IsTrue(motionSeen, where + "the motion is reported");
            AssertBeatAt(run, onset, where);
        }

        // The settings of the scenario, with the generator's motion (tremor ten times the pulse) from motionStartSeconds.
        private static SyntheticPpgSettings Scenario(int samplesPerSecond, double motionStartSeconds)
        {
            return new SyntheticPpgSettings
            {
                SampleRateHz = samplesPerSecond,
                HeartRateBeatsPerMinute = BeatsPerMinute,
                RespiratoryVariabilityFraction = 0.0,
                BeatJitterFraction = 0.0,
                WanderRatio = 0.1,
                NoiseRatio = 0.02,
                MotionStartSeconds = motionStartSeconds,
                MotionDurationSeconds = 2.0,
                MotionRatio = 10.0,
                Seed = 3,
            };
        }

        // The true onset nearest seconds (the beats are regular, so they do not depend on the motion): the generator alone.
        private static long OnsetNear(int samplesPerSecond, double seconds)
        {
            var generator = new SyntheticPpgGenerator(Scenario(samplesPerSecond, -1.0));
            long target = (long)(seconds * 1000000.0);
            long nearest = long.MinValue / 2;
            while (generator.TimeMicroseconds < target + 1000000)
            {
                generator.Next();
                long onset = generator.LastBeatOnsetMicroseconds;
                if (generator.BeatStarted && Distance(onset, target) < Distance(nearest, target))
                {
                    nearest = onset;
                }
            }

            return nearest;
        }

        private static long Distance(long a, long b)
        {
            return a > b ? a - b : b - a;
        }

        // A detected beat within 100 ms of where the beat from onset belongs (onset + the usual delay in the steady pulse
        // before; the push moves the lifted beat's fiducials a little earlier), an eighth of the interval.
        private static void AssertBeatAt(PulseRun run, long onset, string where)
        {
            long expected = onset + run.MedianDetectionDelayMicroseconds(5.0);
            long nearest = long.MaxValue;
            for (int i = 0; i < run.BeatCount; i++)
            {
                long distance = Distance(run.Beats[i], expected);
                nearest = distance < nearest ? distance : nearest;
            }

            Assert.IsTrue(nearest <= 100000, where + "the beat at " + (onset / 1000).ToString() + " ms (onset) is detected: nearest beat " + (nearest == long.MaxValue ? "none" : (nearest / 1000).ToString() + " ms") + " from where it belongs");
        }
    }
}
