using System;
using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    [TestClass]
    public class PointWindowTests
    {
        [TestMethod]
        public static void KeepsTheNewestPointsOldestFirst()
        {
            var window = new PointWindow(3);
            for (int i = 1; i <= 7; i++)
            {
                window.Add(i * 10, i + 0.5);
            }

            Assert.AreEqual(3, window.Count);
            Assert.AreEqual(50L, window.GetTime(0));
            Assert.AreEqual(70L, window.GetTime(2));
            Assert.AreEqual(7.5, window.GetValue(2));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => window.GetTime(3));
        }

        [TestMethod]
        public static void CopiesAndClears()
        {
            var window = new PointWindow(2);
            window.Add(1, 1);
            window.Add(2, 2);
            window.Add(3, 3);
            var copy = new PointWindow(2);
            copy.CopyFrom(window);
            window.Clear();

            Assert.AreEqual(0, window.Count);
            Assert.AreEqual(2, copy.Count);
            Assert.AreEqual(2L, copy.GetTime(0));
            Assert.AreEqual(3L, copy.GetTime(1));
            Assert.ThrowsException(typeof(ArgumentException), () => new PointWindow(3).CopyFrom(copy));
        }

        // The board's clock counts milliseconds since boot: past 24.8 days they no longer fit the int offsets, so the
        // base moves forward and every time still reads back exact; points more than 37 days older than the newest go.
        [TestMethod]
        public static void KeepsExactTimesOverMonthsOfUptime()
        {
            var window = new PointWindow(4);
            window.Add(1000L, 1.0);
            window.Add(2000000000L, 2.0);
            window.Add(3000000000L, 3.0);

            Assert.AreEqual(3, window.Count);
            Assert.AreEqual(1000L, window.GetTime(0));
            Assert.AreEqual(3000000000L, window.GetTime(2));

            window.Add(5000000000L, 4.0);
            window.Add(5000000050L, 5.0);

            Assert.AreEqual(4, window.Count, "the point of 1 s after boot, 58 days older than the newest, is gone");
            Assert.AreEqual(2000000000L, window.GetTime(0));
            Assert.AreEqual(3000000000L, window.GetTime(1));
            Assert.AreEqual(5000000000L, window.GetTime(2));
            Assert.AreEqual(5000000050L, window.GetTime(3));
            Assert.AreEqual(2.0, window.GetValue(0));
            Assert.AreEqual(5.0, window.GetValue(3));

            var copy = new PointWindow(4);
            copy.CopyFrom(window);
            Assert.AreEqual(4, copy.Count);
            Assert.AreEqual(2000000000L, copy.GetTime(0), "a copy keeps the base");
            Assert.AreEqual(5000000050L, copy.GetTime(3));
        }

        // Against the contract, but a wrapped int offset would put the point 20 days in the future: the window starts again.
        [TestMethod]
        public static void StartsAgainWhenTheClockGoesBackMoreThanTheIntRange()
        {
            var window = new PointWindow(4);
            window.Add(3000000000L, 1.0);
            window.Add(3000000050L, 2.0);

            window.Add(500000000L, 3.0);

            Assert.AreEqual(1, window.Count, "the points from 29 days later are gone");
            Assert.AreEqual(500000000L, window.GetTime(0), "the new point keeps its exact time");
            Assert.AreEqual(3.0, window.GetValue(0));
        }

        [TestMethod]
        public static void KeepsValuesAsFloats()
        {
            var window = new PointWindow(2);
            window.Add(0L, 72.25);
            window.Add(50L, 0.1);

            Assert.AreEqual(72.25, window.GetValue(0), "a value a float holds exactly");
            Assert.AreEqual((double)0.1f, window.GetValue(1), "a value a float rounds");
            Assert.AreEqual(8 * 500, PointWindow.BytesFor(500));
        }

        [DataRow(0)]
        [DataRow(10001)]
        public static void RefusesCapacitiesOutsidePlotlysRange(int capacity)
        {
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new PointWindow(capacity));
        }
    }
}
