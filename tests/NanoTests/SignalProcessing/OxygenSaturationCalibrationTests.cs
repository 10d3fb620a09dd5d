using HeartRateStreamer.SignalProcessing;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>The default curve is Maxim's MAX32664 example calibration (UG7087 p.13), limited to 0..100 %.</summary>
    [TestClass]
    public class OxygenSaturationCalibrationTests
    {
        [DataRow(0.5, 95.759)]
        [DataRow(0.7, 89.210)]
        [DataRow(1.0, 79.626)]
        [DataRow(1.8, 55.473)]
        public static void TheDefaultCurveGivesTheMax32664Values(double ratio, double expectedPercent)
        {
            // 1.5958422 R² − 34.6596622 R + 112.6898759, worked out by hand for each row.
            var calibration = OxygenSaturationCalibration.CreateMax32664Default();
            SignalAssert.Near(expectedPercent, calibration.ToPercent((float)ratio), 0.002, "SpO2 for R = " + ratio.ToString());
        }

        [TestMethod]
        public static void TheCurveIsLimitedTo100PercentAndToItsRange()
        {
            var calibration = OxygenSaturationCalibration.CreateMax32664Default();

            Assert.AreEqual(100.0f, calibration.ToPercent(0.2f), "the curve gives 105.8 at R = 0.2; saturation cannot exceed 100 %");
            Assert.IsTrue(calibration.Covers(1.0f), "R = 1 is in range");
            Assert.IsFalse(calibration.Covers(2.5f), "R = 2.5 is beyond the curve's range");
            Assert.IsFalse(calibration.Covers(0.0f), "R = 0 is no measurement");
        }

        [TestMethod]
        public static void ARangeThatMakesNoSenseIsRejected()
        {
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new OxygenSaturationCalibration(0.0f, -25.0f, 110.0f, 1.0f, 0.5f));
        }
    }
}
