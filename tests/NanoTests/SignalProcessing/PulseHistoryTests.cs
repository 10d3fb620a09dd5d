using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Simulation.Ppg;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>The beat score's correlation: 1 for a wave that repeats at the lag, −1 at half the period, small for noise.</summary>
    [TestClass]
    public class PulseHistoryTests
    {
        [TestMethod]
        public static void ASineCorrelatesWithItselfOnePeriodEarlierAndAgainstItselfHalfAPeriodEarlier()
        {
            // 1.2 Hz sampled irregularly at about 90 samples/s, resampled to the 25 samples/s grid.
            var history = new PulseHistory(6.0f);
            long time = 0;
            var random = new DeterministicRandom(3);
            while (time < 6000000)
            {
                history.Add(time, (float)WaveMath.Sine(2.0 * WaveMath.Pi * 1.2 * time * 0.000001));
                time += 8000 + (long)(6000 * random.NextUniform());
            }

            SignalAssert.Near(1.0, history.Correlation(1.0f / 1.2f, 1.5f), 0.01, "one period earlier");
            SignalAssert.Near(-1.0, history.Correlation(0.5f / 1.2f, 1.5f), 0.01, "half a period earlier");
        }

        [TestMethod]
        public static void ASpanAroundABeatRepeatsTheBeatBeforeAtItsIntervalWhateverTheCycleBefore()
        {
            // Beats 0.5 s wide (a raised cosine) at intervals alternating 0.9 s and 0.7 s, flat between them. The span of
            // ±0.3 s around the beat at 3.7 s repeats the beat 0.7 s before it exactly; a lag 60 ms off (a beat timed
            // 60 ms wrong) misaligns it.
            var history = new PulseHistory(8.0f);
            long[] beats = { 500000, 1400000, 2100000, 3000000, 3700000, 4600000, 5300000 };
            for (long time = 0; time <= 6000000; time += 10000)
            {
                double value = 0.0;
                for (int i = 0; i < beats.Length; i++)
                {
                    double since = (time - beats[i]) * 0.000001;
                    if (since >= -0.25 && since < 0.25)
                    {
                        value = 0.5 + 0.5 * WaveMath.Sine(2.0 * WaveMath.Pi * since / 0.5 + 0.5 * WaveMath.Pi);
                    }
                }

                history.Add(time, (float)value);
            }

            SignalAssert.Near(1.0, history.CorrelationAround(3700000, 0.7f, 0.3f), 0.01, "the beat at 3.7 s against the one 0.7 s before it");
            Assert.IsTrue(history.CorrelationAround(3700000, 0.76f, 0.3f) < 0.9f, "a lag 60 ms off does not match");
            Assert.AreEqual(0.0f, history.CorrelationAround(5900000, 0.7f, 0.3f), "a span that ends after the newest sample is not held yet");
        }

        [TestMethod]
        public static void ALinearTrendDoesNotHideTheRepetition()
        {
            // A pulse-like 1 Hz wave riding on a ramp ten times its size.
            var history = new PulseHistory(5.0f);
            for (long time = 0; time < 5000000; time += 10000)
            {
                double seconds = time * 0.000001;
                history.Add(time, (float)(WaveMath.Sine(2.0 * WaveMath.Pi * seconds) + 20.0 * seconds));
            }

            SignalAssert.Near(1.0, history.Correlation(1.0f, 1.5f), 0.01, "the ramp is removed before comparing");
        }

        [TestMethod]
        public static void NoiseDoesNotRepeat()
        {
            var history = new PulseHistory(6.0f);
            var random = new DeterministicRandom(11);
            for (long time = 0; time < 6000000; time += 10000)
            {
                history.Add(time, (float)random.NextGaussian());
            }

            float correlation = history.Correlation(0.8f, 1.5f);
            Assert.IsTrue(correlation < 0.5f && correlation > -0.5f, "white noise correlated " + correlation.ToString("F2") + " with itself 0.8 s earlier");
        }

        [TestMethod]
        public static void TheFootOfAnUpstrokeOnARampIsWhereTheSteepRiseBegins()
        {
            // A slow ramp (1 unit/s) for 2 s, then a steep rise of 10 units in 0.2 s starting at 2.0 s, then flat.
            var history = new PulseHistory(6.0f);
            for (long time = 0; time <= 3000000; time += 10000)
            {
                double seconds = time * 0.000001;
                double value = seconds < 2.0 ? seconds : seconds < 2.2 ? 2.0 + 50.0 * (seconds - 2.0) : 12.0;
                history.Add(time, (float)value);
            }

            // Steepest at 2.1 s (50 units/s); walking back, the ramp's 1 unit/s is below a fifth of that.
            float foot;
            Assert.IsTrue(history.TryFootValue(2100000, 10.0f, 0.5f, out foot), "the history holds the upstroke");
            SignalAssert.Near(2.0, foot, 0.05, "the foot is the level where the steep rise starts, not the ramp's start at 0");
            Assert.IsFalse(history.TryFootValue(3020000, 10.0f, 0.5f, out foot), "a time after the newest grid point (3.0 s) has no foot");
            Assert.IsFalse(history.TryFootValue(-1000000, 10.0f, 0.5f, out foot), "a time before the history has no foot");
        }

        [TestMethod]
        public static void TooShortAHistoryGivesZero()
        {
            var history = new PulseHistory(6.0f);
            for (long time = 0; time < 1000000; time += 10000)
            {
                history.Add(time, (float)WaveMath.Sine(time * 0.00001));
            }

            Assert.AreEqual(0.0f, history.Correlation(1.0f, 1.5f), "2.5 s of lag and window, 1 s of wave");
            history.Reset();
            Assert.AreEqual(0, history.Count, "reset empties the history");
        }
    }
}
