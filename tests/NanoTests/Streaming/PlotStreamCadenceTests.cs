using HeartRateStreamer.Simulation;
using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>At most one JSON object per 50 ms per stream, whatever the input rate; extra points coalesce, never queue.</summary>
    [TestClass]
    public class PlotStreamCadenceTests
    {
        [TestMethod]
        public static void HundredSamplesPerSecondBecomeAtMostTwentyObjectsPerSecond()
        {
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            PlotStream stream = PlotStreamFramingTests.CreateStream(clock, transport, 500, 0);

            // 10 s of raw samples at 100 per second, the stream serviced after each one.
            for (int i = 0; i < 1000; i++)
            {
                stream.Append(clock.Milliseconds, i);
                stream.Service();
                clock.Advance(10);
            }

            RecordedConnection connection = transport.Current;
            int objects = 0;
            long previous = -1000;
            for (int send = 1; send < connection.SendCount; send++)
            {
                long time = connection.GetSendTime(send);
                Assert.IsTrue(time - previous >= 50, "objects at " + previous.ToString() + " and " + time.ToString() + " ms are closer than 50 ms");
                previous = time;
                objects++;
            }

            Assert.AreEqual(200, objects, "one object every 50 ms over 10 s");
            Assert.AreEqual(1000, stream.PointsAppended);
            Assert.AreEqual(1, stream.WindowsSent, "the first point went as the window");
            Assert.AreEqual(199, stream.PointsSent);
            Assert.AreEqual(796, stream.PointsCoalesced, "4 of every 5 points were dropped from the live stream; the queue never grew past its 4 places");
            Assert.AreEqual(stream.PointsAppended, stream.WindowsSent + stream.PointsSent + stream.PointsCoalesced + PlotStream.PendingPointCapacity,
                "every point is sent, coalesced, or one of the 4 still waiting");
        }

        [TestMethod]
        public static void ADecimatedWaveformLosesNoPointToCoalescing()
        {
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            PlotStream stream = PlotStreamFramingTests.CreateStream(clock, transport, 500, 1);
            var decimator = new AntiAliasDecimator(100, 20);

            for (int i = 0; i < 1000; i++)
            {
                if (decimator.Add(clock.Milliseconds, 100 + (i % 50)))
                {
                    stream.Append(decimator.OutputTimeMilliseconds, decimator.OutputValue);
                }

                stream.Service();
                clock.Advance(10);
            }

            Assert.AreEqual(0, stream.PointsCoalesced, "20 points/s fit the 50 ms cadence exactly");
            Assert.AreEqual(1, stream.WindowsSent, "the stream connected before the first point, which went as the window");
            Assert.AreEqual(stream.PointsAppended, stream.WindowsSent + stream.PointsSent, "every point went out");
            Assert.IsTrue(stream.PointsAppended >= 195, "about 20 points per second for 10 s, got " + stream.PointsAppended.ToString());
        }

        [DataRow(40, 1, 0)]
        [DataRow(40, 10, 0)]
        [DataRow(100, 1, 0)]
        [DataRow(100, 10, 0)]
        [DataRow(40, 10, 100)]
        public static void ALoopThatWakesLateStillSendsAWaveOfTwentyPointsASecondWhole(int passMilliseconds, int latenessMilliseconds, int stallMilliseconds)
        {
            // Points 50 ms apart come from processing passes every 40 ms (at most one a pass, unevenly spaced) or from
            // FIFO reads every 100 ms (in pairs), and the board's loop wakes after the time it asked for, by up to a 10 ms
            // tick, and now and then not at all for a while (a garbage collection). Each late send must be made up, or
            // the sends drift behind the wave, the queue fills and points are dropped from the live view. Sent before on
            // a 50 ms spacing from each actual send: 20 and 197 of 1200 dropped (40 ms passes), 21 and 197 (100 ms), 200 with the stalls.
            int coalesced = PointsCoalescedInAMinute(passMilliseconds, latenessMilliseconds, stallMilliseconds);
            Assert.AreEqual(0, coalesced, coalesced.ToString() + " of 1200 points dropped with passes every " + passMilliseconds.ToString()
                + " ms and wake-ups " + latenessMilliseconds.ToString() + " ms late");
        }

        [TestMethod]
        public static void AStallsBacklogGoesOutAsAtMostFiveObjectsCloserThanFiftyMilliseconds()
        {
            // A 20 points/s wave; the loop serves each point as it comes, then is held up from just after 1000 ms until
            // 1200 ms while the points go on, so the queue is full (1050 to 1200) when it runs again; from then on it
            // wakes when it asked to or when a point comes. The grid makes the backlog up 25 ms apart, but no more than
            // the queue's worth: at most PendingPointCapacity + 1 objects in a row closer than 50 ms. Before, the grid
            // lagged by up to four slots and the backlog went as seven objects 25 ms apart (1200 to 1350).
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            PlotStream stream = PlotStreamFramingTests.CreateStream(clock, transport, 500, 0);
            stream.Service();
            int firstObject = transport.Current.SendCount;
            long wake = 0;
            for (long now = 0; now <= 3000; now++)
            {
                clock.Advance(now - clock.Milliseconds);
                bool pointCame = now % 50 == 0;
                if (pointCame)
                {
                    stream.Append(now, now);
                }

                if (now > 1000 && now < 1200)
                {
                    continue;
                }

                if (pointCame || now >= wake)
                {
                    stream.Service();
                    wake = now + stream.MillisecondsUntilNextWork();
                }
            }

            RecordedConnection connection = transport.Current;
            int run = 1;
            int longestRun = 1;
            long longestRunEnd = 0;
            for (int send = firstObject + 1; send < connection.SendCount; send++)
            {
                long gap = connection.GetSendTime(send) - connection.GetSendTime(send - 1);
                Assert.IsTrue(gap >= 25, "objects at " + connection.GetSendTime(send - 1).ToString() + " and " + connection.GetSendTime(send).ToString() + " ms");
                run = gap < 50 ? run + 1 : 1;
                if (run > longestRun)
                {
                    longestRun = run;
                    longestRunEnd = connection.GetSendTime(send);
                }
            }

            Assert.IsTrue(longestRun <= PlotStream.PendingPointCapacity + 1,
                longestRun.ToString() + " objects in a row closer than 50 ms, the last at " + longestRunEnd.ToString() + " ms");
            Assert.AreEqual(0, stream.PointsCoalesced, "the backlog drains; no point is dropped");
        }

        // A device's clock is not 0 when its streams are made: the first connect is due at once whatever it reads.
        [TestMethod]
        public static void ConnectingIsDueAtOnceBeforeTheFirstPassWhateverTheClockReads()
        {
            var clock = new ManualClock(123456);
            PlotStream stream = PlotStreamFramingTests.CreateStream(clock, new RecordingTransport(clock), 500, 0);

            Assert.AreEqual(0, stream.MillisecondsUntilNextWork());
        }

        // The wait the loop is given for the next heartbeat is the interval the stream was made with, which is also
        // the one that decides whether a heartbeat is due: a setting changed later must not make the loop wake early
        // to find nothing due, again and again until the real time comes.
        [TestMethod]
        public static void WhenTheLoopWakesAfterTheWaitItWasGivenTheHeartbeatIsDue()
        {
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            var settings = new StreamSettings(new ServerAddress("stream.example.org", 8080, false));
            var stream = new PlotStream("pulse", "tok123", 500, 0, settings, transport, clock, new HighestRandom());
            stream.Service();
            settings.HeartbeatIntervalMilliseconds = 5000;

            clock.Advance(stream.MillisecondsUntilNextWork());
            stream.Service();

            Assert.AreEqual(1, stream.HeartbeatsSent);
        }

        [TestMethod]
        public static void TheNextWorkIsTheNextObjectTheNextHeartbeatOrTheNextConnect()
        {
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            PlotStream stream = PlotStreamFramingTests.CreateStream(clock, transport, 500, 0);
            stream.Append(0, 1);
            Assert.AreEqual(0, stream.MillisecondsUntilNextWork(), "not connected yet: connecting is due now");

            stream.Service();
            int heartbeat = new StreamSettings(new ServerAddress("h", 80, false)).HeartbeatIntervalMilliseconds;
            Assert.AreEqual(heartbeat, stream.MillisecondsUntilNextWork(), "the point went out as the window; only the heartbeat is due");

            clock.Advance(20);
            stream.Append(clock.Milliseconds, 2);
            Assert.AreEqual(30, stream.MillisecondsUntilNextWork(), "50 ms after the window");
            clock.Advance(30);
            Assert.AreEqual(0, stream.MillisecondsUntilNextWork());

            stream.End();
            Assert.AreEqual(-1, stream.MillisecondsUntilNextWork(), "an ended stream has nothing more to do");
        }

        [TestMethod]
        public static void BurstsFromAFifoSensorAreSpreadOutNotLost()
        {
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            PlotStream stream = PlotStreamFramingTests.CreateStream(clock, transport, 500, 0);
            stream.Service();

            // A sensor read every 100 ms hands over two decimated points at once: 20 points/s on average, in pairs.
            for (int read = 0; read < 100; read++)
            {
                stream.Append(clock.Milliseconds - 50, read * 2);
                stream.Append(clock.Milliseconds, read * 2 + 1);
                for (int step = 0; step < 10; step++)
                {
                    stream.Service();
                    clock.Advance(10);
                }
            }

            Assert.AreEqual(0, stream.PointsCoalesced, "the queue absorbs the pairs");
            Assert.AreEqual(1, stream.WindowsSent, "the first pair went as the window");
            Assert.AreEqual(198, stream.PointsSent);
            RecordedConnection connection = transport.Current;
            for (int send = 2; send < connection.SendCount; send++)
            {
                Assert.IsTrue(connection.GetSendTime(send) - connection.GetSendTime(send - 1) >= 50, "send " + send.ToString() + " came too soon");
            }
        }

        [TestMethod]
        public static void HeartRateIsSentOnlyWhenItChangesAtTheStreamsPrecision()
        {
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            PlotStream stream = PlotStreamFramingTests.CreateStream(clock, transport, 100, 0);

            double[] rates = { 72.2, 72.4, 71.6, 73.0, 73.4, double.NaN, double.NaN, 74.0 };
            bool[] expectedAdded = { true, false, false, true, false, true, false, true };
            for (int i = 0; i < rates.Length; i++)
            {
                Assert.AreEqual(expectedAdded[i], stream.AppendIfChanged(clock.Milliseconds, rates[i]), "rate " + i.ToString());
                stream.Service();
                clock.Advance(100);
            }

            var parser = new StrictChunkedParser(transport.Current.Bytes, transport.Current.Count, false);
            Assert.AreEqual(4, parser.Chunks.Count);
            Assert.AreEqual("{\"x\":[0],\"y\":[72]}\n", parser.ChunkText(0));
            Assert.AreEqual("{\"x\":300,\"y\":73}\n", parser.ChunkText(1));
            Assert.AreEqual("{\"x\":500,\"y\":null}\n", parser.ChunkText(2), "a lost estimate shows as a gap");
            Assert.AreEqual("{\"x\":700,\"y\":74}\n", parser.ChunkText(3));
        }

        [TestMethod]
        public static void ChangesFasterThanFiftyMillisecondsAreCoalescedToTheNewest()
        {
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            PlotStream stream = PlotStreamFramingTests.CreateStream(clock, transport, 100, 0);
            stream.AppendIfChanged(0, 60);
            stream.Service();
            clock.Advance(10);
            stream.AppendIfChanged(10, 61);
            stream.Service();
            clock.Advance(10);
            stream.AppendIfChanged(20, 62);
            stream.Service();
            clock.Advance(30);
            stream.Service();

            var parser = new StrictChunkedParser(transport.Current.Bytes, transport.Current.Count, false);
            Assert.AreEqual(2, parser.Chunks.Count);
            Assert.AreEqual("{\"x\":20,\"y\":62}\n", parser.ChunkText(1), "61 was replaced by 62 while it waited");
            Assert.AreEqual(1, stream.PointsCoalesced);
        }

        [TestMethod]
        public static void HeartbeatsKeepASilentStreamAlive()
        {
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            PlotStream stream = PlotStreamFramingTests.CreateStream(clock, transport, 100, 0);
            stream.Service();

            // No finger: no points for two and a half minutes; the watchdog asks once a second.
            for (int second = 1; second <= 150; second++)
            {
                clock.Advance(1000);
                stream.SendHeartbeatIfDue();
            }

            Assert.AreEqual(5, stream.HeartbeatsSent, "one per 30 s of silence");
            RecordedConnection connection = transport.Current;
            for (int send = 1; send < connection.SendCount; send++)
            {
                Assert.AreEqual("1\r\n\n\r\n", connection.GetSendText(send));
                Assert.AreEqual(send * 30000L, connection.GetSendTime(send));
            }
        }

        // A wave of one point per 50 ms for 60 s, appended by a pass every passMilliseconds, through a loop that sleeps as
        // the stream's does (until the next work, at most a second, or until a point wakes it), wakes latenessMilliseconds
        // late, and is held up for stallMilliseconds every 10 s while the points go on. Checks that the objects never come
        // in a burst: never two within 25 ms, never more than three ahead of a throttle of one per 50 ms. Returns the
        // points dropped.
        private static int PointsCoalescedInAMinute(int passMilliseconds, int latenessMilliseconds, int stallMilliseconds)
        {
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            PlotStream stream = PlotStreamFramingTests.CreateStream(clock, transport, 500, 0);
            stream.Service();
            int sendsSeen = transport.Current.SendCount;
            long lastSend = long.MinValue / 2;
            long throttleArrival = 0;
            long nextPoint = 0;
            long nextPass = 0;
            long wake = long.MaxValue;
            while (clock.Milliseconds < 61000)
            {
                if (nextPass <= wake)
                {
                    // The processing thread's pass: it appends, and a point wakes the stream's loop (late, as every wake-up).
                    clock.Advance(nextPass - clock.Milliseconds);
                    bool appended = false;
                    for (; nextPoint <= nextPass && nextPoint < 60000; nextPoint += 50)
                    {
                        stream.Append(nextPoint, nextPoint);
                        appended = true;
                    }

                    if (appended && nextPass + latenessMilliseconds < wake)
                    {
                        wake = AfterStall(nextPass + latenessMilliseconds, stallMilliseconds);
                    }

                    nextPass += passMilliseconds;
                    continue;
                }

                clock.Advance(wake - clock.Milliseconds);
                stream.Service();
                RecordedConnection connection = transport.Current;
                for (; sendsSeen < connection.SendCount; sendsSeen++)
                {
                    long time = connection.GetSendTime(sendsSeen);
                    Assert.IsTrue(time - lastSend >= 25, "objects at " + lastSend.ToString() + " and " + time.ToString() + " ms are closer than 25 ms");
                    Assert.IsTrue(throttleArrival - time <= 3 * 50, "the object at " + time.ToString() + " ms is more than three ahead of one per 50 ms");
                    throttleArrival = (throttleArrival > time ? throttleArrival : time) + 50;
                    lastSend = time;
                }

                int wait = stream.MillisecondsUntilNextWork();
                wake = AfterStall(clock.Milliseconds + (wait < 1000 ? wait : 1000) + latenessMilliseconds, stallMilliseconds);
            }

            Assert.AreEqual(1200, stream.PointsAppended);
            return stream.PointsCoalesced;
        }

        // A wake-up that falls in a stall (the first stallMilliseconds of every 10 s after the first) comes at its end.
        private static long AfterStall(long wake, int stallMilliseconds)
        {
            long stallStart = wake / 10000 * 10000;
            return stallStart > 0 && wake < stallStart + stallMilliseconds ? stallStart + stallMilliseconds : wake;
        }
    }
}
