using System;
using HeartRateStreamer.Supervision;
using HeartRateStreamer.Tests.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Supervision
{
    [TestClass]
    public class ExponentialBackoffTests
    {
        [TestMethod]
        public static void DoublesUpToTheCapAtTheTopOfTheJitter()
        {
            var backoff = new ExponentialBackoff(1000, 60000, new HighestRandom());
            int[] expected = { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000 };
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], backoff.NextDelayMilliseconds(), "delay " + i.ToString());
            }

            Assert.AreEqual(8, backoff.Failures);
        }

        [TestMethod]
        public static void NeverGoesBelowHalfTheCeiling()
        {
            var backoff = new ExponentialBackoff(1000, 60000, new LowestRandom());
            int[] expected = { 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000 };
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], backoff.NextDelayMilliseconds(), "delay " + i.ToString());
            }
        }

        [TestMethod]
        public static void DelaysNeverShrinkWhileTheCeilingDoublesAndAreDrawnAfreshAtTheCap()
        {
            // Ceilings 1000 ... 32000 double (steps 0 to 5): the lowest draw of each step is the highest of the step before.
            var high = new ExponentialBackoff(1000, 60000, new HighestRandom());
            var low = new ExponentialBackoff(1000, 60000, new LowestRandom());
            int previousHighest = high.NextDelayMilliseconds();
            low.NextDelayMilliseconds();
            for (int step = 1; step <= 5; step++)
            {
                int lowest = low.NextDelayMilliseconds();
                Assert.IsTrue(lowest >= previousHighest, "step " + step.ToString() + ": " + lowest.ToString() + " ms after up to " + previousHighest.ToString() + " ms");
                previousHighest = high.NextDelayMilliseconds();
            }

            // At the cap each delay is drawn from all of [30000, 60000] whatever came before, so devices that failed
            // together stay apart: after 32000 and after 60000 the shortest draw is still 30000.
            Assert.AreEqual(30000, ShortestDrawAfterLongest(6), "the first delay at the cap, after 32000");
            Assert.AreEqual(30000, ShortestDrawAfterLongest(7), "a delay at the cap, after 60000");
        }

        [TestMethod]
        public static void SurvivesThousandsOfFailuresAtTheCap()
        {
            var backoff = new ExponentialBackoff(1, 60000, new HighestRandom());
            int delay = 0;
            for (int i = 0; i < 5000; i++)
            {
                delay = backoff.NextDelayMilliseconds();
            }

            Assert.AreEqual(60000, delay);
        }

        [TestMethod]
        public static void StartsOverAfterReset()
        {
            var backoff = new ExponentialBackoff(1000, 60000, new HighestRandom());
            backoff.NextDelayMilliseconds();
            backoff.NextDelayMilliseconds();
            backoff.Reset();
            Assert.AreEqual(0, backoff.Failures);
            Assert.AreEqual(1000, backoff.NextDelayMilliseconds());
        }

        [TestMethod]
        public static void RefusesNonsenseLimits()
        {
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new ExponentialBackoff(0, 1000, new HighestRandom()));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new ExponentialBackoff(2000, 1000, new HighestRandom()));
        }

        // The delay drawn lowest after longestDraws delays drawn highest (base 1000 ms, cap 60000 ms).
        private static int ShortestDrawAfterLongest(int longestDraws)
        {
            var backoff = new ExponentialBackoff(1000, 60000, new HighestThenLowestRandom(longestDraws));
            for (int step = 0; step < longestDraws; step++)
            {
                backoff.NextDelayMilliseconds();
            }

            return backoff.NextDelayMilliseconds();
        }
    }
}
