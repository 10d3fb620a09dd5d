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
            AlignMistimedBeats(samplesPerSecond, 0.0, 0.1);
        }

        // The shape is compared after removing each span's level and trend, so neither a level far from zero (a raw
        // sensor reading) nor a ramp steeper than a third of the upstroke's steepest slope moves the beat times.
        [TestMethod]
        public static void ALevelFarFromZeroAndASteepRampDoNotMoveTheBeat()
        {
            AlignMistimedBeats(100, 100000.0, 3.0);
        }

        private static void AlignMistimedBeats(int samplesPerSecond, double level, double rampPerSecond)
        {
            var history = new PulseHistory(4.0f);
            var template = new BeatTemplate();
            double beatSeconds = 1.0;
            long sampleTime = 0;
            long samplePeriod = 1000000 / samplesPerSecond;
            for (int beat = 0; beat < IntervalsSeconds.Length; beat++)
            {
                // Feed the wave up to 0.3 s past the beat (the estimator commits a beat at least this late).
                while (sampleTime <= (long)((beatSeconds + 0.3) * 1000000.0))
                {
                    history.Add(sampleTime, (float)(level + rampPerSecond * sampleTime * 0.000001) + Wave(sampleTime * 0.000001, beatSeconds, beat));
                    sampleTime += samplePeriod;
                }

                double errorMilliseconds = TimingErrorsMilliseconds[beat];
                long detected = (long)((beatSeconds + errorMilliseconds * 0.001) * 1000000.0);
                bool wasLearned = template.IsLearned;
                float alignmentMilliseconds = template.AlignmentMicroseconds(history, detected) * 0.001f;
                if (wasLearned)
                {
                    SignalAssert.Near(-errorMilliseconds, alignmentMilliseconds, 2.0, "alignment of beat " + beat + " at " + samplesPerSecond + " samples/s");
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
