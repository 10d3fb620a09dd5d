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
        private const int RebootDelayMilliseconds = 15000;

        // One Wi-Fi attempt with the default timeout takes this long before it fails.
        private const int WifiAttemptMilliseconds = 60000;

        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        public static void WhatOnlyAPersonCanFixIsRetriedForeverAndNeverRebooted(int failureCode)
        {
            var clock = new ManualClock();
            var policy = new StartupPolicy(clock, RebootDelayMilliseconds, false);

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
            var policy = new StartupPolicy(new ManualClock(), RebootDelayMilliseconds, false);

            StartupDecision decision = policy.Decide(StartupFailure.NoWifiCredentials);

            Assert.Contains("set wifi.ssid and wifi.password in device.json", decision.Advice);
            Assert.StartsWith("retrying in 10 s. ", decision.ToString());
        }

        [TestMethod]
        public static void WifiRetriesWithADoublingPauseAndRebootsAfterFiveMinutes()
        {
            var clock = new ManualClock();
            var policy = new StartupPolicy(clock, RebootDelayMilliseconds, false);
            int[] expectedPauses = { 5000, 10000, 20000 };

            // Each attempt spends its connect timeout, then waits the pause: 65 s, 135 s, 215 s, then past 300 s.
            for (int attempt = 0; attempt < expectedPauses.Length; attempt++)
            {
                clock.Advance(WifiAttemptMilliseconds);
                StartupDecision decision = policy.Decide(StartupFailure.WifiNotConnected);
                Assert.AreEqual((int)StartupAction.Retry, (int)decision.Action, "attempt " + attempt.ToString());
                Assert.AreEqual(expectedPauses[attempt], decision.DelayMilliseconds, "pause after attempt " + attempt.ToString());
                Assert.Contains("2.4 GHz", decision.Advice);
                clock.Advance(decision.DelayMilliseconds);
            }

            clock.Advance(WifiAttemptMilliseconds);
            StartupDecision last = policy.Decide(StartupFailure.WifiNotConnected);
            Assert.AreEqual((int)StartupAction.Retry, (int)last.Action, "255 s after the first failure: still retrying");
            clock.Advance(last.DelayMilliseconds + WifiAttemptMilliseconds);

            StartupDecision giveUp = policy.Decide(StartupFailure.WifiNotConnected);
            Assert.AreEqual((int)StartupAction.Reboot, (int)giveUp.Action, "more than 300 s without a network");
            Assert.AreEqual(RebootDelayMilliseconds, giveUp.DelayMilliseconds);
            Assert.StartsWith("rebooting in 15 s. No network for 315 s", giveUp.ToString());
        }

        [TestMethod]
        public static void TheWifiPauseStopsGrowingAtAMinute()
        {
            var clock = new ManualClock();
            var policy = new StartupPolicy(clock, RebootDelayMilliseconds, false);
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
            var policy = new StartupPolicy(clock, RebootDelayMilliseconds, false);
            policy.Decide(StartupFailure.WifiNotConnected);
            clock.Advance(290000);
            policy.Succeeded(StartupStep.Wifi);
            clock.Advance(20000);

            StartupDecision decision = policy.Decide(StartupFailure.WifiNotConnected);

            Assert.AreEqual((int)StartupAction.Retry, (int)decision.Action, "a new outage starts a new five minutes");
            Assert.AreEqual(StartupPolicy.FirstWifiRetryMilliseconds, decision.DelayMilliseconds);
            Assert.AreEqual(1, policy.FailureCount(StartupStep.Wifi));
        }

        [TestMethod]
        public static void StepsAreTimedApart()
        {
            var clock = new ManualClock();
            var policy = new StartupPolicy(clock, RebootDelayMilliseconds, true);
            policy.Decide(StartupFailure.WifiNotConnected);
            clock.Advance(StartupPolicy.WifiGiveUpMilliseconds);

            StartupDecision time = policy.Decide(StartupFailure.TimeNotSynchronized);

            Assert.AreEqual((int)StartupAction.Retry, (int)time.Action, "the clock has only just started failing");
        }

        [TestMethod]
        public static void WithoutTlsAMissingClockIsNoReasonToWait()
        {
            var policy = new StartupPolicy(new ManualClock(), RebootDelayMilliseconds, false);

            StartupDecision decision = policy.Decide(StartupFailure.TimeNotSynchronized);

            Assert.AreEqual((int)StartupAction.ContinueDegraded, (int)decision.Action);
            Assert.AreEqual(0, decision.DelayMilliseconds);
            Assert.Contains("milliseconds since boot", decision.Advice);
            Assert.StartsWith("continuing without it. ", decision.ToString());
        }

        [TestMethod]
        public static void WithTlsTheClockIsRetriedThenTheDeviceReboots()
        {
            var clock = new ManualClock();
            var policy = new StartupPolicy(clock, RebootDelayMilliseconds, true);
            StartupDecision decision = policy.Decide(StartupFailure.TimeNotSynchronized);
            int retries = 0;
            while (decision.Action == StartupAction.Retry)
            {
                Assert.AreEqual(StartupPolicy.TimeRetryMilliseconds, decision.DelayMilliseconds);
                Assert.Contains("certificate", decision.Advice);
                retries++;
                clock.Advance(decision.DelayMilliseconds);
                decision = policy.Decide(StartupFailure.TimeNotSynchronized);
            }

            Assert.AreEqual((int)StartupAction.Reboot, (int)decision.Action);
            Assert.AreEqual(StartupPolicy.TimeGiveUpMilliseconds / StartupPolicy.TimeRetryMilliseconds, retries, "retries fill the five minutes");
            Assert.IsTrue(clock.Milliseconds >= StartupPolicy.TimeGiveUpMilliseconds, "no reboot before five minutes");
        }

        [DataRow(5, "wiring")]
        [DataRow(6, "server.url")]
        [DataRow(7, "Token")]
        public static void SensorAndServerFailuresNeverHoldUpStartUp(int failureCode, string expectedAdvice)
        {
            var clock = new ManualClock();
            var policy = new StartupPolicy(clock, RebootDelayMilliseconds, true);
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
            Assert.ThrowsException(typeof(ArgumentNullException), () => new StartupPolicy(null!, 0, false));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new StartupPolicy(new ManualClock(), -1, false));
        }
    }
}
