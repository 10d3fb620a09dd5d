using HeartRateStreamer.Simulation.Ppg;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>
    /// The estimator on the synthetic grid the issue asks for: 40..220 bpm at 25..400 samples/s, each with a strong
    /// dicrotic wave (60 % of the systolic peak), breathing wander as large as the pulse, noise and heart-rate
    /// variability. After the first 5 s every true beat must be detected exactly once, and the reported heart rate,
    /// averaged over the minute, must be within 1 bpm of the true mean.
    /// </summary>
    [TestClass]
    public class SyntheticGridTests
    {
        private const double SimulatedSeconds = 60.0;
        private const double SettleSeconds = 5.0;

        [DataRow(40, 25)]
        [DataRow(40, 50)]
        [DataRow(40, 100)]
        [DataRow(40, 400)]
        [DataRow(60, 25)]
        [DataRow(60, 50)]
        [DataRow(60, 100)]
        [DataRow(60, 400)]
        [DataRow(90, 25)]
        [DataRow(90, 50)]
        [DataRow(90, 100)]
        [DataRow(90, 400)]
        [DataRow(120, 25)]
        [DataRow(120, 50)]
        [DataRow(120, 100)]
        [DataRow(120, 400)]
        [DataRow(180, 25)]
        [DataRow(180, 50)]
        [DataRow(180, 100)]
        [DataRow(180, 400)]
        [DataRow(220, 25)]
        [DataRow(220, 50)]
        [DataRow(220, 100)]
        [DataRow(220, 400)]
        public static void EveryBeatOnceAndTheMeanRateWithinOneBpm(int beatsPerMinute, int samplesPerSecond)
        {
            CheckEveryBeatAndTheMeanRate(GridSettings(beatsPerMinute, samplesPerSecond, 0.0), SimulatedSeconds, 0.7);
        }

        [DataRow(25)]
        [DataRow(100)]
        [DataRow(400)]
        public static void ThirtyBpmIsCountedBeatForBeat(int samplesPerSecond)
        {
            // The slowest rate the estimator must follow, over 90 s (45 beats). Wander is half the grid's: with wander
            // as large as the pulse and exactly two beats per breath, consecutive beats sit on opposite slopes of the
            // breathing wave, their shapes stop matching, and the quality figure withholds the (still correct) rate.
            SyntheticPpgSettings settings = GridSettings(30, samplesPerSecond, 0.0);
            settings.WanderRatio = 0.5;
            CheckEveryBeatAndTheMeanRate(settings, 90.0, 0.6);
        }

        private static void CheckEveryBeatAndTheMeanRate(SyntheticPpgSettings settings, double simulatedSeconds, double minimumReadingShare)
        {
            var run = new PulseRun(settings);
            double beatsPerMinute = settings.HeartRateBeatsPerMinute;
            string where = beatsPerMinute.ToString() + " bpm at " + settings.SampleRateHz.ToString() + " samples/s: ";

            double reportedSum = 0.0;
            int reportedCount = 0;
            double nextCheck = SettleSeconds;
            while (run.Seconds < simulatedSeconds)
            {
                run.Step();
                if (run.Seconds >= nextCheck)
                {
                    nextCheck += 0.5;
                    if (run.Estimator.HasHeartRate)
                    {
                        reportedSum += run.Estimator.HeartRateBeatsPerMinute;
                        reportedCount++;
                    }
                }
            }

            int checkedBeats;
            string mismatch = run.FirstBeatMismatch(SettleSeconds, simulatedSeconds - 1.0, out checkedBeats);
            Assert.AreEqual("", mismatch, where + "every true beat after 5 s is detected exactly once");
            Assert.IsTrue(checkedBeats >= (simulatedSeconds - SettleSeconds - 2.0) * beatsPerMinute / 60.0 * 0.9, where + "only " + checkedBeats.ToString() + " beats were checked");

            // Readings for most of the time: accuracy is not bought by saying "no reading".
            Assert.IsTrue(reportedCount >= minimumReadingShare * (simulatedSeconds - SettleSeconds) * 2.0, where + "a reading at only " + reportedCount.ToString() + " of the half-second checks");
            double trueMean = run.TrueMeanBeatsPerMinute(SettleSeconds, simulatedSeconds);
            double reportedMean = reportedSum / reportedCount;
            SignalAssert.Near(trueMean, reportedMean, 1.0, where + "mean of the reported heart rate");
        }

        [DataRow(60, 25)]
        [DataRow(120, 100)]
        [DataRow(180, 50)]
        public static void IrregularTimestampsCountTheSameBeats(int beatsPerMinute, int samplesPerSecond)
        {
            // Every sample interval varies by up to ±40 %, like the camera frames of the welltory recordings.
            var run = new PulseRun(GridSettings(beatsPerMinute, samplesPerSecond, 0.4));
            run.RunUntil(SimulatedSeconds);

            int checkedBeats;
            string mismatch = run.FirstBeatMismatch(SettleSeconds, SimulatedSeconds - 1.0, out checkedBeats);
            Assert.AreEqual("", mismatch, "irregular timestamps at " + samplesPerSecond.ToString() + " samples/s");
            Assert.IsTrue(checkedBeats >= (SimulatedSeconds - SettleSeconds - 2.0) * beatsPerMinute / 60.0 * 0.9, "only " + checkedBeats.ToString() + " beats were checked");
            Assert.IsTrue(run.Estimator.HasHeartRate, "a heart rate at the end");
            SignalAssert.Near(beatsPerMinute, run.Estimator.HeartRateBeatsPerMinute, beatsPerMinute * 0.06, "heart rate with ±3 % breathing variability");
        }

        internal static SyntheticPpgSettings GridSettings(int beatsPerMinute, int samplesPerSecond, double timestampJitter)
        {
            return new SyntheticPpgSettings
            {
                HeartRateBeatsPerMinute = beatsPerMinute,
                SampleRateHz = samplesPerSecond,
                TimestampJitterFraction = timestampJitter,
                DicroticWaveRatio = 0.6,
                WanderRatio = 1.0,
                NoiseRatio = 0.05,
                Seed = (uint)(beatsPerMinute * 1000 + samplesPerSecond),
            };
        }
    }
}
