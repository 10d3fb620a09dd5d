using HeartRateStreamer.Ports;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>Byte-exact checks of what one stream puts on the wire: head, window, point chunks, heartbeat, end.</summary>
    [TestClass]
    public class PlotStreamFramingTests
    {
        private const string ExpectedHead =
            "POST / HTTP/1.1\r\n"
            + "Host: stream.example.org:8080\r\n"
            + "User-Agent: HeartRateStreamer/1.0\r\n"
            + "Transfer-Encoding: chunked\r\n"
            + "Connection: close\r\n"
            + "plotly-streamtoken: tok123\r\n"
            + "\r\n";

        [TestMethod]
        public static void WritesHeadWindowPointHeartbeatAndEndByteForByte()
        {
            var clock = new ManualClock(1000);
            var transport = new RecordingTransport(clock);
            PlotStream stream = CreateStream(clock, transport, 5, 1);

            stream.Append(1000, 72.46);
            stream.Service();
            clock.Advance(50);
            stream.Append(1050, 73.0);
            stream.Service();
            clock.Advance(30000);
            stream.Service();
            transport.AnswerWhenBodyEnds("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            stream.End();

            string expected = ExpectedHead
                + "18\r\n{\"x\":[1000],\"y\":[72.5]}\n\r\n"
                + "14\r\n{\"x\":1050,\"y\":73.0}\n\r\n"
                + "1\r\n\n\r\n"
                + "0\r\n\r\n";
            Assert.AreEqual(TestText.Visible(expected), TestText.Visible(transport.Current.Text));
            Assert.AreEqual("stream.example.org", transport.LastHost);
            Assert.AreEqual(8080, transport.LastPort);
            Assert.IsFalse(transport.LastUseTls);

            var parser = new StrictChunkedParser(transport.Current.Bytes, transport.Current.Count, true);
            Assert.AreEqual("POST", parser.Method);
            Assert.AreEqual("/", parser.Target);
            Assert.AreEqual("stream.example.org:8080", parser.GetField("Host"));
            Assert.AreEqual("chunked", parser.GetField("Transfer-Encoding"));
            Assert.AreEqual("close", parser.GetField("Connection"));
            Assert.AreEqual("tok123", parser.GetField("plotly-streamtoken"));
            Assert.StartsWith("HeartRateStreamer/", parser.GetField("User-Agent"));
            Assert.AreEqual(3, parser.Chunks.Count);
            Assert.AreEqual("\n", parser.ChunkText(2), "the heartbeat is an empty line");
            Assert.IsTrue(parser.Ended, "the body ends with the last chunk");

            Assert.AreEqual(StreamState.Ended, stream.State);
            Assert.AreEqual(200, stream.LastServerStatus);
            Assert.Contains("200 OK (healthy endpoint disconnect)", stream.LastMessage);
            Assert.AreEqual(1, stream.PointsSent);
            Assert.AreEqual(1, stream.WindowsSent);
            Assert.AreEqual(1, stream.HeartbeatsSent);
        }

        [TestMethod]
        public static void AConnectionBeforeTheFirstPointSendsThatPointAsTheWindow()
        {
            // After a reboot the window is empty when the stream first connects. Its first point must replace the trace,
            // not extend it: a reused plot still holds the last boot's points, whose times restart from the boot.
            var clock = new ManualClock(1000);
            var transport = new RecordingTransport(clock);
            PlotStream stream = CreateStream(clock, transport, 5, 1);

            stream.Service();
            Assert.AreEqual(30000, stream.MillisecondsUntilNextWork(), "no window to send until a point comes: the next work is the heartbeat");
            clock.Advance(50);
            stream.Append(1050, 73.0);
            stream.Service();
            clock.Advance(50);
            stream.Append(1100, 74.0);
            stream.Service();

            string expected = ExpectedHead
                + "18\r\n{\"x\":[1050],\"y\":[73.0]}\n\r\n"
                + "14\r\n{\"x\":1100,\"y\":74.0}\n\r\n";
            Assert.AreEqual(TestText.Visible(expected), TestText.Visible(transport.Current.Text));
            Assert.AreEqual(1, stream.WindowsSent);
            Assert.AreEqual(1, stream.PointsSent);
        }

        [TestMethod]
        public static void AServerThatDoesNotAnswerTheEndIsNotSaidToHaveClosed()
        {
            // The last chunk goes out and the connection stays open with nothing on it: the log must say the wait ran out,
            // not that the server closed the connection (which is what a peer that closes without a word gets).
            var clock = new ManualClock(1000);
            var transport = new RecordingTransport(clock);
            PlotStream stream = CreateStream(clock, transport, 5, 1);
            stream.Append(1000, 72.0);
            stream.Service();
            stream.End();

            Assert.AreEqual(0, stream.LastServerStatus);
            Assert.Contains("ended with the last chunk; no answer from the server (no status line within 2000 ms)", stream.LastMessage);

            var closing = new RecordingTransport(clock);
            PlotStream closed = CreateStream(clock, closing, 5, 1);
            closed.Append(1000, 72.0);
            closed.Service();
            closing.CloseWhenBodyEnds();
            closed.End();

            Assert.AreEqual("ended with the last chunk; the server closed the connection without an answer", closed.LastMessage);
        }

        [TestMethod]
        public static void EveryObjectIsOneChunkEndingInANewline()
        {
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            PlotStream stream = CreateStream(clock, transport, 500, 2);
            for (int i = 0; i < 200; i++)
            {
                stream.Append(clock.Milliseconds, i * 1.5 - 100);
                stream.Service();
                clock.Advance(50);
            }

            var parser = new StrictChunkedParser(transport.Current.Bytes, transport.Current.Count, false);
            Assert.AreEqual(200, parser.Chunks.Count, "the first point goes as the window, the other 199 one by one");
            for (int i = 0; i < parser.Chunks.Count; i++)
            {
                string text = parser.ChunkText(i);
                Assert.StartsWith("{", text, "chunk " + i.ToString());
                Assert.EndsWith("}\n", text, "chunk " + i.ToString());
                Assert.AreEqual(text.Length - 1, text.IndexOf('\n'), "exactly one newline, at the end, in chunk " + i.ToString());
            }

            Assert.AreEqual("{\"x\":9950,\"y\":198.50}\n", parser.ChunkText(199));
        }

        [TestMethod]
        public static void OmitsTheDefaultPortFromTheHostHeader()
        {
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            var settings = new StreamSettings(new ServerAddress("stream.example.org", 443, true));
            var stream = new PlotStream("pulse", "t", 5, 0, settings, transport, clock, new HighestRandom());
            stream.Service();

            var parser = new StrictChunkedParser(transport.Current.Bytes, transport.Current.Count, false);
            Assert.AreEqual("stream.example.org", parser.GetField("Host"));
            Assert.IsTrue(transport.LastUseTls);
        }

        [TestMethod]
        public static void WritesUtcDatesOnceTheClockOriginIsKnownAndRewritesTheWindow()
        {
            var clock = new ManualClock(1000);
            var transport = new RecordingTransport(clock);
            var settings = new StreamSettings(new ServerAddress("h", 80, false));
            var stream = new PlotStream("bpm", "t", 5, 0, settings, transport, clock, new HighestRandom());
            stream.Append(1000, 60);
            stream.Service();
            clock.Advance(100);

            // Monotonic 0 was 2026-11-28 18:57:01.123 UTC, so 1000 ms is 18:57:02.123.
            settings.TimeBase.SetUtcOrigin(1795892221123L);
            stream.Append(1100, 61);
            stream.Service();

            var parser = new StrictChunkedParser(transport.Current.Bytes, transport.Current.Count, false);
            Assert.AreEqual(2, parser.Chunks.Count);
            Assert.AreEqual("{\"x\":[1000],\"y\":[60]}\n", parser.ChunkText(0));
            Assert.AreEqual("{\"x\":[\"2026-11-28 18:57:02.123\",\"2026-11-28 18:57:02.223\"],\"y\":[60,61]}\n", parser.ChunkText(1),
                "the whole window again, in UTC dates, so the plot never mixes milliseconds and dates");
        }

        [TestMethod]
        public static void RefusesTokensThatWouldBreakTheHeader()
        {
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            var settings = new StreamSettings(new ServerAddress("h", 80, false));
            Assert.ThrowsException(typeof(System.ArgumentException),
                () => new PlotStream("pulse", "tok\r\nX-Evil: 1", 5, 0, settings, transport, clock, new HighestRandom()));
            Assert.ThrowsException(typeof(System.ArgumentException),
                () => new PlotStream("pulse", "", 5, 0, settings, transport, clock, new HighestRandom()));
        }

        internal static PlotStream CreateStream(ManualClock clock, ITransport transport, int maxPoints, int decimals)
        {
            var settings = new StreamSettings(new ServerAddress("stream.example.org", 8080, false));
            return new PlotStream("pulse", "tok123", maxPoints, decimals, settings, transport, clock, new HighestRandom());
        }
    }
}
