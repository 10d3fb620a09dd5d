using System.Collections;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Streaming;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>Server answers, refused and broken connections: back-off, window resend, a refused token tried again.</summary>
    [TestClass]
    public class PlotStreamReconnectTests
    {
        private static readonly ArrayList s_messages = new ArrayList();

        [TestMethod]
        public static void RefusedConnectionsBackOffExponentiallyUpToSixtySeconds()
        {
            PlotStream stream = NewStream(out ManualClock clock, out RecordingTransport transport);
            transport.ConnectionsToRefuse = 9;
            s_messages.Clear();
            stream.Message += RememberMessage;

            // Service every 100 ms for 5 minutes.
            for (int i = 0; i < 3000 && transport.ConnectionCount == 0; i++)
            {
                stream.Service();
                clock.Advance(100);
            }

            Assert.AreEqual(10, transport.ConnectAttempts, "nine refused, the tenth accepted");
            AssertAttemptsBackedOffFromOneSecondDoublingToAMinute(transport, "attempt");

            Assert.AreEqual(StreamState.Streaming, stream.State);
            Assert.AreEqual(10, s_messages.Count, "nine refusals and the connection reported");
            Assert.AreEqual("pulse: could not connect to http://stream.example.org:8080: connection refused (scripted); reconnecting in 1000 ms", (string)s_messages[0]!);
            Assert.AreEqual("pulse: connected to http://stream.example.org:8080", (string)s_messages[9]!);
        }

        // A reason that is a sentence of its own (.NET's "Received an unexpected EOF or 0 bytes from the transport
        // stream.") is joined as a clause: its stop read ".; reconnecting" in the log.
        [TestMethod]
        public static void AReasonEndingInAFullStopIsJoinedWithoutIt()
        {
            PlotStream stream = NewStream(out ManualClock clock, out RecordingTransport transport);
            transport.ConnectionsToRefuse = 1;
            transport.RefusalMessage = "the TLS handshake: Received an unexpected EOF or 0 bytes from the transport stream.";

            stream.Service();

            Assert.AreEqual("could not connect to http://stream.example.org:8080: the TLS handshake: Received an unexpected EOF or 0 bytes "
                + "from the transport stream; reconnecting in 1000 ms", stream.LastMessage);
        }

        [TestMethod]
        public static void AServerThatClosesMidStreamGetsTheWindowAgainAfterTheBackOff()
        {
            var clock = new ManualClock(0);
            var transport = new RecordingTransport(clock);
            PlotStream stream = PlotStreamFramingTests.CreateStream(clock, transport, 4, 0);
            for (int i = 0; i < 6; i++)
            {
                stream.Append(clock.Milliseconds, i);
                stream.Service();
                clock.Advance(50);
            }

            transport.CloseByPeer();
            stream.Service();
            Assert.AreEqual(StreamState.WaitingToReconnect, stream.State);
            Assert.Contains("closed the connection without an answer", stream.LastMessage);

            // Points keep coming while disconnected: they go into the window.
            for (int i = 6; i < 8; i++)
            {
                stream.Append(clock.Milliseconds, i);
                clock.Advance(500);
                stream.Service();
            }

            Assert.AreEqual(2, transport.ConnectionCount);
            Assert.AreEqual(1, stream.Reconnects);
            var parser = new StrictChunkedParser(transport.Current.Bytes, transport.Current.Count, false);
            Assert.AreEqual("{\"x\":[200,250,300,800],\"y\":[4,5,6,7]}\n", parser.ChunkText(0),
                "the newest maxpoints points, as one array message that replaces the trace");
        }

        [TestMethod]
        public static void A408AnswerIsLoggedAndLeadsToGrowingReconnectDelays()
        {
            PlotStream stream = NewStream(out ManualClock clock, out RecordingTransport transport);
            stream.Append(0, 1);

            int[] delays = new int[4];
            for (int round = 0; round < 4; round++)
            {
                while (stream.State != StreamState.Streaming)
                {
                    clock.Advance(10);
                    stream.Service();
                }

                stream.Service();
                transport.AnswerAndClose("HTTP/1.1 408 Request Timeout\r\n\r\n");
                stream.Service();
                Assert.AreEqual(408, stream.LastServerStatus);
                Assert.Contains("408 Request Timeout (timeout on active data)", stream.LastMessage);
                delays[round] = stream.LastReconnectDelayMilliseconds;
            }

            Assert.AreEqual(1000, delays[0]);
            Assert.AreEqual(2000, delays[1]);
            Assert.AreEqual(4000, delays[2]);
            Assert.AreEqual(8000, delays[3]);
            for (int i = 0; i < transport.ConnectionCount; i++)
            {
                var parser = new StrictChunkedParser(transport.GetConnection(i).Bytes, transport.GetConnection(i).Count, false);
                Assert.AreEqual("{\"x\":[0],\"y\":[1]}\n", parser.ChunkText(0), "window resent on connection " + i.ToString());
            }
        }

        [TestMethod]
        public static void A404IsTriedAgainWithTheBackOffUntilTheServerKnowsTheToken()
        {
            PlotStream stream = RefusedStream(out ManualClock clock, out RecordingTransport transport);

            Assert.AreEqual(StreamState.TokenRefused, stream.State);
            Assert.AreEqual(404, stream.LastServerStatus);
            Assert.AreEqual(1, stream.TokenRefusals);
            Assert.AreEqual("the server answered 404 Not Found (streamtoken not registered or valid): unknown stream token. "
                + "It does not know the token (6 characters); reconnecting in 1000 ms", stream.LastMessage);

            // The server goes on refusing: every try is refused at once, and the tries thin out to one a minute.
            for (int i = 0; i < 3000 && transport.ConnectAttempts < 10; i++)
            {
                clock.Advance(100);
                int before = transport.ConnectAttempts;
                stream.Service();
                if (transport.ConnectAttempts > before)
                {
                    transport.AnswerAndClose("HTTP/1.1 404 Not Found\r\n\r\n");
                    stream.Service();
                }
            }

            Assert.AreEqual(10, transport.ConnectAttempts);
            AssertAttemptsBackedOffFromOneSecondDoublingToAMinute(transport, "try");

            Assert.AreEqual(10, stream.TokenRefusals);
            Assert.AreEqual(clock.Milliseconds - (long)transport.ConnectAttemptTimes[0]!, stream.TokenRefusedForMilliseconds, "refused since the first 404");
            Assert.AreEqual(StreamState.TokenRefused, stream.State);

            // Now the server knows the token (a cluster node read the plot, the device made it again): the stream streams,
            // and once the connection has lasted it counts as accepted.
            clock.Advance(60000);
            stream.Service();
            Assert.AreEqual(StreamState.Streaming, stream.State);
            Assert.AreEqual(11, transport.ConnectAttempts);
            clock.Advance(new StreamSettings(new ServerAddress("stream.example.org", 8080, false)).HealthyConnectionMilliseconds);
            stream.Service();
            Assert.AreEqual(StreamState.Streaming, stream.State);
            Assert.AreEqual(0, stream.TokenRefusals);
            Assert.AreEqual(0L, stream.TokenRefusedForMilliseconds);
        }

        [TestMethod]
        public static void ARefusedTokenIsTriedAtOnceWhenAskedWhileOtherWaitsKeepTheirBackOff()
        {
            PlotStream stream = RefusedStream(out ManualClock clock, out RecordingTransport transport);
            Assert.AreEqual(StreamState.TokenRefused, stream.State);
            Assert.AreEqual(1000, stream.MillisecondsUntilNextWork(), "the back-off's first delay");

            // The device has made its plot again: the server knows the token now, so it is tried at once.
            clock.Advance(100);
            stream.RetryRefusedTokenNow();
            Assert.AreEqual(0, stream.MillisecondsUntilNextWork());
            stream.Service();
            Assert.AreEqual(2, transport.ConnectAttempts);
            Assert.AreEqual(StreamState.Streaming, stream.State);

            // Waiting for another reason (the server closed the connection), the stream keeps its back-off.
            transport.CloseByPeer();
            stream.Service();
            Assert.AreEqual(StreamState.WaitingToReconnect, stream.State);
            int wait = stream.MillisecondsUntilNextWork();
            Assert.AreEqual(2000, wait, "the back-off's second delay");
            stream.RetryRefusedTokenNow();
            Assert.AreEqual(wait, stream.MillisecondsUntilNextWork());
        }

        [TestMethod]
        public static void ARefusalOfARequestSentBeforeThePlotWasMadeAgainIsTriedAtOnce()
        {
            PlotStream stream = NewStream(out ManualClock clock, out RecordingTransport transport);
            stream.Service();
            Assert.AreEqual(StreamState.Streaming, stream.State);

            // The plot is made again while the stream's request is under way, and the server's 404 to it comes after.
            stream.RetryRefusedTokenNow();
            transport.AnswerAndClose("HTTP/1.1 404 Not Found\r\n\r\n");
            stream.Service();
            Assert.AreEqual(StreamState.TokenRefused, stream.State);
            Assert.AreEqual(0, stream.MillisecondsUntilNextWork(), "tried again at once, not after the back-off");
            stream.Service();
            Assert.AreEqual(2, transport.ConnectAttempts);

            // Once only: a token refused again waits out the back-off, as before the plot was made.
            transport.AnswerAndClose("HTTP/1.1 404 Not Found\r\n\r\n");
            stream.Service();
            Assert.AreEqual(StreamState.TokenRefused, stream.State);
            Assert.AreEqual(2000, stream.MillisecondsUntilNextWork(), "the back-off's second delay");
        }

        [TestMethod]
        public static void OnlyAnAnswerForAKnownTokenEndsARunOfRefusals()
        {
            PlotStream stream = RefusedStream(out ManualClock clock, out RecordingTransport transport);
            Assert.AreEqual(1, stream.TokenRefusals);

            // A 429 counts the address's guesses of unknown tokens: it says nothing about this one.
            clock.Advance(1000);
            stream.Service();
            transport.AnswerAndClose("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 2\r\n\r\n");
            stream.Service();
            Assert.AreEqual(StreamState.WaitingToReconnect, stream.State);
            Assert.AreEqual(1, stream.TokenRefusals);
            Assert.AreEqual(1000L, stream.TokenRefusedForMilliseconds);

            // A 408 is an answer about the data, given only to a token the server knows.
            clock.Advance(2000);
            stream.Service();
            transport.AnswerAndClose("HTTP/1.1 408 Request Timeout\r\n\r\n");
            stream.Service();

            Assert.AreEqual(StreamState.WaitingToReconnect, stream.State);
            Assert.AreEqual(0, stream.TokenRefusals);
            Assert.AreEqual(0L, stream.TokenRefusedForMilliseconds);
        }

        [TestMethod]
        public static void AFailedSendReconnectsAndNeverThrows()
        {
            PlotStream stream = NewStream(out ManualClock clock, out RecordingTransport transport);
            stream.Service();
            transport.FailSends();
            clock.Advance(50);
            stream.Append(50, 1);
            stream.Service();

            Assert.AreEqual(StreamState.WaitingToReconnect, stream.State);
            Assert.Contains("the connection failed: connection reset by peer (scripted)", stream.LastMessage);
            Assert.IsFalse(transport.IsOpen, "the broken connection was closed");
        }

        [TestMethod]
        public static void AnAnswerThatIsNotHttpIsReportedAsSuch()
        {
            PlotStream stream = NewStream(out ManualClock clock, out RecordingTransport transport);
            stream.Service();
            transport.AnswerAndClose("go away\r\n");
            stream.Service();

            Assert.AreEqual(StreamState.WaitingToReconnect, stream.State);
            Assert.Contains("not an HTTP status line: \"go away\"", stream.LastMessage);
        }

        // Three refusals leave the back-off at 4000 ms. A connection that breaks within a minute goes on from there;
        // one healthy for a minute (the default HealthyConnectionMilliseconds) starts it again from the first delay.
        [DataRow(55000, 8000)]
        [DataRow(60000, 1000)]
        public static void OnlyAConnectionHealthyForAMinuteStartsTheBackOffAgain(int connectedMilliseconds, int expectedDelayMilliseconds)
        {
            PlotStream stream = NewStream(out ManualClock clock, out RecordingTransport transport);
            transport.ConnectionsToRefuse = 3;
            while (stream.State != StreamState.Streaming)
            {
                stream.Service();
                clock.Advance(100);
            }

            Assert.AreEqual(4000, stream.LastReconnectDelayMilliseconds);
            clock.Advance(connectedMilliseconds);
            stream.Service();
            transport.CloseByPeer();
            stream.Service();
            Assert.AreEqual(expectedDelayMilliseconds, stream.LastReconnectDelayMilliseconds, "the delay after a connection of " + connectedMilliseconds.ToString() + " ms");
        }

        [TestMethod]
        public static void EndingAStreamThatIsWaitingClosesItQuietly()
        {
            PlotStream stream = NewStream(out ManualClock clock, out RecordingTransport transport);
            transport.ConnectionsToRefuse = 1;
            stream.Service();
            stream.End();
            clock.Advance(100000);
            stream.Service();

            Assert.AreEqual(StreamState.Ended, stream.State);
            Assert.AreEqual(1, transport.ConnectAttempts);
        }

        [TestMethod]
        public static void EndingARefusedStreamReportsItAlreadyEnded()
        {
            // The device's handler judges a stream by its state when it reports: the end must not look like a new
            // refusal (the refusal's advice was logged again after "ended while not connected").
            PlotStream stream = RefusedStream(out ManualClock clock, out RecordingTransport transport);
            Assert.AreEqual(StreamState.TokenRefused, stream.State);
            s_watched = stream;
            s_stateWhenReported = StreamState.NotConnected;
            stream.Message += RememberState;

            stream.End();

            Assert.AreEqual("ended while not connected (token refused (the server does not know it; trying again))", stream.LastMessage);
            Assert.AreEqual(StreamState.Ended, s_stateWhenReported);
        }

        // A stream of up to 100 points on a new manual clock at 0 and a new recording transport, not yet connected.
        private static PlotStream NewStream(out ManualClock clock, out RecordingTransport transport)
        {
            clock = new ManualClock(0);
            transport = new RecordingTransport(clock);
            return PlotStreamFramingTests.CreateStream(clock, transport, 100, 0);
        }

        // A new stream whose first connection the server answered 404 (a token it does not know).
        private static PlotStream RefusedStream(out ManualClock clock, out RecordingTransport transport)
        {
            PlotStream stream = NewStream(out clock, out transport);
            stream.Service();
            transport.AnswerAndClose("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n\r\nunknown stream token");
            stream.Service();
            return stream;
        }

        // The back-off between the transport's connect attempts: 1 s, doubling up to a minute; "attempt" names one
        // in the failure message.
        private static void AssertAttemptsBackedOffFromOneSecondDoublingToAMinute(RecordingTransport transport, string attempt)
        {
            long[] expectedDelays = { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000 };
            for (int i = 1; i < transport.ConnectAttempts; i++)
            {
                long delay = (long)transport.ConnectAttemptTimes[i]! - (long)transport.ConnectAttemptTimes[i - 1]!;
                Assert.AreEqual(expectedDelays[i - 1], delay, "delay before " + attempt + " " + (i + 1).ToString());
            }
        }

        private static PlotStream? s_watched;
        private static StreamState s_stateWhenReported;

        private static void RememberState(string streamName, string message)
        {
            s_stateWhenReported = s_watched!.State;
        }

        private static void RememberMessage(string streamName, string message)
        {
            s_messages.Add(streamName + ": " + message);
        }
    }
}
