using HeartRateStreamer.Simulation;
using HeartRateStreamer.Streaming;
using HeartRateStreamer.Supervision;
using HeartRateStreamer.Tests.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Supervision
{
    [TestClass]
    public class WatchdogTests
    {
        [TestMethod]
        public static void RebootsOnceWhenALoopStallsAndSaysWhich()
        {
            var clock = new ManualClock(0);
            var monitor = new LoopMonitor(clock, 1);
            int streaming = monitor.Register("streaming", 10000);
            var reboot = new RecordingRebootAction();
            var watchdog = new Watchdog(monitor, new IHeartbeatSender[0], reboot);

            for (int second = 0; second < 30; second++)
            {
                clock.Advance(1000);
                if (second < 5)
                {
                    monitor.ReportProgress(streaming);
                }

                watchdog.Tick();
            }

            // Last progress at 5 s; the first tick more than 10 s later is at 16 s.
            Assert.AreEqual(1, reboot.Reasons.Count, "one reboot request, not one per tick");
            Assert.AreEqual("the streaming loop made no progress for 11000 ms", (string)reboot.Reasons[0]!);
            Assert.IsTrue(watchdog.RebootRequested);
        }

        [TestMethod]
        public static void RebootsOnceAheadOfAClockThatWraps()
        {
            // The ESP32's clock wraps after 497 days; the device plans its reboot a day before. A manual clock stands at
            // the day in question: nothing before it, one reboot at it, and a healthy loop does not prevent it.
            long plannedAt = Watchdog.PlannedRebootBefore(4294967296L * 10);
            Assert.AreEqual(4294967296L * 10 - 86400000L, plannedAt, "a day before the wrap");
            Assert.AreEqual(long.MaxValue, Watchdog.PlannedRebootBefore(long.MaxValue), "a clock that never wraps plans no reboot");
            var clock = new ManualClock(plannedAt - 3000);
            var monitor = new LoopMonitor(clock, 1);
            int streaming = monitor.Register("streaming", 10000);
            var reboot = new RecordingRebootAction();
            var watchdog = new Watchdog(monitor, new IHeartbeatSender[0], reboot, clock, plannedAt);

            for (int second = 0; second < 6; second++)
            {
                monitor.ReportProgress(streaming);
                watchdog.Tick();
                Assert.AreEqual(clock.Milliseconds >= plannedAt ? 1 : 0, reboot.Reasons.Count, "at " + clock.Milliseconds.ToString() + " ms");
                clock.Advance(1000);
            }

            Assert.AreEqual("planned after 496 days running: the board's clock wraps soon, which would stop every thread for good", (string)reboot.Reasons[0]!);
        }

        [TestMethod]
        public static void KeepsStreamsAliveWithHeartbeatsWhileNoPointsCome()
        {
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            PlotStream stream = StreamWithHeartbeatsEvery20Seconds(clock, transport);
            stream.Service();

            var monitor = new LoopMonitor(clock, 1);
            var watchdog = new Watchdog(monitor, new IHeartbeatSender[] { stream }, new RecordingRebootAction());
            for (int second = 0; second < 100; second++)
            {
                clock.Advance(1000);
                watchdog.Tick();
            }

            Assert.AreEqual(5, watchdog.HeartbeatsSent, "one per 20 s of silence over 100 s");
            Assert.AreEqual(5, stream.HeartbeatsSent);
            var parser = new StrictChunkedParser(transport.Current.Bytes, transport.Current.Count, false);
            Assert.AreEqual(5, parser.Chunks.Count);
            Assert.AreEqual("\n", parser.ChunkText(4));
        }

        [TestMethod]
        public static void SendsNoHeartbeatOnceARebootIsRequested()
        {
            // The streaming loop progresses for 30 s, then hangs: its heartbeats at 20 s and 40 s go out, the reboot
            // request follows at 41 s (more than 10 s without progress), and none of the heartbeats due after it.
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            PlotStream stream = StreamWithHeartbeatsEvery20Seconds(clock, transport);
            stream.Service();

            var monitor = new LoopMonitor(clock, 1);
            int streaming = monitor.Register("streaming", 10000);
            var reboot = new RecordingRebootAction();
            var watchdog = new Watchdog(monitor, new IHeartbeatSender[] { stream }, reboot);
            for (int second = 1; second <= 100; second++)
            {
                clock.Advance(1000);
                if (second <= 30)
                {
                    monitor.ReportProgress(streaming);
                }

                watchdog.Tick();
            }

            Assert.AreEqual(1, reboot.Reasons.Count);
            Assert.IsTrue(watchdog.RebootRequested);
            Assert.AreEqual(2, watchdog.HeartbeatsSent, "the heartbeats at 20 s and 40 s, none after the reboot request at 41 s");
            Assert.AreEqual(2, stream.HeartbeatsSent, "the stream wrote no heartbeat after the reboot request");
        }

        [TestMethod]
        public static void HeartbeatScheduleIsDueOnlyAfterTheWholeInterval()
        {
            var schedule = new HeartbeatSchedule(30000);
            Assert.IsFalse(schedule.IsDue(29999, 0));
            Assert.IsTrue(schedule.IsDue(30000, 0));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new HeartbeatSchedule(60000));
        }

        // A stream that, once connected, sends a heartbeat after 20 s without a point.
        private static PlotStream StreamWithHeartbeatsEvery20Seconds(ManualClock clock, RecordingTransport transport)
        {
            var settings = new StreamSettings(new ServerAddress("h", 80, false));
            settings.HeartbeatIntervalMilliseconds = 20000;
            return new PlotStream("pulse", "t", 10, 0, settings, transport, clock, new HighestRandom());
        }
    }
}
