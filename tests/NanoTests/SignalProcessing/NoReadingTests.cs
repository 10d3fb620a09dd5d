using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Simulation.Ppg;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>When there is nothing to measure, the estimator says so: no number rather than a wrong one.</summary>
    [TestClass]
    public class NoReadingTests
    {
        [TestMethod]
        public static void NoFingerGivesNoReading()
        {
            // Ambient light only: the infrared level stays far below the finger-on level.
            var run = new PulseRun(new SyntheticPpgSettings { FingerOffStartSeconds = 0.0, FingerOffDurationSeconds = 1000.0, NoiseRatio = 0.05 });

            while (run.Seconds < 60.0)
            {
                run.Step();
                SignalAssert.NeverAt(run.Estimator.IsFingerPresent, "a finger seen", run.Seconds);
                Assert.IsFalse(run.Estimator.HasHeartRate, "no heart rate without a finger");
                Assert.IsFalse(run.Estimator.HasOxygenSaturation, "no SpO2 without a finger");
                Assert.AreEqual(0, run.Estimator.SignalQualityPercent, "no quality without a finger");
            }

            Assert.AreEqual(0, run.Estimator.BeatCount, "no beats without a finger");
        }

        [DataRow(1u, 0.02)]
        [DataRow(2u, 0.05)]
        [DataRow(3u, 0.2)]
        [DataRow(4u, 1.0)]
        public static void NoiseWithoutAPulseGivesNoReading(uint seed, double noiseRatio)
        {
            // Something on the sensor with no pulse: band-passed noise has peaks, but they do not repeat like beats.
            // Finger levels are off, as for a source whose level means nothing; only the signal can tell.
            var estimatorSettings = new PulseEstimatorSettings { FingerOnLevel = float.MinValue, FingerOffLevel = float.MinValue };
            var run = new PulseRun(new SyntheticPpgSettings { PulseAbsent = true, WanderRatio = 0.5, NoiseRatio = noiseRatio, Seed = seed }, estimatorSettings, true);

            while (run.Seconds < 180.0)
            {
                run.Step();
                SignalAssert.NeverAt(run.Estimator.HasHeartRate, "a heart rate from noise", run.Seconds);
                Assert.IsFalse(run.Estimator.HasOxygenSaturation, "SpO2 from noise");
                SignalAssert.NeverAt(run.Estimator.HasHeartRateVariability, "an RMSSD from noise", run.Seconds);
            }

            Assert.AreEqual(0, run.Estimator.LookBackBeatCount, "no beat found in noise by the look-back");
        }

        [TestMethod]
        public static void ASaturatedSignalGivesNoReading()
        {
            // Light beyond the converter's range: every sample reads full scale, the pulse is clipped away.
            var run = new PulseRun(new SyntheticPpgSettings { InfraredLevelCounts = 300000.0, NoiseRatio = 0.05 });

            run.Step();
            while (run.Seconds < 30.0)
            {
                run.Step();
                SignalAssert.AlwaysAt(run.Estimator.IsSaturated, "saturation is reported", run.Seconds);
                Assert.IsFalse(run.Estimator.HasHeartRate, "no heart rate while saturated");
            }

            Assert.AreEqual(0, run.Estimator.BeatCount, "no beats from a clipped signal");
        }

        [TestMethod]
        public static void ALiftedFingerStopsTheReadingAndAReplacedOneBringsItBack()
        {
            var run = new PulseRun(new SyntheticPpgSettings { HeartRateBeatsPerMinute = 80.0, FingerOffStartSeconds = 30.0, FingerOffDurationSeconds = 10.0, WanderRatio = 0.5, NoiseRatio = 0.05 });

            run.RunUntil(29.9);
            Assert.IsTrue(run.Estimator.HasHeartRate, "a reading before the finger is lifted");

            double firstReadingAfterReturn = -1.0;
            while (run.Seconds < 60.0)
            {
                run.Step();
                if (run.Seconds >= 30.3 && run.Seconds < 40.0)
                {
                    // The level falls below the off threshold within a tenth of a second.
                    SignalAssert.NeverAt(run.Estimator.IsFingerPresent, "a finger seen while it is lifted", run.Seconds);
                    Assert.IsFalse(run.Estimator.HasHeartRate, "no heart rate without the finger");
                }

                if (run.Estimator.HasHeartRate)
                {
                    SignalAssert.NearAt(80.0, run.Estimator.HeartRateBeatsPerMinute, 5.0, "heart rate", run.Seconds);
                    if (run.Seconds > 40.0 && firstReadingAfterReturn < 0.0)
                    {
                        firstReadingAfterReturn = run.Seconds;
                    }
                }
            }

            Assert.IsTrue(firstReadingAfterReturn > 0.0 && firstReadingAfterReturn < 50.0, "a reading within 10 s of the finger's return (at " + firstReadingAfterReturn.ToString("F1") + " s)");
        }

        [DataRow(25)]
        [DataRow(100)]
        [DataRow(400)]
        public static void AMotionBurstIsRejectedNotCountedAsBeats(int samplesPerSecond)
        {
            // 4 s of hand movement ten times larger than the pulse.
            var run = new PulseRun(new SyntheticPpgSettings { SampleRateHz = samplesPerSecond, HeartRateBeatsPerMinute = 72.0, MotionStartSeconds = 20.0, MotionDurationSeconds = 4.0, MotionRatio = 10.0, WanderRatio = 0.5, NoiseRatio = 0.05, Seed = 5 });

            bool motionSeen = false;
            double firstReadingAfterMotion = -1.0;
            while (run.Seconds < 45.0)
            {
                if (run.Step())
                {
                    long beat = run.Estimator.LastBeatTimeMicroseconds;
                    SignalAssert.NeverAt(beat > 20000000 && beat < 24000000, "a beat inside the motion burst", beat / 1e6);
                }

                motionSeen |= run.Estimator.IsMotionDetected;
                if (run.Estimator.HasHeartRate)
                {
                    SignalAssert.NearAt(72.0, run.Estimator.HeartRateBeatsPerMinute, 5.0, "heart rate", run.Seconds);
                    if (run.Seconds > 24.0 && firstReadingAfterMotion < 0.0)
                    {
                        firstReadingAfterMotion = run.Seconds;
                    }
                }
            }

            Assert.IsTrue(motionSeen, "the burst is reported as motion");
            Assert.IsTrue(firstReadingAfterMotion > 0.0 && firstReadingAfterMotion < 34.0, "the reading is back within 10 s of the burst (at " + firstReadingAfterMotion.ToString("F1") + " s)");
        }

        [DataRow(25)]
        [DataRow(50)]
        [DataRow(100)]
        [DataRow(400)]
        public static void APulseThatComesBackSmallerAfterMotionIsFoundAgain(int samplesPerSecond)
        {
            // The hand moved and the finger now presses differently: the pulse is a third of its size before.
            var run = new PulseRun(new SyntheticPpgSettings { SampleRateHz = samplesPerSecond, HeartRateBeatsPerMinute = 72.0, MotionStartSeconds = 20.0, MotionDurationSeconds = 2.0, MotionRatio = 10.0, PulseAfterMotionRatio = 0.33, WanderRatio = 0.3, NoiseRatio = 0.02, Seed = 7 });
            run.RunUntil(45.0);

            int checkedBeats;
            string mismatch = run.FirstBeatMismatch(27.0, 44.0, out checkedBeats);
            Assert.AreEqual(string.Empty, mismatch, "every beat from 5 s after the burst on");
            Assert.IsTrue(checkedBeats >= 18, "beats compared: " + checkedBeats.ToString());
        }
    }
}
