using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>
    /// Point times in UTC: set once from SNTP, then steered after the wall clock in small steps, so a board running for
    /// months keeps its points on UTC without ever sending one before the last.
    /// </summary>
    [TestClass]
    public class StreamTimeBaseTests
    {
        private const long Origin = 1795892221123L;

        [TestMethod]
        public static void SteeringWaitsForTheOriginToBeSet()
        {
            var timeBase = new StreamTimeBase();
            Assert.AreEqual(0L, timeBase.SteerUtcOrigin(Origin));
            Assert.IsFalse(timeBase.IsUtc, "steering does not set the origin: the windows are resent with dates only by SetUtcOrigin");
        }

        [TestMethod]
        public static void TheOriginMovesTowardsTheWallClockInStepsWithoutANewVersion()
        {
            var timeBase = new StreamTimeBase();
            timeBase.SetUtcOrigin(Origin);

            Assert.AreEqual(15L, timeBase.SteerUtcOrigin(Origin + 25), "10 ms moved, 15 left");
            Assert.AreEqual(1, timeBase.GetOrigin(out long origin), "no new version: the windows are not resent for a step");
            Assert.AreEqual(Origin + 10, origin);
            Assert.AreEqual(5L, timeBase.SteerUtcOrigin(Origin + 25));
            Assert.AreEqual(0L, timeBase.SteerUtcOrigin(Origin + 25));
            timeBase.GetOrigin(out origin);
            Assert.AreEqual(Origin + 25, origin);

            Assert.AreEqual(-30L, timeBase.SteerUtcOrigin(Origin - 15), "backwards too, by the same steps");
            timeBase.GetOrigin(out origin);
            Assert.AreEqual(Origin + 15, origin);
        }

        [TestMethod]
        public static void PointsStayInOrderWhileAWholeSecondIsTakenBack()
        {
            // SNTP finds the crystal a second fast: the origin must fall by 1000 ms. A point every 50 ms (the pulse wave),
            // a steering step every 2 s (the status loop's): every point's UTC time is still after the one before.
            var timeBase = new StreamTimeBase();
            timeBase.SetUtcOrigin(Origin);
            long previous = long.MinValue;
            long left = -1000;
            for (long clock = 0; clock < 600000; clock += 50)
            {
                if (clock % 2000 == 0)
                {
                    left = timeBase.SteerUtcOrigin(Origin - 1000);
                }

                timeBase.GetOrigin(out long origin);
                long utc = origin + clock;
                Assert.IsTrue(utc > previous, "the point at " + clock.ToString() + " ms went back in time");
                previous = utc;
            }

            Assert.AreEqual(0L, left, "the second is worked off within the ten minutes");
        }
    }
}
