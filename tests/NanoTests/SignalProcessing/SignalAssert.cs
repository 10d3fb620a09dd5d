using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>
    /// Tolerance comparisons for measured quantities (the test framework compares doubles exactly), and checks made on
    /// every sample. Messages are built only when a check fails: on the interpreter a number's text costs far more than
    /// the sample it is checked on, and the test runs would take many times longer.
    /// </summary>
    public static class SignalAssert
    {
        /// <summary>Fails unless |<paramref name="actual"/> − <paramref name="expected"/>| ≤ <paramref name="tolerance"/>, saying both
        /// values; NaN is never near (written so that a NaN difference fails the test).</summary>
        public static void Near(double expected, double actual, double tolerance, string what)
        {
            double difference = actual - expected;
            if (!(difference <= tolerance && difference >= -tolerance))
            {
                Assert.IsTrue(false, what + ": expected " + expected.ToString("F3") + " ± " + tolerance.ToString("F3") + ", got " + actual.ToString("F3"));
            }
        }

        /// <summary><see cref="Near"/> for a check on every sample: the message names <paramref name="what"/> and the time.</summary>
        public static void NearAt(double expected, double actual, double tolerance, string what, double seconds)
        {
            double difference = actual - expected;
            if (!(difference <= tolerance && difference >= -tolerance))
            {
                Near(expected, actual, tolerance, what + " at " + seconds.ToString("F2") + " s");
            }
        }

        /// <summary>Fails when <paramref name="happened"/>, naming <paramref name="what"/> and the time: a check on every sample.</summary>
        public static void NeverAt(bool happened, string what, double seconds)
        {
            if (happened)
            {
                Assert.IsFalse(happened, what + " at " + seconds.ToString("F2") + " s");
            }
        }

        /// <summary>Fails unless <paramref name="holds"/>, naming <paramref name="what"/> and the time: a check on every sample.</summary>
        public static void AlwaysAt(bool holds, string what, double seconds)
        {
            if (!holds)
            {
                Assert.IsTrue(holds, what + " at " + seconds.ToString("F2") + " s");
            }
        }
    }
}
