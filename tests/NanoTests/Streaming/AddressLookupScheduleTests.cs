using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>
    /// When the board looks the server's name up: a lookup holds every thread of the ESP32 for up to 30 s, so it is made
    /// once and again only when the address stops working, and a failing DNS is asked at most every five minutes while
    /// there is no address, every half hour while the streams have one to try.
    /// </summary>
    [TestClass]
    public class AddressLookupScheduleTests
    {
        [TestMethod]
        public static void TheFirstConnectLooksUpAndLaterOnesUseTheAddressFound()
        {
            var schedule = new AddressLookupSchedule();
            Assert.IsTrue(schedule.IsLookupDue(0), "no address yet: look it up");

            schedule.LookupSucceeded(0);
            schedule.ConnectionEnded(3000000); // a stream that lasted most of the hour
            Assert.IsFalse(schedule.IsLookupDue(3600000), "an hour later, reconnects still use the address found");
            Assert.IsTrue(schedule.HasAddress);
        }

        [TestMethod]
        public static void AnAddressThatStopsWorkingIsLookedUpAgainOnlyAfterFiveMinutes()
        {
            // A server that is down fails every connect; looking its name up on each reconnect would freeze the board each time.
            var schedule = new AddressLookupSchedule();
            schedule.LookupSucceeded(1000);
            schedule.ConnectFailed();
            Assert.IsFalse(schedule.IsLookupDue(1000 + AddressLookupSchedule.RelookupAfterConnectFailureMilliseconds - 1));
            Assert.IsTrue(schedule.IsLookupDue(1000 + AddressLookupSchedule.RelookupAfterConnectFailureMilliseconds), "the server may have moved");

            schedule.LookupSucceeded(400000);
            Assert.IsFalse(schedule.IsLookupDue(400000 + AddressLookupSchedule.RelookupAfterConnectFailureMilliseconds), "a fresh address is used until a connect to it fails");
        }

        [TestMethod]
        public static void AConnectionThatLastedCancelsTheRelookup()
        {
            var schedule = new AddressLookupSchedule();
            schedule.LookupSucceeded(0);
            schedule.ConnectFailed();
            schedule.ConnectionEnded(AddressLookupSchedule.ProvenConnectionMilliseconds);
            Assert.IsFalse(schedule.IsLookupDue(3600000));
        }

        [TestMethod]
        public static void AConnectionThatEndedAtOnceHasTheNameLookedUpAgain()
        {
            // The server moved, and another host on its old address accepts connections and refuses the streams.
            var schedule = new AddressLookupSchedule();
            schedule.LookupSucceeded(0);
            schedule.ConnectionEnded(AddressLookupSchedule.ProvenConnectionMilliseconds - 1);
            Assert.IsFalse(schedule.IsLookupDue(AddressLookupSchedule.RelookupAfterConnectFailureMilliseconds - 1));
            Assert.IsTrue(schedule.IsLookupDue(AddressLookupSchedule.RelookupAfterConnectFailureMilliseconds), "the server may have moved");
        }

        [TestMethod]
        public static void WithNoAddressYetFailedLookupsBackOffFromThirtySecondsToFiveMinutes()
        {
            // Nothing can stream without an address: a freeze in five minutes is worth it.
            var schedule = new AddressLookupSchedule();
            long now = AssertBackOff(schedule, 0, new int[] { 30000, 60000, 120000, 240000, 300000, 300000 });

            Assert.IsFalse(schedule.HasAddress, "nothing found yet");
            schedule.LookupSucceeded(now);
            schedule.ConnectFailed();
            schedule.LookupFailed(now + AddressLookupSchedule.RelookupAfterConnectFailureMilliseconds);
            Assert.AreEqual((long)AddressLookupSchedule.FirstRetryMilliseconds, schedule.MillisecondsUntilLookup(now + AddressLookupSchedule.RelookupAfterConnectFailureMilliseconds), "a success starts the back-off again");
        }

        [TestMethod]
        public static void WithAnAddressKnownFailedLookupsBackOffFromThirtySecondsToHalfAnHour()
        {
            // A DNS outage while the streams have an address to try: one 30 s freeze of every thread in half an hour, not in five minutes.
            var schedule = new AddressLookupSchedule();
            schedule.LookupSucceeded(0);
            schedule.ConnectFailed();
            AssertBackOff(schedule, AddressLookupSchedule.RelookupAfterConnectFailureMilliseconds,
                new int[] { 30000, 60000, 120000, 240000, 480000, 960000, 1800000, 1800000 });
            Assert.IsTrue(schedule.HasAddress, "the address found stays in use meanwhile");
        }

        [TestMethod]
        public static void AFailedLookupKeepsTheAddressThereWas()
        {
            var schedule = new AddressLookupSchedule();
            schedule.LookupSucceeded(0);
            schedule.ConnectFailed();
            schedule.LookupFailed(AddressLookupSchedule.RelookupAfterConnectFailureMilliseconds);
            Assert.IsTrue(schedule.HasAddress, "DNS down: connect to the address known, it may well still be right");
        }

        [TestMethod]
        public static void NothingIsDueBeforeItsTimeAndTheWaitSaysHowLong()
        {
            var schedule = new AddressLookupSchedule();
            Assert.AreEqual(0L, schedule.MillisecondsUntilLookup(5000), "due at once before any lookup");
            schedule.LookupFailed(5000);
            Assert.AreEqual(20000L, schedule.MillisecondsUntilLookup(15000));
        }

        // Fails a lookup each time one is due from start on, checking each wait is expected's; returns when the last ended.
        private static long AssertBackOff(AddressLookupSchedule schedule, long start, int[] expected)
        {
            long now = start;
            for (int i = 0; i < expected.Length; i++)
            {
                schedule.LookupFailed(now);
                Assert.AreEqual((long)expected[i], schedule.MillisecondsUntilLookup(now), "wait after failure " + (i + 1));
                Assert.IsFalse(schedule.IsLookupDue(now + expected[i] - 1));
                Assert.IsTrue(schedule.IsLookupDue(now + expected[i]));
                now += expected[i];
            }

            return now;
        }
    }
}
