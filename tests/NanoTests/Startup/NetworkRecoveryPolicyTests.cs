using System;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Startup;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Startup
{
    /// <summary>Wi-Fi lost while running: first the stack's own reconnection gets time, then explicit reconnections, then a reboot.</summary>
    [TestClass]
    public class NetworkRecoveryPolicyTests
    {
        // The status thread checks about this often.
        private const int CheckIntervalMilliseconds = 1000;

        [TestMethod]
        public static void ConnectedAsksForNothing()
        {
            var clock = new ManualClock();
            var policy = new NetworkRecoveryPolicy(clock);
            for (int second = 0; second < 3600; second++)
            {
                Assert.AreEqual((int)NetworkRecoveryAction.None, (int)policy.Check(true));
                clock.Advance(CheckIntervalMilliseconds);
            }

            Assert.AreEqual(0L, policy.OfflineMilliseconds);
        }

        [TestMethod]
        public static void OfflineReconnectsEveryMinuteAndNeverReboots()
        {
            var clock = new ManualClock();
            var policy = new NetworkRecoveryPolicy(clock);
            int reconnects = 0;
            for (int second = 0; second <= 1800; second++)
            {
                if (policy.Check(false) == NetworkRecoveryAction.Reconnect)
                {
                    reconnects++;
                    Assert.AreEqual((long)reconnects * NetworkRecoveryPolicy.DefaultReconnectAfterMilliseconds, clock.Milliseconds, "reconnection " + reconnects.ToString());
                }

                clock.Advance(CheckIntervalMilliseconds);
            }

            Assert.AreEqual(30, reconnects, "once a minute for half an hour, and nothing else");
        }

        [TestMethod]
        public static void ComingBackStartsTheCountAgain()
        {
            var clock = new ManualClock();
            var policy = new NetworkRecoveryPolicy(clock, 1000);
            policy.Check(false);
            clock.Advance(9000);
            Assert.AreEqual((int)NetworkRecoveryAction.Reconnect, (int)policy.Check(false));
            Assert.AreEqual(9000L, policy.OfflineMilliseconds);
            Assert.AreEqual((int)NetworkRecoveryAction.None, (int)policy.Check(true));
            Assert.AreEqual(0L, policy.OfflineMilliseconds);
            clock.Advance(1);

            Assert.AreEqual((int)NetworkRecoveryAction.None, (int)policy.Check(false), "a new outage: the stack gets its time again");
            clock.Advance(9000);
            Assert.AreEqual((int)NetworkRecoveryAction.Reconnect, (int)policy.Check(false), "9 s into the new outage, not 18 s into the old one");
            Assert.AreEqual(9000L, policy.OfflineMilliseconds);
        }

        [TestMethod]
        public static void TheIntervalMustBePositive()
        {
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new NetworkRecoveryPolicy(new ManualClock(), 0));
            Assert.ThrowsException(typeof(ArgumentNullException), () => new NetworkRecoveryPolicy(null!));
        }
    }
}
