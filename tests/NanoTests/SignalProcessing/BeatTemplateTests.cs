using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Simulation.Ppg;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>
    /// The upstroke template re-times a beat: once learned from a few beats of one shape (at intervals that change
    /// from beat to beat, as in sinus arrhythmia), a beat whose detected time is off by a few milliseconds is moved back
    /// onto its true time, whatever the input sample rate.
    /// </summary>
    [TestClass]
    public class BeatTemplateTests
    {
        // The bend under the mistimed beats, in wave units (a systolic bump is 1 high) per second squared.
        private const double BendPerSecondSquared = 8.0;

        // Intervals changing by up to 300 ms from beat to beat (sinus arrhythmia); the shape of each beat stays the same.
        private static readonly double[] IntervalsSeconds = { 0.8, 1.0, 0.9, 1.1, 0.85, 0.95, 1.05, 0.9 };

        // How far each detected time is off from the true one (ms); the first four beats teach the template.
        private static readonly double[] TimingErrorsMilliseconds = { 0.0, 0.0, 0.0, 0.0, 13.0, -7.0, 4.0, -16.0 };

        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void AMistimedBeatIsMovedBackOntoTheUpstroke(int samplesPerSecond)
        {
            double worst = AlignMistimedBeats(samplesPerSecond, 0.0, 0.1, 0.0, false);
            Assert.IsTrue(worst <= 2.0, samplesPerSecond.ToString() + " samples/s: beats moved back within 2 ms, worst " + worst.ToString("F2") + " ms");
        }

        // The shape is compared after removing each span's level and trend, so neither a level far from zero (a raw
        // sensor reading) nor a ramp steeper than a third of the upstroke's steepest slope moves the beat times.
        [TestMethod]
        public static void ALevelFarFromZeroAndASteepRampDoNotMoveTheBeat()
        {
            double worst = AlignMistimedBeats(100, 100000.0, 3.0, 0.0, false);
            Assert.IsTrue(worst <= 2.0, "beats moved back within 2 ms, worst " + worst.ToString("F2") + " ms");
        }

        // A bend under each mistimed beat, up on one and down on the next (as a fast heart's run-off, still falling under
        // the next upstroke, bends it by an amount the interval before sets), pulls the match by about 10 ms while the
        // span's curvature counts; with it left out (BeatTemplate.RemovesCurvature) the beats keep their times.
        [DataRow(25)]
        [DataRow(100)]
        [DataRow(400)]
        public static void WithItsCurvatureLeftOutABentSpanKeepsItsTime(int samplesPerSecond)
        {
            string where = samplesPerSecond.ToString() + " samples/s: ";
            double kept = AlignMistimedBeats(samplesPerSecond, 0.0, 0.1, BendPerSecondSquared, false);
            double leftOut = AlignMistimedBeats(samplesPerSecond, 0.0, 0.1, BendPerSecondSquared, true);
            Assert.IsTrue(kept >= 5.0, where + "the bend moves a beat while the curvature counts, worst " + kept.ToString("F2") + " ms");
            Assert.IsTrue(leftOut <= 2.0, where + "beats moved back within 2 ms with the curvature left out, worst " + leftOut.ToString("F2") + " ms");
        }

        // The estimator sets RemovesCurvature on every beat, and turns it on once the rate is known, after the template has
        // learned: from then on the template must time and match beats as one that left the curvature out from its first
        // beat, to the last digit (the template is kept the same way either way; its curvature is measured when needed).
        [TestMethod]
        public static void LeavingTheCurvatureOutAfterLearningTimesAsFromTheFirstBeat()
        {
            var history = new PulseHistory(4.0f);
            var fromFirstBeat = new BeatTemplate();
            fromFirstBeat.RemovesCurvature = true;
            var turnedOn = new BeatTemplate();
            double beatSeconds = 1.0;
            long sampleTime = 0;
            for (int beat = 0; beat < IntervalsSeconds.Length; beat++)
            {
                while (sampleTime <= (long)((beatSeconds + 0.3) * 1000000.0))
                {
                    history.Add(sampleTime, (float)Bend(sampleTime * 0.000001, beatSeconds, beat, BendPerSecondSquared) + Wave(sampleTime * 0.000001, beatSeconds, beat));
                    sampleTime += 10000;
                }

                turnedOn.RemovesCurvature = turnedOn.IsLearned;
                long detected = (long)((beatSeconds + TimingErrorsMilliseconds[beat] * 0.001) * 1000000.0);
                string where = "beat " + beat.ToString() + ": ";
                if (turnedOn.RemovesCurvature)
                {
                    Assert.AreEqual(fromFirstBeat.MatchAt(history, detected), turnedOn.MatchAt(history, detected), where + "the same match");
                }

                Assert.AreEqual(fromFirstBeat.AlignmentMicroseconds(history, detected), turnedOn.AlignmentMicroseconds(history, detected), where + "the same alignment");

                fromFirstBeat.Update(true);
                turnedOn.Update(true);
                beatSeconds += IntervalsSeconds[beat];
            }

            Assert.IsTrue(turnedOn.RemovesCurvature, "the curvature was left out once learned");
        }

        // Aligns the beats after the four that teach the template; returns the worst |alignment error| in milliseconds.
        private static double AlignMistimedBeats(int samplesPerSecond, double level, double rampPerSecond, double bendPerSecondSquared, bool removesCurvature)
        {
            double worst = 0.0;
            var history = new PulseHistory(4.0f);
            var template = new BeatTemplate();
            template.RemovesCurvature = removesCurvature;
            double beatSeconds = 1.0;
            long sampleTime = 0;
            long samplePeriod = 1000000 / samplesPerSecond;
            for (int beat = 0; beat < IntervalsSeconds.Length; beat++)
            {
                // Feed the wave up to 0.3 s past the beat (the estimator commits a beat at least this late).
                while (sampleTime <= (long)((beatSeconds + 0.3) * 1000000.0))
                {
                    history.Add(sampleTime, (float)(level + rampPerSecond * sampleTime * 0.000001 + Bend(sampleTime * 0.000001, beatSeconds, beat, bendPerSecondSquared)) + Wave(sampleTime * 0.000001, beatSeconds, beat));
                    sampleTime += samplePeriod;
                }

                double errorMilliseconds = TimingErrorsMilliseconds[beat];
                long detected = (long)((beatSeconds + errorMilliseconds * 0.001) * 1000000.0);
                bool wasLearned = template.IsLearned;
                float alignmentMilliseconds = template.AlignmentMicroseconds(history, detected) * 0.001f;
                if (wasLearned)
                {
                    double error = alignmentMilliseconds + errorMilliseconds;
                    error = error < 0.0 ? -error : error;
                    worst = error > worst ? error : worst;
                }
                else
                {
                    Assert.AreEqual(0.0f, alignmentMilliseconds, "an unlearned template moves nothing");
                }

                template.Update(!wasLearned);
                if (beat < IntervalsSeconds.Length - 1)
                {
                    beatSeconds += IntervalsSeconds[beat];
                }
            }

            Assert.IsTrue(template.IsLearned, "four clean beats teach the template");
            return worst;
        }

        [TestMethod]
        public static void AFlatWaveIsNotLearned()
        {
            var history = new PulseHistory(4.0f);
            var template = new BeatTemplate();
            for (long time = 0; time <= 3000000; time += 10000)
            {
                history.Add(time, 5.0f);
            }

            for (int beat = 0; beat < 6; beat++)
            {
                template.AlignmentMicroseconds(history, 2000000);
                template.Update(true);
            }

            Assert.IsFalse(template.IsLearned, "a flat span has no shape to learn");
        }

        // A bend under the mistimed beats (after the four that teach the template), up on one and down on the next, as a
        // run-off still falling under a fast heart's upstroke bends it by an amount set by the interval before.
        private static double Bend(double seconds, double beatSeconds, int beat, double bendPerSecondSquared)
        {
            double since = seconds - beatSeconds;
            return beat < 4 || since < -0.5 || since > 0.5 ? 0.0 : (beat % 2 == 0 ? 1.0 : -1.0) * bendPerSecondSquared * since * since;
        }

        // The wave around the newest beat (at beatSeconds) and the one before it: a systolic bump peaking 100 ms after
        // the beat time (so the beat time lies on the upstroke) and a smaller diastolic one.
        private static float Wave(double seconds, double beatSeconds, int beat)
        {
            double value = 0.0;
            double start = beatSeconds;
            for (int back = 0; back <= 1 && beat - back >= 0; back++)
            {
                value += WaveMath.Bump(seconds, start + 0.1, 0.06) + 0.3 * WaveMath.Bump(seconds, start + 0.4, 0.1);
                if (beat - back - 1 >= 0)
                {
                    start -= IntervalsSeconds[beat - back - 1];
                }
            }

            return (float)value;
        }
    }
}
