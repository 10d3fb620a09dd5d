using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Simulation.Ppg;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>
    /// SpO2 from red and infrared built for a known ratio of ratios, with breathing wander as large as the pulse and
    /// noise: the reading must match the calibration curve's value for that ratio within 1 point.
    /// </summary>
    [TestClass]
    public class OxygenSaturationTests
    {
        private const double SettleSeconds = 15.0;
        private const double SimulatedSeconds = 60.0;

        [DataRow(0.45, 25)]
        [DataRow(0.45, 100)]
        [DataRow(0.45, 400)]
        [DataRow(0.6, 100)]
        [DataRow(0.8, 25)]
        [DataRow(0.8, 100)]
        [DataRow(1.0, 100)]
        [DataRow(1.4, 50)]
        public static void TheReadingFollowsTheCurveForAKnownRatio(double ratioOfRatios, int samplesPerSecond)
        {
            var run = new PulseRun(Finger(ratioOfRatios, samplesPerSecond));
            double expected = Max32664Curve(ratioOfRatios);

            run.RunUntil(SettleSeconds);
            double sum = 0.0;
            int count = 0;
            int checks = 0;
            double nextCheck = SettleSeconds;
            while (run.Seconds < SimulatedSeconds)
            {
                run.Step();
                if (run.Seconds >= nextCheck)
                {
                    nextCheck += 0.5;
                    checks++;
                    if (run.Estimator.HasOxygenSaturation)
                    {
                        sum += run.Estimator.OxygenSaturationPercent;
                        count++;

                        // Single readings: within 1 point from 100 samples/s up; at 25 and 50 samples/s the noise of
                        // fewer samples per beat moves single readings a little more, the mean stays within 1 point.
                        SignalAssert.Near(expected, run.Estimator.OxygenSaturationPercent, samplesPerSecond >= 100 ? 1.0 : 2.0, "SpO2 reading at " + run.Seconds.ToString("F1") + " s for R = " + ratioOfRatios.ToString("F2"));
                    }
                }
            }

            Assert.IsTrue(count >= 0.8 * checks, "SpO2 was a reading at " + count.ToString() + " of " + checks.ToString() + " checks");
            SignalAssert.Near(expected, sum / count, 1.0, "mean SpO2 for R = " + ratioOfRatios.ToString("F2"));
        }

        [TestMethod]
        public static void AnotherCalibrationCurveIsUsedWhenConfigured()
        {
            // The "empirical" linear curve 110 − 25R (reference §2.4), as a quadratic with A = 0.
            var settings = new PulseEstimatorSettings { Calibration = new OxygenSaturationCalibration(0.0f, -25.0f, 110.0f, 0.4f, 3.0f) };
            var run = new PulseRun(Finger(0.7, 100), settings, true);

            run.RunUntil(40.0);

            Assert.IsTrue(run.Estimator.HasOxygenSaturation, "a reading");
            SignalAssert.Near(110.0 - 25.0 * 0.7, run.Estimator.OxygenSaturationPercent, 1.0, "SpO2 on the 110 − 25R curve");
        }

        [TestMethod]
        public static void InfraredAloneGivesHeartRateButNoSpO2()
        {
            var run = new PulseRun(Finger(0.6, 100), new PulseEstimatorSettings(), false);

            run.RunUntil(30.0);

            Assert.IsTrue(run.Estimator.HasHeartRate, "heart rate from infrared alone");
            Assert.IsFalse(run.Estimator.HasOxygenSaturation, "no SpO2 without red");
        }

        internal static SyntheticPpgSettings Finger(double ratioOfRatios, int samplesPerSecond)
        {
            return new SyntheticPpgSettings
            {
                HeartRateBeatsPerMinute = 75.0,
                SampleRateHz = samplesPerSecond,
                RatioOfRatios = ratioOfRatios,
                WanderRatio = 1.0,
                NoiseRatio = 0.05,
                Seed = 23,
            };
        }

        // The MAX32664 curve typed again from the reference (UG7087 p.13), not taken from the code under test.
        private static double Max32664Curve(double ratio)
        {
            double percent = 1.5958422 * ratio * ratio - 34.6596622 * ratio + 112.6898759;
            return percent > 100.0 ? 100.0 : percent;
        }
    }
}
