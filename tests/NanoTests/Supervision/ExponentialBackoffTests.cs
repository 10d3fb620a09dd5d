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
        public static void DelaysNeverShrinkWhateverTheJitterDraws()
        {
            // The lowest draw of one step equals the highest of the step before: equal jitter cannot go backwards.
            var high = new ExponentialBackoff(1000, 60000, new HighestRandom());
            var low = new ExponentialBackoff(1000, 60000, new LowestRandom());
            int previousHighest = high.NextDelayMilliseconds();
            low.NextDelayMilliseconds();
            for (int i = 0; i < 10; i++)
            {
                int lowest = low.NextDelayMilliseconds();
                Assert.IsTrue(lowest >= previousHighest || lowest == 30000, "step " + i.ToString());
                previousHighest = high.NextDelayMilliseconds();
            }
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
    }
}
