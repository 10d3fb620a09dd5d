using HeartRateStreamer.Sampling;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Sampling
{
    /// <summary>
    /// The status log's counters since boot: the sampling thread's int counters wrap after about 62 days at 400 samples/s,
    /// and the totals logged from them never go negative or back.
    /// </summary>
    [TestClass]
    public class CounterTotalTests
    {
        [TestMethod]
        public static void TheTotalFollowsTheCounterAndNeverGoesBackAcrossItsWrap()
        {
            var total = new CounterTotal();
            Assert.AreEqual(0L, total.Total, "nothing counted at boot");
            Assert.AreEqual(2000L, total.Update(2000));

            // Five seconds at 400 samples/s at a time, up to and past int.MaxValue.
            int counter = int.MaxValue - 3000;
            long expected = (long)int.MaxValue - 3000;
            Assert.AreEqual(expected, total.Update(counter));
            for (int look = 0; look < 3; look++)
            {
                counter = unchecked(counter + 2000);
                expected += 2000;
                Assert.AreEqual(expected, total.Update(counter), "look " + look.ToString() + ", the counter at " + counter.ToString());
            }

            Assert.IsTrue(counter < 0, "the int counter has wrapped");
            Assert.AreEqual((long)int.MaxValue + 3000, total.Total);
        }

        [TestMethod]
        public static void AChangeOfMoreThanIntMaxValueBetweenLooksIsStillForward()
        {
            // A counter that went from 0 past int.MaxValue between two looks reads negative: its change is forward all the same.
            var total = new CounterTotal();
            int counter = unchecked((int)3000000000u);
            Assert.AreEqual(3000000000L, total.Update(counter));
            Assert.AreEqual(3000000000L, total.Update(counter), "no change, nothing added");
        }
    }
}
