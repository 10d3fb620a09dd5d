using HeartRateStreamer.Simulation.Ppg;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>
    /// Beat times carry sub-sample precision: on a pulse with known intervals the measured beat-to-beat intervals match
    /// the true ones far more closely than the sample period (40 ms at 25 samples/s), so heart-rate variability, whose
    /// successive differences are a few tens of milliseconds, is not buried in quantisation.
    /// </summary>
    [TestClass]
    public class BeatTimingTests
    {
        private const double SimulatedSeconds = 60.0;
        private const double SettleSeconds = 5.0;

        // A regular 70 bpm pulse: 857.142 ms, no whole number of samples at any rate tested, so a fiducial on the
        // sample grid would be off by up to a whole sample period (40 ms at 25 samples/s) from beat to beat. Measured
        // (worst / RMS): 3.9 / 2.8 ms at 25, 0.68 / 0.32 at 50, 0.23 / 0.14 at 100, 0.05 / 0.02 ms at 400 samples/s.
        [DataRow(25, 5.0, 3.5)]
        [DataRow(50, 1.0, 0.5)]
        [DataRow(100, 0.4, 0.25)]
        [DataRow(400, 0.2, 0.1)]
        public static void RegularIntervalsAreMeasuredWithinAFractionOfASample(int samplesPerSecond, double maximumErrorMilliseconds, double rmsErrorMilliseconds)
        {
            var settings = new SyntheticPpgSettings
            {
                SampleRateHz = samplesPerSecond,
                HeartRateBeatsPerMinute = 70.0,
                RespiratoryVariabilityFraction = 0.0,
                BeatJitterFraction = 0.0,
            };

            CheckIntervals(settings, maximumErrorMilliseconds, rmsErrorMilliseconds);
        }

        // Intervals that change from beat to beat (breathing and random variation, successive differences of about
        // 40 ms at 70 bpm, a typical resting RMSSD) with irregular sample times. The synthetic beat's shape depends on
        // its interval and on the tail of the beat before, which moves its steepest point against the onset (the
        // truth here) by a few milliseconds: that floor is the same at 400 samples/s (measured worst / RMS 11.9 / 4.5 ms)
        // as at 25 (12.5 / 5.4 ms), so the bound is one for all rates, well under the successive differences.
        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void VaryingIntervalsAreFollowedBeatByBeat(int samplesPerSecond)
        {
            var settings = new SyntheticPpgSettings
            {
                SampleRateHz = samplesPerSecond,
                HeartRateBeatsPerMinute = 70.0,
                RespiratoryVariabilityFraction = 0.04,
                BeatJitterFraction = 0.03,
                TimestampJitterFraction = 0.2,
            };

            CheckIntervals(settings, 18.0, 7.0);
        }

        private static void CheckIntervals(SyntheticPpgSettings settings, double maximumErrorMilliseconds, double rmsErrorMilliseconds)
        {
            var run = new PulseRun(settings);
            run.RunUntil(SimulatedSeconds);
            string where = settings.SampleRateHz.ToString() + " samples/s: ";
            double maximum;
            double rms;
            int compared = run.IntervalErrors(SettleSeconds, out maximum, out rms);

            Assert.IsTrue(compared >= 55, where + "expected about 64 intervals to compare, got " + compared.ToString());
            Assert.IsTrue(maximum <= maximumErrorMilliseconds, where + "worst interval error " + maximum.ToString("F2") + " ms, allowed " + maximumErrorMilliseconds.ToString("F1"));
            Assert.IsTrue(rms <= rmsErrorMilliseconds, where + "RMS interval error " + rms.ToString("F2") + " ms, allowed " + rmsErrorMilliseconds.ToString("F1"));
        }
    }
}
