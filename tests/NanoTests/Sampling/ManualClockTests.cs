using System;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Tests.Drivers;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Sampling
{
    [TestClass]
    public class ManualClockTests
    {
        [TestMethod]
        public static void StartsWhereToldAndMovesOnlyWhenAdvanced()
        {
            var clock = new ManualClock(500);

            Assert.AreEqual(500L, clock.Milliseconds);
            Assert.AreEqual(500L, clock.Milliseconds, "reading does not move it");
            Assert.AreEqual(750L, clock.Advance(250));
            Assert.AreEqual(750L, clock.Milliseconds);
            Assert.AreEqual(0L, new ManualClock().Milliseconds);
        }

        [TestMethod]
        public static void CanBeSetForwardButNeverBackward()
        {
            var clock = new ManualClock();
            clock.Set(1000);
            clock.Set(1000);

            Exception backward = Expect.Throws(typeof(ArgumentOutOfRangeException), () => clock.Set(999));
            Expect.Throws(typeof(ArgumentOutOfRangeException), () => clock.Advance(-1));
            Expect.Throws(typeof(ArgumentOutOfRangeException), () => new ManualClock(-1));

            Expect.MessageContains(backward, "cannot go backwards");
            Assert.AreEqual(1000L, clock.Milliseconds);
        }
    }
}
