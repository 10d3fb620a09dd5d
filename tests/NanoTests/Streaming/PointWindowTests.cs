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

        [DataRow(0)]
        [DataRow(10001)]
        public static void RefusesCapacitiesOutsidePlotlysRange(int capacity)
        {
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new PointWindow(capacity));
        }
    }
}
