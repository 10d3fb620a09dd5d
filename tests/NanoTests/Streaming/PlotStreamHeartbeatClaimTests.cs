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
        // Only a guard against a test that would otherwise hang: a call that does not wait returns at once.
        private const int DeadlockGuardMilliseconds = 10000;

        [TestMethod]
        public static void APassThatStartsWhileTheWatchdogWritesAHeartbeatGoesAwayAtOnce()
        {
            var clock = new ManualClock(0);
            var transport = new GatedTransport(new RecordingTransport(clock));
            PlotStream stream = ConnectedStreamWithAHeartbeatAndAPointDue(clock, transport);
            bool heartbeatSent = false;
            var watchdog = new Thread(() => heartbeatSent = stream.SendHeartbeatIfDue());
            var loop = new Thread(stream.Service);
            try
            {
                transport.HoldSends();
                watchdog.Start();
                Assert.IsTrue(transport.SendHeld.WaitOne(DeadlockGuardMilliseconds, false), "the watchdog's heartbeat should be at the gate");

                loop.Start();
                Assert.IsTrue(loop.Join(DeadlockGuardMilliseconds), "the loop's pass waited behind the watchdog's heartbeat");
                Assert.AreEqual(0, stream.PointsSent, "the pass left the connection to the watchdog");
            }
            finally
            {
                transport.ReleaseSends();
                watchdog.Join();
                loop.Join();
            }

            Assert.IsTrue(heartbeatSent);
            stream.Service();
            Assert.AreEqual(1, stream.PointsSent, "the next pass sends the point");
        }

        [TestMethod]
        public static void TheWatchdogGoesAwayAtOnceWhileAPassIsStuckInASend()
        {
            var clock = new ManualClock(0);
            var transport = new GatedTransport(new RecordingTransport(clock));
            PlotStream stream = ConnectedStreamWithAHeartbeatAndAPointDue(clock, transport);
            bool heartbeatSent = true;
            var loop = new Thread(stream.Service);
            var watchdog = new Thread(() => heartbeatSent = stream.SendHeartbeatIfDue());
            try
            {
                transport.HoldSends();
                loop.Start();
                Assert.IsTrue(transport.SendHeld.WaitOne(DeadlockGuardMilliseconds, false), "the loop's send should be at the gate");

                watchdog.Start();
                Assert.IsTrue(watchdog.Join(DeadlockGuardMilliseconds), "the watchdog waited behind the loop's send");
                Assert.IsFalse(heartbeatSent, "the loop has the connection; it writes its heartbeat itself");
            }
            finally
            {
                transport.ReleaseSends();
                loop.Join();
                watchdog.Join();
            }

            Assert.AreEqual(1, stream.PointsSent);
        }

        // A stream connected at 0 ms that has written nothing since, 40 s later (a heartbeat is due), with a point waiting.
        private static PlotStream ConnectedStreamWithAHeartbeatAndAPointDue(ManualClock clock, GatedTransport transport)
        {
            PlotStream stream = PlotStreamFramingTests.CreateStream(clock, transport, 100, 0);
            stream.Service();
            Assert.AreEqual(StreamState.Streaming, stream.State);
            clock.Advance(40000);
            stream.Append(clock.Milliseconds, 72);
            return stream;
        }
    }
}
