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
        // (worst / RMS) with the beat time the mean of the steepest-slope and half-height fiducials: 1.96 / 1.35 ms at
        // 25, 0.40 / 0.15 at 50, 0.19 / 0.08 at 100, 0.16 / 0.02 ms at 400 samples/s (the steepest slope alone: 3.9 / 2.8,
        // 0.68 / 0.32, 0.23 / 0.14, 0.05 / 0.02).
        [DataRow(25, 3.0, 2.0)]
        [DataRow(50, 0.6, 0.3)]
        [DataRow(100, 0.3, 0.15)]
        [DataRow(400, 0.25, 0.05)]
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
        // 40 ms at 70 bpm, a typical resting RMSSD) with irregular sample times (±20 %). The synthetic upstroke keeps its
        // place after the onset whatever the interval, so the error is the detector's own and shrinks with the rate:
        // measured worst / RMS 7.8 / 3.4 ms at 25 samples/s, 5.4 / 2.3 at 50, 4.3 / 1.9 at 100, 2.6 / 1.0 at 400, all well
        // under the successive differences. (The earlier synthetic beat's whole contour moved with the next interval,
        // which left a floor of about 10 / 4 ms at every rate.)
        [DataRow(25, 10.0, 4.5)]
        [DataRow(50, 7.5, 3.0)]
        [DataRow(100, 6.0, 2.5)]
        [DataRow(400, 4.0, 1.5)]
        public static void VaryingIntervalsAreFollowedBeatByBeat(int samplesPerSecond, double maximumErrorMilliseconds, double rmsErrorMilliseconds)
        {
            var settings = new SyntheticPpgSettings
            {
                SampleRateHz = samplesPerSecond,
                HeartRateBeatsPerMinute = 70.0,
                RespiratoryVariabilityFraction = 0.04,
                BeatJitterFraction = 0.03,
                TimestampJitterFraction = 0.2,
            };

            CheckIntervals(settings, maximumErrorMilliseconds, rmsErrorMilliseconds);
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
