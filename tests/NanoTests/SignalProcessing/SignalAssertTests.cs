using HeartRateStreamer.Tests.Drivers;
using nanoFramework.TestFramework;
using TestFrameworkShared;

namespace HeartRateStreamer.Tests.SignalProcessing
{
    /// <summary>The yardstick of every signal test is tested too: a value that is off, or NaN, must fail it.</summary>
    [TestClass]
    public class SignalAssertTests
    {
        [TestMethod]
        public static void PassesWithinTheToleranceAndFailsOutsideIt()
        {
            SignalAssert.Near(72.0, 72.5, 0.5, "at the edge");
            Expect.Throws(typeof(AssertFailedException), () => SignalAssert.Near(72.0, 72.6, 0.5, "just past"));
            Expect.Throws(typeof(AssertFailedException), () => SignalAssert.NearAt(72.0, 71.0, 0.5, "heart rate", 12.0));
        }

        [TestMethod]
        public static void ANaNIsNeverNear()
        {
            Expect.Throws(typeof(AssertFailedException), () => SignalAssert.Near(72.0, double.NaN, 0.5, "a NaN reading"));
            Expect.Throws(typeof(AssertFailedException), () => SignalAssert.NearAt(72.0, double.NaN, 0.5, "a NaN reading", 12.0));
        }

        [TestMethod]
        public static void NeverAndAlwaysFailOnTheirCondition()
        {
            SignalAssert.NeverAt(false, "nothing happened", 1.0);
            SignalAssert.AlwaysAt(true, "it held", 1.0);
            Expect.Throws(typeof(AssertFailedException), () => SignalAssert.NeverAt(true, "it happened", 1.0));
            Expect.Throws(typeof(AssertFailedException), () => SignalAssert.AlwaysAt(false, "it did not hold", 1.0));
        }
    }
}
