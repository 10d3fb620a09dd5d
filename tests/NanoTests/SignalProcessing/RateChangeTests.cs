using HeartRateStreamer.Simulation.Ppg;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>Sudden rate changes: the reported heart rate must follow within 10 s and never show the old rate for long.</summary>
    [TestClass]
    public class RateChangeTests
    {
        private const double StepSeconds = 30.0;
        private const double FollowWithinSeconds = 10.0;

        [DataRow(60.0, 120.0, 25)]
        [DataRow(60.0, 120.0, 100)]
        [DataRow(60.0, 120.0, 400)]
        [DataRow(120.0, 60.0, 100)]
        [DataRow(90.0, 180.0, 50)]
        public static void AStepIsFollowedWithinTenSeconds(double fromBeatsPerMinute, double toBeatsPerMinute, int samplesPerSecond)
        {
            var run = new PulseRun(new SyntheticPpgSettings
            {
                HeartRateBeatsPerMinute = fromBeatsPerMinute,
                SteppedHeartRateBeatsPerMinute = toBeatsPerMinute,
                RateStepTimeSeconds = StepSeconds,
                SampleRateHz = samplesPerSecond,
                DicroticWaveRatio = 0.6,
                WanderRatio = 1.0,
                NoiseRatio = 0.05,
                Seed = 17,
            });

            run.RunUntil(StepSeconds);
            Assert.IsTrue(run.Estimator.HasHeartRate, "a reading before the step");
            SignalAssert.Near(fromBeatsPerMinute, run.Estimator.HeartRateBeatsPerMinute, fromBeatsPerMinute * 0.06, "before the step");

            // From 10 s after the step the reading is the new rate (±6 %, the breathing variability), and it stays there.
            // It may drop out briefly, but not for long: on this signal it is there at every sample, new within 4.2 s.
            run.RunUntil(StepSeconds + FollowWithinSeconds);
            Assert.IsTrue(run.Estimator.HasHeartRate, "a reading " + FollowWithinSeconds.ToString("F0") + " s after the step");
            int checks = 0;
            int readings = 0;
            while (run.Seconds < StepSeconds + FollowWithinSeconds + 20.0)
            {
                checks++;
                if (run.Estimator.HasHeartRate)
                {
                    readings++;
                    SignalAssert.NearAt(toBeatsPerMinute, run.Estimator.HeartRateBeatsPerMinute, toBeatsPerMinute * 0.06, "after the step", run.Seconds);
                }

                run.Step();
            }

            Assert.IsTrue(readings * 10 >= checks * 9, "a reading at " + readings.ToString() + " of " + checks.ToString() + " samples in the 20 s that follow; at least 90 %");
            Assert.IsTrue(run.Estimator.HasHeartRate, "a reading at the new rate");
        }
    }
}
