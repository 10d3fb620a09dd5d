using System.Threading;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>
    /// The stream's loop and the watchdog's heartbeat each claim the connection before they touch it, and whichever finds
    /// it claimed goes away at once: neither waits behind the other's send. With a flag only read, the loop could start a
    /// pass between the watchdog's look and its lock, and the watchdog then waited behind the whole pass, watching no
    /// other loop meanwhile.
    /// </summary>
    [TestClass]
    public class PlotStreamHeartbeatClaimTests
    {
        private const int DeadlockGuardMilliseconds = TestThread.DeadlockGuardMilliseconds;

        [TestMethod]
        public static void APassThatStartsWhileTheWatchdogWritesAHeartbeatGoesAwayAtOnce()
        {
            var clock = new ManualClock(0);
            var transport = new GatedTransport(new RecordingTransport(clock));
            PlotStream stream = ConnectedStreamWithAHeartbeatAndAPointDue(clock, transport);
            bool heartbeatSent = false;

            bool passReturned = SecondReturnsWhileFirstIsHeld(transport, () => heartbeatSent = stream.SendHeartbeatIfDue(), stream.Service);

            Assert.IsTrue(passReturned, "the loop's pass waited behind the watchdog's heartbeat");
            Assert.IsTrue(heartbeatSent);
            Assert.AreEqual(0, stream.PointsSent, "the pass left the connection to the watchdog");
            stream.Service();
            Assert.AreEqual(1, stream.PointsSent, "the next pass sends the point");
        }

        [TestMethod]
        public static void TheLoopsWholePassReturnsAtOnceWithAWaitWhileTheWatchdogWritesAHeartbeat()
        {
            // The loop's pass is Service and then MillisecondsUntilNextWork (StreamLoop). The latter took the I/O lock
            // unclaimed, so the pass waited behind the heartbeat's send after all; and a wait of 0 would spin the loop.
            var clock = new ManualClock(0);
            var transport = new GatedTransport(new RecordingTransport(clock));
            PlotStream stream = ConnectedStreamWithAHeartbeatAndAPointDue(clock, transport);
            int wait = -2;

            bool passReturned = SecondReturnsWhileFirstIsHeld(transport, () => stream.SendHeartbeatIfDue(), () =>
            {
                stream.Service();
                wait = stream.MillisecondsUntilNextWork();
            });

            Assert.IsTrue(passReturned, "the loop's pass waited behind the watchdog's heartbeat");
            Assert.AreEqual(PlotStream.ClaimedElsewhereWaitMilliseconds, wait, "a short wait, neither 0 (a spin) nor the point's slot");
            Assert.IsTrue(wait > 0);
            Assert.AreEqual(0, stream.MillisecondsUntilNextWork(), "with the heartbeat done, the waiting point is due");
        }

        [TestMethod]
        public static void TheWatchdogGoesAwayAtOnceWhileAPassIsStuckInASend()
        {
            var clock = new ManualClock(0);
            var transport = new GatedTransport(new RecordingTransport(clock));
            PlotStream stream = ConnectedStreamWithAHeartbeatAndAPointDue(clock, transport);
            bool heartbeatSent = true;

            bool watchdogReturned = SecondReturnsWhileFirstIsHeld(transport, stream.Service, () => heartbeatSent = stream.SendHeartbeatIfDue());

            Assert.IsTrue(watchdogReturned, "the watchdog waited behind the loop's send");
            Assert.IsFalse(heartbeatSent, "the loop has the connection; it writes its heartbeat itself");
            Assert.AreEqual(1, stream.PointsSent);
        }

        // Runs first on a thread until its send is held at the gate, then second on another; returns whether second
        // returned while first was still held. Both have finished when it returns, and an exception on either fails the
        // test: on the device it would only end its thread, and a second call that threw would "return" at once.
        private static bool SecondReturnsWhileFirstIsHeld(GatedTransport transport, ThreadStart first, ThreadStart second)
        {
            var firstThread = new TestThread("the first call", first);
            var secondThread = new TestThread("the second call", second);
            bool secondStarted = false;
            bool secondReturned;
            try
            {
                transport.HoldSends();
                firstThread.Start();
                bool held = transport.SendHeld.WaitOne(DeadlockGuardMilliseconds, false);
                if (!held && firstThread.Join(0))
                {
                    firstThread.ThrowIfFailed();
                }

                Assert.IsTrue(held, "the first call should be held in its send");
                secondThread.Start();
                secondStarted = true;
                secondReturned = secondThread.Join(DeadlockGuardMilliseconds);
            }
            finally
            {
                transport.ReleaseSends();
                firstThread.Join(DeadlockGuardMilliseconds);
                if (secondStarted)
                {
                    secondThread.Join(DeadlockGuardMilliseconds);
                }
            }

            // Reports a failure on either thread; both were joined above, so a finished one returns at once.
            secondThread.JoinAndCheck(DeadlockGuardMilliseconds);
            firstThread.JoinAndCheck(DeadlockGuardMilliseconds);
            return secondReturned;
        }

        // A stream connected at 0 ms that has written nothing since its window (one point), 40 s later (a heartbeat is
        // due), with a point waiting.
        private static PlotStream ConnectedStreamWithAHeartbeatAndAPointDue(ManualClock clock, GatedTransport transport)
        {
            PlotStream stream = PlotStreamFramingTests.CreateStream(clock, transport, 100, 0);
            stream.Append(0, 70);
            stream.Service();
            Assert.AreEqual(1, stream.WindowsSent);
            Assert.AreEqual(StreamState.Streaming, stream.State);
            clock.Advance(40000);
            stream.Append(clock.Milliseconds, 72);
            return stream;
        }
    }
}
