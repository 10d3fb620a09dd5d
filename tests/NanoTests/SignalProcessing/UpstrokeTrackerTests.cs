using HeartRateStreamer.SignalProcessing;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>Rises reported with their amplitude and steepest-slope time; wiggles below the hysteresis ignored.</summary>
    [TestClass]
    public class UpstrokeTrackerTests
    {
        [TestMethod]
        public static void ASmoothRiseIsReportedAtItsSteepestPointWithSubSampleTiming()
        {
            // A raised-cosine rise from 0 to 10 over 0.2 s starting at 1.0 s, steepest at 1.1 s; 40 ms samples whose
            // grid misses 1.1 s by 13 ms, so the parabola has to find it.
            var tracker = new UpstrokeTracker();
            bool reported = false;
            for (long time = 7000; time < 2000000; time += 40000)
            {
                if (tracker.Update(time, RaisedCosineStep(time, 1000000, 200000, 10.0f), 1.0f))
                {
                    reported = true;
                }
            }

            Assert.IsFalse(reported, "a rise that never falls back is not complete");
            for (long time = 2007000; time < 2400000; time += 40000)
            {
                if (tracker.Update(time, 10.0f - RaisedCosineStep(time, 2000000, 200000, 10.0f), 1.0f))
                {
                    reported = true;
                    break;
                }
            }

            Assert.IsTrue(reported, "the rise is reported once the wave fell by the hysteresis");
            SignalAssert.Near(10.0, tracker.CandidateAmplitude, 0.2, "trough-to-peak amplitude");
            SignalAssert.Near(1100000.0, tracker.CandidateTimeMicroseconds, 5000.0, "steepest point");
        }

        [TestMethod]
        public static void WigglesSmallerThanTheHysteresisDoNotSplitARise()
        {
            var tracker = new UpstrokeTracker();
            float[] wave = { 0f, 0f, 2f, 4f, 3.6f, 6f, 8f, 7.7f, 10f, 10f, 8f, 5f, 2f, 0f };
            int reports = 0;
            for (int i = 0; i < wave.Length; i++)
            {
                if (tracker.Update(i * 10000, wave[i], 1.0f))
                {
                    reports++;
                    SignalAssert.Near(10.0, tracker.CandidateAmplitude, 0.0001, "the whole rise, dips of 0.4 and 0.3 included");
                }
            }

            Assert.AreEqual(1, reports, "one rise");
        }

        [TestMethod]
        public static void ExcursionShowsHowFarTheWaveHasMoved()
        {
            var tracker = new UpstrokeTracker();
            tracker.Update(0, 0.0f, 1.0f);
            tracker.Update(10000, -1.0f, 1.0f);
            tracker.Update(20000, 5.0f, 1.0f);

            SignalAssert.Near(6.0, tracker.CurrentExcursion, 0.0001, "rise from the trough at -1");
        }

        private static float RaisedCosineStep(long time, long start, long duration, float height)
        {
            if (time <= start)
            {
                return 0.0f;
            }

            if (time >= start + duration)
            {
                return height;
            }

            double phase = (double)(time - start) / duration;
            return (float)(height * 0.5 * (1.0 - Cosine(HeartRateStreamer.Simulation.Ppg.WaveMath.Pi * phase)));
        }

        private static double Cosine(double radians)
        {
            return HeartRateStreamer.Simulation.Ppg.WaveMath.Sine(radians + HeartRateStreamer.Simulation.Ppg.WaveMath.Pi / 2.0);
        }
    }
}
