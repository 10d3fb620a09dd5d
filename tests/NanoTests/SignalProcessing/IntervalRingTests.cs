using HeartRateStreamer.SignalProcessing;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>The ring of intervals: oldest first, the oldest dropped when full or on request, emptied by Clear.</summary>
    [TestClass]
    public class IntervalRingTests
    {
        [TestMethod]
        public static void KeepsTheNewestIntervalsOldestFirst()
        {
            var ring = new IntervalRing(3);
            for (int i = 1; i <= 4; i++)
            {
                Assert.IsFalse(ring.IsFull && i < 4, "full only at its capacity");
                ring.Add(i * 1000000L, 800.0f + i, i % 2 == 0);
            }

            Assert.AreEqual(3, ring.Count);
            Assert.IsTrue(ring.IsFull);
            Assert.AreEqual(2000000L, ring.EndMicroseconds(0), "the first interval was dropped; the second is the oldest");
            Assert.AreEqual(802.0f, ring.Milliseconds(0));
            Assert.IsTrue(ring.Flag(0));
            Assert.AreEqual(4000000L, ring.EndMicroseconds(2), "the newest last");
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => ring.Milliseconds(3));

            ring.Clear();
            Assert.AreEqual(0, ring.Count);
            ring.Add(5000000L, 790.0f, false);
            Assert.AreEqual(5000000L, ring.EndMicroseconds(0), "after Clear the next interval is the oldest");
        }

        [TestMethod]
        public static void DropOldestTakesTheOldestAndNothingFromAnEmptyRing()
        {
            var ring = new IntervalRing(4);
            ring.Add(1000000L, 801.0f, false);
            ring.Add(2000000L, 802.0f, true);
            ring.DropOldest();
            Assert.AreEqual(1, ring.Count);
            Assert.AreEqual(802.0f, ring.Milliseconds(0), "the second interval is now the oldest");

            ring.DropOldest();
            ring.DropOldest();
            Assert.AreEqual(0, ring.Count, "dropping from an empty ring leaves it empty");
            ring.Add(3000000L, 803.0f, false);
            Assert.AreEqual(3000000L, ring.EndMicroseconds(0));
        }

        [TestMethod]
        public static void ACapacityBelowOneIsRefused()
        {
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new IntervalRing(0));
        }
    }
}
