using HeartRateStreamer.SignalProcessing;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>The per-beat history: newest first, oldest dropped when full, medians over the newest few.</summary>
    [TestClass]
    public class RecentValuesTests
    {
        [TestMethod]
        public static void KeepsTheNewestValuesAndDropsTheOldest()
        {
            var history = new RecentValues(3);
            history.Add(1.0f);
            history.Add(2.0f);
            history.Add(3.0f);
            history.Add(4.0f);

            Assert.AreEqual(3, history.Count);
            Assert.AreEqual(4.0f, history.Newest(0), "newest");
            Assert.AreEqual(2.0f, history.Newest(2), "oldest kept");
            Assert.AreEqual(9.0f, history.SumOfNewest(10), "sum of all there are");
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => history.Newest(3));
        }

        [TestMethod]
        public static void TheMedianIgnoresOneOutlier()
        {
            var history = new RecentValues(8);
            float[] intervals = { 1000.0f, 1010.0f, 2000.0f, 990.0f, 1005.0f };
            for (int i = 0; i < intervals.Length; i++)
            {
                history.Add(intervals[i]);
            }

            Assert.AreEqual(1005.0f, history.MedianOfNewest(5), "a missed beat's doubled interval does not move the median");
            Assert.AreEqual(997.5f, history.MedianOfNewest(2), "median of the newest two, 990 and 1005");
        }

        [TestMethod]
        public static void ClearForgetsEverything()
        {
            var history = new RecentValues(2);
            history.Add(5.0f);
            history.Clear();

            Assert.AreEqual(0, history.Count);
            Assert.AreEqual(0.0f, history.MedianOfNewest(2), "median of nothing");
        }
    }
}
