using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    [TestClass]
    public class StreamMemoryTests
    {
        [TestMethod]
        public static void CountsTwoWindowsOfEightBytesAPointPerStream()
        {
            Assert.AreEqual(3L * 2 * 500 * 8, StreamMemory.BytesFor(3, 500));
            Assert.AreEqual(5L * 2 * 10000 * 8, StreamMemory.BytesFor(5, 10000));
        }

        // 100 KB free, windows in half of it: 3 streams keep the default 500; 5 streams of 10000 (800 KB) keep 640.
        [DataRow(500, 3, 102400L, 500)]
        [DataRow(10000, 5, 102400L, 640)]
        [DataRow(10000, 5, 4194304L, 10000)]
        [DataRow(500, 5, 10L, 1)]
        public static void KeepsWhatFitsInHalfOfTheFreeHeap(int wanted, int streams, long free, int expected)
        {
            Assert.AreEqual(expected, StreamMemory.MaxPointsThatFit(wanted, streams, free));
        }
    }
}
