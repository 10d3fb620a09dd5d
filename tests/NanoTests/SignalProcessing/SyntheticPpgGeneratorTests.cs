using HeartRateStreamer.Simulation.Ppg;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>The generator produces what its settings say: the rate, the levels, the ratio, clipping, the same signal for the same seed.</summary>
    [TestClass]
    public class SyntheticPpgGeneratorTests
    {
        [DataRow(40.0)]
        [DataRow(75.0)]
        [DataRow(220.0)]
        public static void BeatsComeAtTheConfiguredRate(double beatsPerMinute)
        {
            var generator = new SyntheticPpgGenerator(new SyntheticPpgSettings { HeartRateBeatsPerMinute = beatsPerMinute });
            long first = -1;
            while (generator.TimeMicroseconds < 120000000)
            {
                generator.Next();
                if (generator.BeatStarted && first < 0)
                {
                    first = generator.LastBeatOnsetMicroseconds;
                }
            }

            // The onsets from the first to the last are BeatCount − 1 intervals; breathing variability averages out.
            double rate = 60000000.0 * (generator.BeatCount - 1) / (generator.LastBeatOnsetMicroseconds - first);
            SignalAssert.Near(beatsPerMinute, rate, beatsPerMinute * 0.01, "mean rate over two minutes");
        }

        [TestMethod]
        public static void ThePulseDimsTheLightByThePerfusionIndexAndRedByTheRatio()
        {
            var settings = new SyntheticPpgSettings { PerfusionIndex = 0.02, RatioOfRatios = 0.5, RespiratoryVariabilityFraction = 0.0, BeatJitterFraction = 0.0 };
            var generator = new SyntheticPpgGenerator(settings);
            double infraredHigh = 0.0;
            double infraredLow = double.MaxValue;
            double redHigh = 0.0;
            double redLow = double.MaxValue;
            while (generator.TimeMicroseconds < 10000000)
            {
                generator.Next();
                infraredHigh = generator.Infrared > infraredHigh ? generator.Infrared : infraredHigh;
                infraredLow = generator.Infrared < infraredLow ? generator.Infrared : infraredLow;
                redHigh = generator.Red > redHigh ? generator.Red : redHigh;
                redLow = generator.Red < redLow ? generator.Red : redLow;
            }

            // Light is highest between beats (the DC level) and lowest at the systolic peak.
            SignalAssert.Near(settings.InfraredLevelCounts, infraredHigh, settings.InfraredLevelCounts * 0.002, "infrared between beats");
            double infraredModulation = (infraredHigh - infraredLow) / infraredHigh;
            double redModulation = (redHigh - redLow) / redHigh;
            Assert.IsTrue(infraredModulation > 0.02 && infraredModulation < 0.03, "infrared AC/DC " + infraredModulation.ToString("F4") + " for a perfusion index of 2 % (the run-off adds to the systolic wave)");
            SignalAssert.Near(0.5, redModulation / infraredModulation, 0.01, "ratio of ratios");
        }

        // Each pulse's depth follows the breath by ± RespiratoryAmplitudeFraction, the smallest pulses beginning the
        // shortest intervals (in phase with sinus arrhythmia); a fraction that would turn a pulse over is refused.
        [TestMethod]
        public static void BreathingSwingsEachPulsesSize()
        {
            long difference = SmallestPulsesIntervalAboveMean(0.0);
            Assert.IsTrue(difference < 0, "the smallest pulse begins a short interval: " + difference.ToString() + " us from the mean");
            Assert.ThrowsException(typeof(System.ArgumentException), () => new SyntheticPpgGenerator(new SyntheticPpgSettings { RespiratoryAmplitudeFraction = 1.0 }));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new SyntheticPpgGenerator(new SyntheticPpgSettings { RespiratoryAmplitudeFraction = -0.1 }));
        }

        // The size swing can lag the interval's (RespiratoryAmplitudeLagBreaths): half a breath late, the smallest pulse
        // begins a long interval, by as much; a lag outside one breath is refused.
        [TestMethod]
        public static void TheSizeSwingCanLagTheBreath()
        {
            long difference = SmallestPulsesIntervalAboveMean(0.5);
            Assert.IsTrue(difference > 0, "the smallest pulse begins a long interval: " + difference.ToString() + " us from the mean");
            Assert.ThrowsException(typeof(System.ArgumentException), () => new SyntheticPpgGenerator(new SyntheticPpgSettings { RespiratoryAmplitudeLagBreaths = 1.0 }));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new SyntheticPpgGenerator(new SyntheticPpgSettings { RespiratoryAmplitudeLagBreaths = -0.1 }));
        }

        // 30 s of resonance breathing (0.1 Hz, intervals ±10 %) with sizes ±30 %, the size swing lagBreaths late: checks the
        // sizes' range and returns how much longer than the mean the interval is that the smallest pulse begins.
        private static long SmallestPulsesIntervalAboveMean(double lagBreaths)
        {
            var settings = new SyntheticPpgSettings
            {
                BreathingRateHz = 0.1,
                RespiratoryVariabilityFraction = 0.1,
                BeatJitterFraction = 0.0,
                RespiratoryAmplitudeFraction = 0.3,
                RespiratoryAmplitudeLagBreaths = lagBreaths,
            };
            var generator = new SyntheticPpgGenerator(settings);
            double lowest = settings.InfraredLevelCounts;
            double smallest = double.MaxValue;
            double largest = 0.0;
            long onset = -1;
            long smallestInterval = 0;
            long intervalSum = 0;
            int intervals = 0;
            while (generator.TimeMicroseconds < 30000000)
            {
                generator.Next();
                lowest = generator.Infrared < lowest ? generator.Infrared : lowest;
                if (!generator.BeatStarted)
                {
                    continue;
                }

                // The beat that began at onset has ended: its depth below the light between beats.
                double depth = settings.InfraredLevelCounts - lowest;
                long interval = generator.LastBeatOnsetMicroseconds - onset;
                if (onset >= 0)
                {
                    intervalSum += interval;
                    intervals++;
                    largest = depth > largest ? depth : largest;
                    if (depth < smallest)
                    {
                        smallest = depth;
                        smallestInterval = interval;
                    }
                }

                onset = generator.LastBeatOnsetMicroseconds;
                lowest = settings.InfraredLevelCounts;
            }

            // 1.3 / 0.7: the breath's extremes fall within a beat of an onset (10 beats a breath).
            SignalAssert.Near(1.3 / 0.7, largest / smallest, 0.05 * 1.3 / 0.7, "largest over smallest pulse");
            return smallestInterval - intervalSum / intervals;
        }

        [TestMethod]
        public static void LightBeyondFullScaleIsClipped()
        {
            var generator = new SyntheticPpgGenerator(new SyntheticPpgSettings { InfraredLevelCounts = 300000.0 });
            generator.Next();

            Assert.AreEqual(262143.0, generator.Infrared, "18-bit full scale");
        }

        [TestMethod]
        public static void TheSameSeedGivesTheSameSignal()
        {
            var first = new SyntheticPpgGenerator(new SyntheticPpgSettings { NoiseRatio = 0.1, TimestampJitterFraction = 0.3, Seed = 99 });
            var second = new SyntheticPpgGenerator(new SyntheticPpgSettings { NoiseRatio = 0.1, TimestampJitterFraction = 0.3, Seed = 99 });
            for (int i = 0; i < 1000; i++)
            {
                first.Next();
                second.Next();
                Assert.AreEqual(first.TimeMicroseconds, second.TimeMicroseconds, "time of sample " + i.ToString());
                Assert.AreEqual(first.Infrared, second.Infrared, "infrared of sample " + i.ToString());
            }
        }

        [TestMethod]
        public static void TimeCannotGoBackwards()
        {
            var generator = new SyntheticPpgGenerator(new SyntheticPpgSettings());
            generator.MoveTo(5000000);

            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => generator.MoveTo(4000000));
        }

        [TestMethod]
        public static void TheFingerOffPeriodShowsAmbientLight()
        {
            var generator = new SyntheticPpgGenerator(new SyntheticPpgSettings { FingerOffStartSeconds = 1.0, FingerOffDurationSeconds = 1.0 });
            generator.MoveTo(1500000);

            Assert.IsFalse(generator.IsFingerOn, "off at 1.5 s");
            Assert.AreEqual(1000.0, generator.Infrared, "ambient level");
            generator.MoveTo(2500000);
            Assert.IsTrue(generator.IsFingerOn, "back at 2.5 s");
        }

        [TestMethod]
        public static void TheFingerCanBeLiftedAgainAndAgainAtRunTime()
        {
            var generator = new SyntheticPpgGenerator(new SyntheticPpgSettings());
            for (int lift = 0; lift < 3; lift++)
            {
                long start = 2000000L * lift;
                generator.FingerLifted = true;
                generator.MoveTo(start + 500000);
                Assert.IsFalse(generator.IsFingerOn, "lift " + lift.ToString() + ": off");
                Assert.AreEqual(1000.0, generator.Infrared, "lift " + lift.ToString() + ": ambient level");

                generator.FingerLifted = false;
                generator.MoveTo(start + 1500000);
                Assert.IsTrue(generator.IsFingerOn, "lift " + lift.ToString() + ": back");
                Assert.IsTrue(generator.Infrared > 100000.0, "lift " + lift.ToString() + ": the finger's light again");
            }
        }
    }
}
