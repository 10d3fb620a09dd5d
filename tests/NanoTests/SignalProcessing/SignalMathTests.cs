using HeartRateStreamer.SignalProcessing;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>The numeric helpers against values typed from tables (e^−x, √x), since nanoFramework has no Math to compare with.</summary>
    [TestClass]
    public class SignalMathTests
    {
        [DataRow(0.0, 1.0)]
        [DataRow(0.001, 0.999000499833375)]
        [DataRow(0.1, 0.904837418035960)]
        [DataRow(1.0, 0.367879441171442)]
        [DataRow(2.5, 0.082084998623899)]
        [DataRow(10.0, 0.0000453999297625)]
        public static void ExponentialDecayMatchesTheTable(double exponent, double expected)
        {
            double actual = SignalMath.ExponentialDecay((float)exponent);
            SignalAssert.Near(expected, actual, expected * 2e-5 + 1e-9, "e^-" + exponent.ToString());
        }

        [DataRow(0.00001, 0.0000099999500001667)]
        [DataRow(0.002, 0.001998001332667)]
        [DataRow(0.1, 0.095162581964040)]
        [DataRow(1.0, 0.632120558828558)]
        public static void ExponentialRiseKeepsItsPrecisionForTinySteps(double exponent, double expected)
        {
            // At 1000 samples/s with a 0.5 s time constant the step is 0.002: 1 − exp would lose most digits.
            double actual = SignalMath.ExponentialRise((float)exponent);
            SignalAssert.Near(expected, actual, expected * 1e-5, "1 - e^-" + exponent.ToString());
        }

        [DataRow(0.0, 0.0)]
        [DataRow(1e-6, 0.001)]
        [DataRow(2.0, 1.4142135623731)]
        [DataRow(1e10, 100000.0)]
        public static void SquareRootConverges(double value, double expected)
        {
            SignalAssert.Near(expected, SignalMath.SquareRoot((float)value), expected * 1e-6, "sqrt " + value.ToString());
        }

        [TestMethod]
        public static void MedianOfOddAndEvenCounts()
        {
            float[] values = { 5.0f, 1.0f, 4.0f, 2.0f, 3.0f, 100.0f };
            float[] scratch = new float[6];

            Assert.AreEqual(3.0f, SignalMath.Median(values, 5, scratch), "median of 5, 1, 4, 2, 3");
            Assert.AreEqual(3.5f, SignalMath.Median(values, 6, scratch), "median of six values is the mean of the middle two");
            Assert.AreEqual(5.0f, values[0], "the input is left as it was");
            Assert.AreEqual(0.0f, SignalMath.Median(values, 0, scratch), "median of nothing");
        }

        [TestMethod]
        public static void AbsoluteValue()
        {
            Assert.AreEqual(2.5f, SignalMath.Absolute(-2.5f));
            Assert.AreEqual(2.5f, SignalMath.Absolute(2.5f));
        }
    }
}
