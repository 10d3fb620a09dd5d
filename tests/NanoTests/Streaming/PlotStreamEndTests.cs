using System.Threading;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>
    /// A stream ended while its loop is connecting (a device shutting down while a connect or its head's send waits on the
    /// network): connecting runs outside the stream's lock, so End does not wait for it, and the stream must stay ended
    /// when the connect returns, neither streaming again nor waiting to reconnect.
    /// </summary>
    [TestClass]
    public class PlotStreamEndTests
    {
        private const int DeadlockGuardMilliseconds = TestThread.DeadlockGuardMilliseconds;

        [TestMethod]
        public static void AStreamEndedWhileItsConnectWaitsStaysEnded()
        {
            var clock = new ManualClock(0);
            var transport = new GatedTransport(new RecordingTransport(clock));
            PlotStream stream = PlotStreamFramingTests.CreateStream(clock, transport, 100, 0);

            EndWhileTheHeadIsHeld(stream, transport);

            Assert.AreEqual(StreamState.Ended, stream.State);
            Assert.AreEqual(-1, stream.MillisecondsUntilNextWork(), "an ended stream has no more work");
            Assert.AreEqual(0, stream.PointsSent);
        }

        // Service runs on a thread until its request head's send is held, End runs meanwhile (closing the connection, so
        // the held send fails as a socket's does), then the send is let go.
        private static void EndWhileTheHeadIsHeld(PlotStream stream, GatedTransport transport)
        {
            var connecting = new TestThread("the stream's pass", stream.Service);
            try
            {
                transport.HoldSends();
                connecting.Start();
                Assert.IsTrue(transport.SendHeld.WaitOne(DeadlockGuardMilliseconds, false), "the pass should be held in the head's send");
                stream.End();
            }
            finally
            {
                transport.ReleaseSends();
            }

            connecting.JoinAndCheck(DeadlockGuardMilliseconds);
        }
    }
}
