using System;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Supervision;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Supervision
{
    [TestClass]
    public class LoopMonitorTests
    {
        [TestMethod]
        public static void ALoopThatKeepsReportingIsAlive()
        {
            var clock = new ManualClock(0);
            var monitor = new LoopMonitor(clock, 2);
            int sampling = monitor.Register("sampling", 5000);
            for (int second = 0; second < 60; second++)
            {
                clock.Advance(1000);
                monitor.ReportProgress(sampling);
                Assert.AreEqual(-1, monitor.FindStalledLoop(), "second " + second.ToString());
            }
        }

        [TestMethod]
        public static void ALoopSilentLongerThanItsLimitIsStalled()
        {
            var clock = new ManualClock(0);
            var monitor = new LoopMonitor(clock, 2);
            int sampling = monitor.Register("sampling", 5000);
            int streaming = monitor.Register("streaming", 20000);

            clock.Advance(1000);
            monitor.ReportProgress(sampling);
            monitor.ReportProgress(streaming);
            Assert.AreEqual(-1, monitor.FindStalledLoop());

            // Streaming keeps going; sampling stops.
            for (int second = 2; second <= 6; second++)
            {
                clock.Advance(1000);
                monitor.ReportProgress(streaming);
                Assert.AreEqual(-1, monitor.FindStalledLoop(), "5 s without progress is not yet more than the 5 s limit");
            }

            clock.Advance(1);
            monitor.ReportProgress(streaming);
            Assert.AreEqual(sampling, monitor.FindStalledLoop());
            Assert.AreEqual("sampling", monitor.GetName(sampling));
            Assert.AreEqual(5001L, monitor.GetMillisecondsWithoutProgress(sampling));
        }

        [TestMethod]
        public static void ALoopThatNeverStartsIsStalledToo()
        {
            var clock = new ManualClock(100);
            var monitor = new LoopMonitor(clock, 1);
            monitor.Register("streaming", 3000);
            clock.Advance(3001);
            Assert.AreEqual(0, monitor.FindStalledLoop());
        }

        [TestMethod]
        public static void RefusesMoreLoopsThanItsCapacity()
        {
            var monitor = new LoopMonitor(new ManualClock(0), 1);
            monitor.Register("a", 10);
            Assert.ThrowsException(typeof(InvalidOperationException), () => monitor.Register("b", 10));
            Assert.ThrowsException(typeof(ArgumentException), () => new LoopMonitor(new ManualClock(0), 1).Register("", 10));
        }
    }
}
