using System;
using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    [TestClass]
    public class AntiAliasDecimatorTests
    {
        [DataRow(100, 20, 5)]
        [DataRow(50, 20, 3)]
        [DataRow(25, 20, 2)]
        [DataRow(400, 20, 20)]
        [DataRow(20, 20, 1)]
        [DataRow(10, 20, 1)]
        public static void KeepsTheOutputAtOrBelowTheAllowedRate(int inputRate, int maximumOutputRate, int factor)
        {
            var decimator = new AntiAliasDecimator(inputRate, maximumOutputRate);
            Assert.AreEqual(factor, decimator.Factor);

            // Ten seconds of input: one output per factor samples, less at most four while the filter's centre fills
            // (half of its 8·factor + 1 taps), and never more than the allowed rate.
            int samples = 10 * inputRate;
            int outputs = 0;
            for (int i = 0; i < samples; i++)
            {
                outputs += decimator.Add(i * 1000L / inputRate, 1.0) ? 1 : 0;
            }

            Assert.IsTrue(outputs <= 10 * maximumOutputRate, outputs.ToString() + " points in 10 s at most " + maximumOutputRate.ToString() + " a second");
            Assert.IsTrue(outputs >= samples / factor - 4, outputs.ToString() + " points in 10 s from " + samples.ToString() + " samples");
        }

        [TestMethod]
        public static void TwentyPointsPerSecondStampedFiftyMillisecondsApart()
        {
            var decimator = new AntiAliasDecimator(100, 20);
            int outputs = 0;
            long previous = long.MinValue;
            for (int i = 0; i < 1000; i++)
            {
                if (decimator.Add(i * 10, 1.0))
                {
                    if (previous != long.MinValue)
                    {
                        Assert.AreEqual(50L, decimator.OutputTimeMilliseconds - previous);
                    }

                    previous = decimator.OutputTimeMilliseconds;
                    outputs++;
                }
            }

            Assert.IsTrue(outputs >= 195 && outputs <= 200, "about 200 outputs from 10 s at 100 samples/s, got " + outputs.ToString());
        }

        [TestMethod]
        public static void StampsEachOutputWithTheTimeOfTheSampleAtTheFilterCentre()
        {
            var decimator = new AntiAliasDecimator(100, 20);
            int half = decimator.TapCount / 2;
            long newestTime = 0;
            for (int i = 0; i < 200; i++)
            {
                newestTime = i * 10;
                if (decimator.Add(newestTime, 0) && i > decimator.TapCount)
                {
                    Assert.AreEqual(newestTime - half * 10, decimator.OutputTimeMilliseconds, "the filter's delay is taken back out");
                }
            }
        }

        [TestMethod]
        public static void PassesDirectCurrentUnchanged()
        {
            var decimator = new AntiAliasDecimator(100, 20);
            for (int i = 0; i < 300; i++)
            {
                if (decimator.Add(i * 10, 51234.0))
                {
                    AssertClose(51234.0, decimator.OutputValue, 1e-6, "DC gain is exactly 1");
                }
            }
        }

        [DataRow(1.0, 0.97, 1.02)]
        [DataRow(2.0, 0.95, 1.02)]
        [DataRow(3.0, 0.90, 1.02)]
        public static void PassesPulseFrequencies(double frequencyHertz, double lowestGain, double highestGain)
        {
            double gain = MeasurePassbandGain(frequencyHertz);
            Assert.IsTrue(gain >= lowestGain && gain <= highestGain, "gain at " + frequencyHertz.ToString() + " Hz was " + gain.ToString());
        }

        [DataRow(12.0, 0.05)]
        [DataRow(15.0, 0.01)]
        [DataRow(30.0, 0.01)]
        [DataRow(45.0, 0.01)]
        public static void SuppressesWhatWouldAliasAtTwentyPointsPerSecond(double frequencyHertz, double highestGain)
        {
            double gain = MeasurePeak(frequencyHertz);
            Assert.IsTrue(gain <= highestGain, "gain at " + frequencyHertz.ToString() + " Hz was " + gain.ToString() + ", it would fold into the plot");
        }

        [TestMethod]
        public static void ABadReadingDoesNotPoisonTheFilter()
        {
            var decimator = new AntiAliasDecimator(100, 20);
            int outputsAfterTheBadReadings = 0;
            for (int i = 0; i < 300; i++)
            {
                double value = i == 150 ? double.NaN : (i == 160 ? double.PositiveInfinity : (i == 170 ? double.NegativeInfinity : 10.0));
                if (decimator.Add(i * 10, value))
                {
                    Assert.IsFalse(double.IsNaN(decimator.OutputValue) || double.IsInfinity(decimator.OutputValue), "output at sample " + i.ToString());
                    AssertClose(10.0, decimator.OutputValue, 1e-9, "held at the last valid value");
                    outputsAfterTheBadReadings += i > 170 ? 1 : 0;
                }
            }

            // 129 samples after the last bad one at 100 samples/s, one output per 5: the filter goes on.
            Assert.IsTrue(outputsAfterTheBadReadings >= 25, "outputs after the bad readings: " + outputsAfterTheBadReadings.ToString());
        }

        [DataRow(0, 20)]
        [DataRow(100, 21)]
        [DataRow(100, 0)]
        public static void RefusesRatesOutsideTheProtocol(int inputRate, int outputRate)
        {
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new AntiAliasDecimator(inputRate, outputRate));
        }

        // The filter is linear-phase and outputs carry the centre tap's time, so each output should be gain·sin(2πf·t):
        // the least-squares gain is Σ out·sin / Σ sin² (no square root needed).
        private static double MeasurePassbandGain(double frequencyHertz)
        {
            var decimator = new AntiAliasDecimator(100, 20);
            double correlation = 0;
            double energy = 0;
            for (int i = 0; i < 1000; i++)
            {
                if (decimator.Add(i * 10, Sine(frequencyHertz, i * 10)) && i > 200)
                {
                    double expected = Sine(frequencyHertz, decimator.OutputTimeMilliseconds);
                    correlation += decimator.OutputValue * expected;
                    energy += expected * expected;
                }
            }

            return correlation / energy;
        }

        // The largest output magnitude of a unit sine once the filter has settled: never more than the gain.
        private static double MeasurePeak(double frequencyHertz)
        {
            var decimator = new AntiAliasDecimator(100, 20);
            double peak = 0;
            for (int i = 0; i < 1000; i++)
            {
                if (decimator.Add(i * 10, Sine(frequencyHertz, i * 10)) && i > 200)
                {
                    double magnitude = decimator.OutputValue < 0 ? -decimator.OutputValue : decimator.OutputValue;
                    peak = magnitude > peak ? magnitude : peak;
                }
            }

            return peak;
        }

        private static double Sine(double frequencyHertz, long timeMilliseconds)
        {
            return TestSine.Of(2 * TestSine.Pi * frequencyHertz * timeMilliseconds / 1000.0);
        }

        private static void AssertClose(double expected, double actual, double tolerance, string why)
        {
            double difference = expected - actual;
            Assert.IsTrue(difference <= tolerance && difference >= -tolerance,
                why + ": expected " + expected.ToString() + ", got " + actual.ToString());
        }
    }
}
