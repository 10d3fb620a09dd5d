using HeartRateStreamer.Status;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Status
{
    /// <summary>The status LED: one status at a time, the most urgent first, each with a pattern of its own.</summary>
    [TestClass]
    public class StatusLedPatternTests
    {
        // The repeating patterns: every status but Pulse, which follows the beats.
        private const int StatusCount = 4;

        // Longest pattern period: sampling two of them covers every pattern whole.
        private const int ObservedMilliseconds = 4000;

        // Sampled as the LED threads draw them.
        private const int SampleStepMilliseconds = StatusLedPattern.TickMilliseconds;

        [DataRow(true, true, true, true, 0)]
        [DataRow(true, false, false, false, 0)]
        [DataRow(false, false, true, false, 1)]
        [DataRow(false, true, false, false, 2)]
        [DataRow(false, true, true, false, 3)]
        [DataRow(false, false, false, true, 4)]
        [DataRow(false, true, true, true, 4)]
        public static void TheMostUrgentConditionWins(bool hasError, bool networkConnected, bool serverConnected, bool fingerPresent, int expectedStatus)
        {
            Assert.AreEqual(expectedStatus, (int)StatusEvaluator.Evaluate(hasError, networkConnected, serverConnected, fingerPresent));
        }

        [DataRow(0, 0L, true)]
        [DataRow(0, 99L, true)]
        [DataRow(0, 100L, false)]
        [DataRow(0, 200L, true)]
        [DataRow(1, 499L, true)]
        [DataRow(1, 500L, false)]
        [DataRow(1, 1000L, true)]
        [DataRow(2, 50L, true)]
        [DataRow(2, 150L, false)]
        [DataRow(2, 300L, true)]
        [DataRow(2, 400L, false)]
        [DataRow(2, 999L, false)]
        [DataRow(3, 50L, true)]
        [DataRow(3, 1000L, false)]
        [DataRow(3, 2050L, true)]
        public static void EachPatternFollowsItsTable(int statusCode, long milliseconds, bool expectedLit)
        {
            Assert.AreEqual(expectedLit, StatusLedPattern.IsLit((DeviceStatus)statusCode, milliseconds),
                "status " + statusCode.ToString() + " at " + milliseconds.ToString() + " ms");
        }

        [DataRow(1000L, 1000L, true)]
        [DataRow(1099L, 1000L, true)]
        [DataRow(1100L, 1000L, false)]
        [DataRow(999L, 1000L, false)]
        [DataRow(5000L, 1000L, false)]
        public static void ThePulseIsAFlashAtEachBeat(long milliseconds, long lastBeatMilliseconds, bool expectedLit)
        {
            Assert.AreEqual(expectedLit, StatusLedPattern.IsLit(DeviceStatus.Pulse, milliseconds, lastBeatMilliseconds),
                "at " + milliseconds.ToString() + " ms, beat at " + lastBeatMilliseconds.ToString() + " ms");
        }

        [TestMethod]
        public static void EveryPatternBlinks()
        {
            // A solid LED, lit or dark, then always means the firmware stopped driving it.
            for (int status = 0; status < StatusCount; status++)
            {
                int lit = 0;
                int period = StatusLedPattern.PeriodMilliseconds((DeviceStatus)status);
                for (int t = 0; t < period; t += SampleStepMilliseconds)
                {
                    lit += StatusLedPattern.IsLit((DeviceStatus)status, t) ? 1 : 0;
                }

                int samples = period / SampleStepMilliseconds;
                Assert.IsTrue(lit > 0 && lit < samples, "status " + status.ToString() + " is lit for " + lit.ToString() + " of " + samples.ToString() + " samples");
            }
        }

        [TestMethod]
        public static void NoTwoStatusesLookAlike()
        {
            for (int first = 0; first < StatusCount; first++)
            {
                for (int second = first + 1; second < StatusCount; second++)
                {
                    int differences = 0;
                    for (int t = 0; t < ObservedMilliseconds; t += SampleStepMilliseconds)
                    {
                        if (StatusLedPattern.IsLit((DeviceStatus)first, t) != StatusLedPattern.IsLit((DeviceStatus)second, t))
                        {
                            differences++;
                        }
                    }

                    // Different for at least 10 % of the time: a glance of a few seconds tells them apart.
                    Assert.IsTrue(differences * 10 >= ObservedMilliseconds / SampleStepMilliseconds,
                        "statuses " + first.ToString() + " and " + second.ToString() + " differ in only " + differences.ToString() + " samples");
                }
            }
        }

        [TestMethod]
        public static void ThePatternRepeatsWithItsPeriod()
        {
            for (int status = 0; status < StatusCount; status++)
            {
                int period = StatusLedPattern.PeriodMilliseconds((DeviceStatus)status);
                for (int t = 0; t < period; t += 10)
                {
                    Assert.AreEqual(StatusLedPattern.IsLit((DeviceStatus)status, t), StatusLedPattern.IsLit((DeviceStatus)status, t + 7L * period),
                        "status " + status.ToString() + " at " + t.ToString() + " ms");
                }
            }
        }
    }
}
