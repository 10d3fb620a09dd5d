using HeartRateStreamer.SignalProcessing;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>RMSSD and SDNN over the last minute of NN intervals, with "no reading" until half the minute is covered.</summary>
    [TestClass]
    public class HeartRateVariabilityWindowTests
    {
        [TestMethod]
        public static void AlternatingIntervalsGiveTheirKnownRmssdAndSdnn()
        {
            // 780, 820, 780, ... ms: every successive difference is 40 ms; the deviations are ±20 ms around 800.
            var window = new HeartRateVariabilityWindow(272.7f);
            long time = 0;
            int count = 50;
            for (int i = 0; i < count; i++)
            {
                float interval = (i & 1) == 0 ? 780f : 820f;
                time += (long)(interval * 1000.0f);
                window.Add(time, interval, i > 0);
            }

            Assert.IsTrue(window.HasReading, "40 s of clean intervals");
            SignalAssert.Near(40.0, window.RootMeanSquareSuccessiveDifferenceMilliseconds, 0.01, "RMSSD");
            SignalAssert.Near(20.0 * SquareRootOf(count / (count - 1.0)), window.StandardDeviationMilliseconds, 0.01, "SDNN (n − 1)");
            Assert.AreEqual(49, window.SuccessiveDifferenceCount, "pairs");
            Assert.AreEqual(67, window.QualityPercent, "40 of 60 s covered");
        }

        [TestMethod]
        public static void OnlyAdjacentIntervalsMakeSuccessiveDifferences()
        {
            var window = new HeartRateVariabilityWindow(300f);
            long time = 0;
            for (int i = 0; i < 60; i++)
            {
                // Pairs 800 → 900 ms are adjacent; each 800 follows a gap (a marked interval left out).
                float interval = (i & 1) == 0 ? 800f : 900f;
                time += (long)(interval * 1000.0f);
                window.Add(time, interval, (i & 1) == 1);
            }

            Assert.AreEqual(30, window.SuccessiveDifferenceCount, "one per pair");
            SignalAssert.Near(100.0, window.RootMeanSquareSuccessiveDifferenceMilliseconds, 0.01, "RMSSD from the adjacent pairs only");
        }

        [TestMethod]
        public static void NoReadingUntilHalfAMinuteIsCoveredAndOldIntervalsLeave()
        {
            var window = new HeartRateVariabilityWindow(300f);
            long time = 0;
            for (int i = 0; i < 29; i++)
            {
                time += 1000000;
                window.Add(time, 1000f, i > 0);
            }

            Assert.IsFalse(window.HasReading, "29 s covered");
            time += 1000000;
            window.Add(time, 1000f, true);
            Assert.IsTrue(window.HasReading, "30 s covered");

            time += 40000000;
            window.Expire(time);
            Assert.AreEqual(20, window.IntervalCount, "intervals that began more than a minute ago leave");
            Assert.IsFalse(window.HasReading, "20 s covered");
        }

        [TestMethod]
        public static void AFullWindowAtTheFastestRateDropsTheOldest()
        {
            var window = new HeartRateVariabilityWindow(300f);
            long time = 0;
            for (int i = 0; i < 1000; i++)
            {
                time += 300000;
                window.Add(time, 300f, true);
            }

            Assert.AreEqual(200, window.IntervalCount, "a minute of 300 ms intervals");
            Assert.AreEqual(100, window.QualityPercent, "the whole minute");
            SignalAssert.Near(0.0, window.RootMeanSquareSuccessiveDifferenceMilliseconds, 0.001, "a metronome");
        }

        private static double SquareRootOf(double value)
        {
            return SignalMath.SquareRoot((float)value);
        }
    }
}
