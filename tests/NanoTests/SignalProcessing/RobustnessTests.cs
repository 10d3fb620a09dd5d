using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Simulation.Ppg;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>Awkward inputs that real signals produce, and input mistakes that must not stop the loop.</summary>
    [TestClass]
    public class RobustnessTests
    {
        [DataRow(0.8, 50)]
        [DataRow(0.95, 25)]
        [DataRow(0.95, 400)]
        public static void AStrongDicroticWaveIsNeverABeat(double dicroticRatio, int samplesPerSecond)
        {
            // A second wave almost as high as the systolic one: a detector that counts it doubles the rate.
            var run = new PulseRun(new SyntheticPpgSettings { HeartRateBeatsPerMinute = 55.0, SampleRateHz = samplesPerSecond, DicroticWaveRatio = dicroticRatio, WanderRatio = 0.5, NoiseRatio = 0.05, Seed = 29 });

            run.RunUntil(60.0);

            int checkedBeats;
            Assert.AreEqual("", run.FirstBeatMismatch(5.0, 59.0, out checkedBeats), "one beat per pulse with a dicrotic wave of " + dicroticRatio.ToString("F2"));
            SignalAssert.Near(55.0, run.Estimator.HeartRateBeatsPerMinute, 3.5, "heart rate, not doubled");
        }

        [TestMethod]
        public static void ASampleWhoseTimeDoesNotMoveForwardIsDroppedAndCounted()
        {
            var estimator = new PulseEstimator(new PulseEstimatorSettings());
            var generator = new SyntheticPpgGenerator(new SyntheticPpgSettings());
            for (int i = 0; i < 3000; i++)
            {
                generator.Next();
                estimator.AddSample(generator.TimeMicroseconds, (float)generator.Infrared, (float)generator.Red);

                // Every 100th sample is sent again with the same time, and once more from the past.
                if (i % 100 == 50)
                {
                    estimator.AddSample(generator.TimeMicroseconds, (float)generator.Infrared, (float)generator.Red);
                    estimator.AddSample(generator.TimeMicroseconds - 5000, 0.0f, 0.0f);
                }
            }

            Assert.AreEqual(60, estimator.RejectedSampleCount, "two rejected samples for each of 30 repetitions");
            Assert.IsTrue(estimator.HasHeartRate, "the bad timestamps did not disturb the reading");
            SignalAssert.Near(60.0, estimator.HeartRateBeatsPerMinute, 3.6, "heart rate");
        }

        // A value that is not a finite number (a failed conversion upstream, a damaged recording, a host feeding floats)
        // is no reading: it is dropped and counted. Let in, a NaN or −∞ infrared value stayed in the finger-presence
        // level for good (no finger, so no reading, until a reboot) and a red one in the SpO2 filters.
        // channel: 0 infrared, 1 red; badValue: 0 NaN, 1 −∞, 2 +∞.
        [DataRow(0, 0)]
        [DataRow(0, 1)]
        [DataRow(0, 2)]
        [DataRow(1, 0)]
        [DataRow(1, 1)]
        [DataRow(1, 2)]
        public static void ANonFiniteSampleIsDroppedAndCounted(int channel, int badValue)
        {
            float bad = badValue == 0 ? float.NaN : badValue == 1 ? float.NegativeInfinity : float.PositiveInfinity;
            string what = (channel == 0 ? "infrared " : "red ") + bad.ToString() + ": ";
            var estimator = new PulseEstimator(new PulseEstimatorSettings());
            var generator = new SyntheticPpgGenerator(new SyntheticPpgSettings());
            bool badSent = false;
            float oxygenBefore = 0.0f;
            while (generator.TimeMicroseconds < 40000000)
            {
                generator.Next();
                float infrared = (float)generator.Infrared;
                float red = (float)generator.Red;
                if (!badSent && generator.TimeMicroseconds >= 20000000)
                {
                    Assert.IsTrue(estimator.HasOxygenSaturation, what + "SpO2 before the bad sample");
                    oxygenBefore = estimator.OxygenSaturationPercent;
                    badSent = true;
                    infrared = channel == 0 ? bad : infrared;
                    red = channel == 1 ? bad : red;
                }

                estimator.AddSample(generator.TimeMicroseconds, infrared, red);
            }

            Assert.AreEqual(1, estimator.NonFiniteSampleCount, what + "the sample is counted");
            Assert.IsTrue(estimator.IsFingerPresent, what + "the finger is still seen");
            Assert.IsTrue(estimator.HasHeartRate, what + "a heart rate 20 s later");
            SignalAssert.Near(60.0, estimator.HeartRateBeatsPerMinute, 3.6, what + "heart rate");
            Assert.IsTrue(estimator.HasOxygenSaturation, what + "SpO2 20 s later");
            SignalAssert.Near(oxygenBefore, estimator.OxygenSaturationPercent, 1.0, what + "SpO2 as before the bad sample");
        }

        [TestMethod]
        public static void AGapInTheSamplesRestartsWithoutAnIntervalAcrossIt()
        {
            var estimator = new PulseEstimator(new PulseEstimatorSettings());
            var generator = new SyntheticPpgGenerator(new SyntheticPpgSettings { HeartRateBeatsPerMinute = 70.0, NoiseRatio = 0.05 });
            bool skipped = false;
            while (generator.TimeMicroseconds < 60000000)
            {
                generator.Next();

                // Two seconds of samples never arrive (a stalled bus, say).
                if (generator.TimeMicroseconds > 30000000 && generator.TimeMicroseconds < 32000000)
                {
                    skipped = true;
                    continue;
                }

                if (estimator.AddSample(generator.TimeMicroseconds, (float)generator.Infrared, (float)generator.Red) && estimator.HasLastInterBeatInterval)
                {
                    Assert.IsTrue(estimator.LastInterBeatIntervalMilliseconds < 1300.0f, "an interval of " + estimator.LastInterBeatIntervalMilliseconds.ToString("F0") + " ms spans the gap");
                }
            }

            Assert.IsTrue(skipped, "the gap happened");
            Assert.IsTrue(estimator.HasHeartRate, "a reading again after the gap");
            SignalAssert.Near(70.0, estimator.HeartRateBeatsPerMinute, 4.2, "heart rate after the gap");
        }

        [TestMethod]
        public static void ASignalThatRisesWithEachBeatNeedsPulseRaisesSignal()
        {
            // An analog pulse sensor's output rises with blood volume: the same wave upside down. Upright, each beat is
            // timed on its upstroke, 148 ms after the true onset (the systolic peak is at 163 ms at 65 bpm).
            long uprightDelay = RunAt65BeatsPerMinute(false, false).MedianDetectionDelayMicroseconds(5.0);

            // With the setting, the upside-down wave gives one beat per true pulse, at the same place on the upstroke.
            PulseRun rising = RunAt65BeatsPerMinute(true, true);
            int checkedBeats;
            Assert.AreEqual("", rising.FirstBeatMismatch(5.0, 39.0, out checkedBeats), "one beat per pulse of the rising signal");
            Assert.IsTrue(checkedBeats >= 30, "checked " + checkedBeats.ToString() + " beats");
            long risingDelay = rising.MedianDetectionDelayMicroseconds(5.0);
            SignalAssert.Near(uprightDelay * 0.001, risingDelay * 0.001, 10.0, "ms from the onset to the beat, as upright");
            Assert.IsTrue(rising.Estimator.HasHeartRate, "a reading from the rising signal");
            SignalAssert.Near(65.0, rising.Estimator.HeartRateBeatsPerMinute, 3.9, "heart rate");

            // Without it the estimator takes the fall after the systolic peak for the upstroke (measured: 151 ms late):
            // the rate may look right, but the beats are off the upstroke, or there is no reading.
            PulseRun unflagged = RunAt65BeatsPerMinute(true, false);
            long offset = unflagged.MedianDetectionDelayMicroseconds(5.0) - uprightDelay;
            Assert.IsTrue(!unflagged.Estimator.HasHeartRate || offset >= 100000 || offset <= -100000, "without PulseRaisesSignal beats " + (offset / 1000).ToString() + " ms from the upstroke's");
        }

        private static PulseRun RunAt65BeatsPerMinute(bool upsideDown, bool pulseRaisesSignal)
        {
            var estimator = new PulseEstimatorSettings { PulseRaisesSignal = pulseRaisesSignal, FingerOnLevel = float.MinValue, FingerOffLevel = float.MinValue };
            var run = new PulseRun(new SyntheticPpgSettings { HeartRateBeatsPerMinute = 65.0, NoiseRatio = 0.05 }, estimator, false);
            run.UpsideDown = upsideDown;
            run.RunUntil(40.0);
            return run;
        }

        [TestMethod]
        public static void SettingsThatMakeNoSenseAreRejectedWithTheReason()
        {
            Assert.ThrowsException(typeof(System.ArgumentException), () => new PulseEstimator(new PulseEstimatorSettings { MinimumBeatsPerMinute = 200.0f, MaximumBeatsPerMinute = 100.0f }));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new PulseEstimator(new PulseEstimatorSettings { FingerOnLevel = 1000.0f, FingerOffLevel = 2000.0f }));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new PulseEstimator(new PulseEstimatorSettings { SaturationLevel = 10.0f }));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new PulseEstimator(new PulseEstimatorSettings { MinimumSignalQualityPercent = 101 }));
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => new PulseEstimator(null!));

            string message = "Validate accepted FingerOffLevel above FingerOnLevel";
            try
            {
                new PulseEstimatorSettings { FingerOnLevel = 1000.0f, FingerOffLevel = 2000.0f }.Validate();
            }
            catch (System.ArgumentException exception)
            {
                message = exception.Message;
            }

            Assert.Contains("FingerOffLevel must not exceed FingerOnLevel", message, "the message names the setting");
        }

        [DataRow(25)]
        [DataRow(100)]
        [DataRow(400)]
        public static void AStrongerRiseOffTheRhythmDoesNotTakeAnOnTimeBeatsPlace(int samplesPerSecond)
        {
            // 75 bpm; 300 ms after beat 20's upstroke comes a rise 1.6 times as high (a noise or pressure bump, below the
            // motion bar), inside the beat's competition window but 1.375 intervals after the beat before.
            const double IntervalSeconds = 0.8;
            const int DisturbedBeat = 20;
            var estimator = new PulseEstimator(new PulseEstimatorSettings { FingerOnLevel = float.MinValue, FingerOffLevel = float.MinValue, SaturationLevel = float.MaxValue, PulseRaisesSignal = true });
            long period = 1000000 / samplesPerSecond;
            double disturbedPeak = DisturbedBeat * IntervalSeconds + 0.1;
            int nearBeat = 0;
            int nearRival = 0;
            for (long time = 0; time < 30000000; time += period)
            {
                double seconds = time * 0.000001;
                int beat = (int)(seconds / IntervalSeconds);
                double value = 0.0;
                for (int k = beat - 1; k <= beat; k++)
                {
                    value += WaveMath.Bump(seconds, k * IntervalSeconds + 0.1, 0.06) + 0.3 * WaveMath.Bump(seconds, k * IntervalSeconds + 0.4, 0.1);
                }

                value += 1.6 * WaveMath.Bump(seconds, disturbedPeak + 0.3, 0.06);
                if (estimator.AddSample(time, (float)value))
                {
                    double beatSeconds = estimator.LastBeatTimeMicroseconds * 0.000001;
                    nearBeat += beatSeconds > disturbedPeak - 0.15 && beatSeconds < disturbedPeak + 0.1 ? 1 : 0;
                    nearRival += beatSeconds > disturbedPeak + 0.15 && beatSeconds < disturbedPeak + 0.4 ? 1 : 0;
                }
            }

            Assert.AreEqual(1, nearBeat, "the on-time beat is kept at " + samplesPerSecond + " samples/s");
            Assert.AreEqual(0, nearRival, "the rise off the rhythm is not a beat");
            SignalAssert.Near(75.0, estimator.HeartRateBeatsPerMinute, 1.0, "heart rate");
        }
    }
}
