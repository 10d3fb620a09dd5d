using System;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Startup;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Startup
{
    /// <summary>
    /// What start-up does when a step fails, with a manual clock standing in for the minutes a real failure takes:
    /// retry what waiting can fix, go on without what the device can do without, reboot when neither helps.
    /// </summary>
    [TestClass]
    public class StartupPolicyTests
    {

        // One Wi-Fi attempt with the default timeout takes this long before it fails.
        private const int WifiAttemptMilliseconds = 60000;

        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        public static void WhatOnlyAPersonCanFixIsRetriedForeverAndNeverRebooted(int failureCode)
        {
            var clock = new ManualClock();
            var policy = new StartupPolicy(clock, false);

            // A whole day of reading the file again every 10 s.
            for (int i = 0; i < 8640; i++)
            {
                StartupDecision decision = policy.Decide((StartupFailure)failureCode);
                Assert.AreEqual((int)StartupAction.Retry, (int)decision.Action, "attempt " + i.ToString());
                Assert.AreEqual(StartupPolicy.ConfigurationRetryMilliseconds, decision.DelayMilliseconds);
                clock.Advance(decision.DelayMilliseconds);
            }
        }

        [TestMethod]
        public static void MissingCredentialsSayWhichKeysToSet()
        {
            var policy = new StartupPolicy(new ManualClock(), false);

            StartupDecision decision = policy.Decide(StartupFailure.NoWifiCredentials);

            Assert.Contains("set wifi.ssid and wifi.password in device.json", decision.Advice);
            Assert.StartsWith("retrying in 10 s. ", decision.ToString());
        }

        [TestMethod]
        public static void WifiRetriesWithADoublingPauseForAsLongAsItTakes()
        {
            var clock = new ManualClock();
            var policy = new StartupPolicy(clock, false);
            int[] expectedPauses = { 5000, 10000, 20000 };

            // Each attempt spends its connect timeout, then waits the pause.
            for (int attempt = 0; attempt < expectedPauses.Length; attempt++)
            {
                clock.Advance(WifiAttemptMilliseconds);
                StartupDecision decision = policy.Decide(StartupFailure.WifiNotConnected);
                Assert.AreEqual((int)StartupAction.Retry, (int)decision.Action, "attempt " + attempt.ToString());
                Assert.AreEqual(expectedPauses[attempt], decision.DelayMilliseconds, "pause after attempt " + attempt.ToString());
                Assert.Contains("2.4 GHz", decision.Advice);
                clock.Advance(decision.DelayMilliseconds);
            }

            // Half an hour without a network: the device measures on and keeps trying; no reboot.
            clock.Advance(30 * 60 * 1000);
            policy.Decide(StartupFailure.WifiNotConnected);
            StartupDecision late = policy.Decide(StartupFailure.WifiNotConnected);
            Assert.AreEqual((int)StartupAction.Retry, (int)late.Action, "still retrying after half an hour");
            Assert.AreEqual(StartupPolicy.MaximumWifiRetryMilliseconds, late.DelayMilliseconds, "the pause stops growing at a minute");
            Assert.Contains("the device measures meanwhile", late.Advice);
        }

        [TestMethod]
        public static void TheWifiPauseStopsGrowingAtAMinute()
        {
            var clock = new ManualClock();
            var policy = new StartupPolicy(clock, false);
            int pause = 0;
            for (int attempt = 0; attempt < 8; attempt++)
            {
                pause = policy.Decide(StartupFailure.WifiNotConnected).DelayMilliseconds;
            }

            Assert.AreEqual(StartupPolicy.MaximumWifiRetryMilliseconds, pause);
            Assert.AreEqual(8, policy.FailureCount(StartupStep.Wifi));
        }

        [TestMethod]
        public static void ASuccessStartsTheWifiTimerAgain()
        {
            var clock = new ManualClock();
            var policy = new StartupPolicy(clock, false);
            policy.Decide(StartupFailure.WifiNotConnected);
            clock.Advance(290000);
            policy.Succeeded(StartupStep.Wifi);
            clock.Advance(20000);

            StartupDecision decision = policy.Decide(StartupFailure.WifiNotConnected);

            Assert.AreEqual((int)StartupAction.Retry, (int)decision.Action, "a new outage starts from the first pause again");
            Assert.AreEqual(StartupPolicy.FirstWifiRetryMilliseconds, decision.DelayMilliseconds);
            Assert.AreEqual(1, policy.FailureCount(StartupStep.Wifi));
        }

        [TestMethod]
        public static void StepsAreTimedApart()
        {
            var clock = new ManualClock();
            var policy = new StartupPolicy(clock, true);

            // Five minutes of retrying the clock (TLS needs it)...
            while (clock.Milliseconds < 300000)
            {
                clock.Advance(policy.Decide(StartupFailure.TimeNotSynchronized).DelayMilliseconds);
            }

            // ...are not five minutes without a network: Wi-Fi's first failure starts its own count and timer.
            StartupDecision first = policy.Decide(StartupFailure.WifiNotConnected);
            Assert.AreEqual(StartupPolicy.FirstWifiRetryMilliseconds, first.DelayMilliseconds, "the first Wi-Fi pause");
            Assert.DoesNotContains("No network for", first.Advice);

            // Nor does another step's first failure in between start Wi-Fi's timer again.
            clock.Advance(10000);
            policy.Decide(StartupFailure.SensorNotAnswering);
            clock.Advance(10000);
            Assert.Contains("No network for 20 s;", policy.Decide(StartupFailure.WifiNotConnected).Advice);
        }

        [TestMethod]
        public static void WithoutTlsAMissingClockIsNoReasonToWait()
        {
            var policy = new StartupPolicy(new ManualClock(), false);

            StartupDecision decision = policy.Decide(StartupFailure.TimeNotSynchronized);

            Assert.AreEqual((int)StartupAction.ContinueDegraded, (int)decision.Action);
            Assert.AreEqual(0, decision.DelayMilliseconds);
            Assert.Contains("milliseconds since boot", decision.Advice);
            Assert.StartsWith("continuing without it. ", decision.ToString());
        }

        [TestMethod]
        public static void WithTlsTheClockIsRetriedForAsLongAsItTakes()
        {
            var clock = new ManualClock();
            var policy = new StartupPolicy(clock, true);
            for (int retry = 0; retry < 40; retry++)
            {
                StartupDecision decision = policy.Decide(StartupFailure.TimeNotSynchronized);
                Assert.AreEqual((int)StartupAction.Retry, (int)decision.Action, "retry " + retry.ToString() + ": TLS needs the date, and only retrying gets it");
                Assert.AreEqual(StartupPolicy.TimeRetryMilliseconds, decision.DelayMilliseconds);
                Assert.Contains("certificate", decision.Advice);
                clock.Advance(decision.DelayMilliseconds);
            }
        }

        [DataRow(5, "wiring")]
        [DataRow(6, "server.url")]
        [DataRow(7, "Token")]
        public static void SensorAndServerFailuresNeverHoldUpStartUp(int failureCode, string expectedAdvice)
        {
            var clock = new ManualClock();
            var policy = new StartupPolicy(clock, true);
            for (int i = 0; i < 100; i++)
            {
                StartupDecision decision = policy.Decide((StartupFailure)failureCode);
                Assert.AreEqual((int)StartupAction.ContinueDegraded, (int)decision.Action, "failure " + i.ToString());
                Assert.Contains(expectedAdvice, decision.Advice);
                clock.Advance(60000);
            }
        }

        [DataRow(0, 0)]
        [DataRow(1, 0)]
        [DataRow(2, 1)]
        [DataRow(3, 1)]
        [DataRow(4, 2)]
        [DataRow(5, 3)]
        [DataRow(6, 4)]
        [DataRow(7, 4)]
        public static void EachFailureBelongsToItsStep(int failureCode, int stepCode)
        {
            Assert.AreEqual(stepCode, (int)StartupPolicy.StepOf((StartupFailure)failureCode));
        }

        [TestMethod]
        public static void TheConstructorRefusesWhatItCannotUse()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => new StartupPolicy(null!, false));
        }
    }
}
