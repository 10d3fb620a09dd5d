using HeartRateStreamer.SignalProcessing;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>Hysteresis: a level hovering between the thresholds keeps whatever state it had.</summary>
    [TestClass]
    public class FingerPresenceDetectorTests
    {
        [TestMethod]
        public static void OnAboveTheUpperLevelOffOnlyBelowTheLowerOne()
        {
            var detector = new FingerPresenceDetector(50000.0f, 40000.0f);

            Assert.IsFalse(detector.Update(45000.0f), "between the levels, starting without a finger: no change");
            Assert.IsFalse(detector.IsPresent);
            Assert.IsTrue(detector.Update(50001.0f), "above the on level: changed");
            Assert.IsTrue(detector.IsPresent);
            Assert.IsFalse(detector.Update(41000.0f), "between the levels with a finger: still on");
            Assert.IsTrue(detector.IsPresent);
            Assert.IsTrue(detector.Update(39999.0f), "below the off level: changed");
            Assert.IsFalse(detector.IsPresent);
        }
    }
}
