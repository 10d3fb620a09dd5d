using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>Tolerance comparisons for measured quantities (the test framework compares doubles exactly).</summary>
    public static class SignalAssert
    {
        /// <summary>Fails unless |<paramref name="actual"/> − <paramref name="expected"/>| ≤ <paramref name="tolerance"/>, saying both values.</summary>
        public static void Near(double expected, double actual, double tolerance, string what)
        {
            double difference = actual - expected;
            bool near = difference <= tolerance && difference >= -tolerance;
            Assert.IsTrue(near, what + ": expected " + expected.ToString("F3") + " ± " + tolerance.ToString("F3") + ", got " + actual.ToString("F3"));
        }
    }
}
