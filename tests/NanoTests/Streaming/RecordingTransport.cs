using System;
using System.Collections;
using System.IO;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>
    /// The transport port as a scripted peer for byte-exact tests: it keeps every byte sent on each connection with
    /// the clock time of each send, refuses as many connections as told, and plays the server's side (an answer,
    /// a close, a reset). Real sockets are tested against a loopback server in tests/StreamWriter.Tests.
    /// </summary>
    public class RecordingTransport : ITransport
    {
        private readonly IClock _clock;
        private readonly ArrayList _connections = new ArrayList();
        private byte[] _pendingAnswer = new byte[0];
        private int _answerOffset;
        private bool _open;
        private bool _closedByPeer;
        private bool _closeWhenBodyEnds;
        private bool _failSends;
        private string _answerWhenBodyEnds = "";

        /// <summary>Creates a transport that stamps sends with <paramref name="clock"/>.</summary>
        public RecordingTransport(IClock clock)
        {
            _clock = clock;
        }

        /// <summary>Connection attempts, refused ones included.</summary>
        public int ConnectAttempts { get; private set; }

        /// <summary>Clock time of each connection attempt.</summary>
        public ArrayList ConnectAttemptTimes { get; } = new ArrayList();

        /// <summary>How many of the next attempts to refuse with an IOException.</summary>
        public int ConnectionsToRefuse { get; set; }

        /// <summary>The message of the IOException a refused attempt throws.</summary>
        public string RefusalMessage { get; set; } = "connection refused (scripted)";

        /// <summary>Host, port and TLS flag of the last attempt.</summary>
        public string LastHost { get; private set; } = "";

        /// <summary>Port of the last attempt.</summary>
        public int LastPort { get; private set; }

        /// <summary>TLS flag of the last attempt.</summary>
        public bool LastUseTls { get; private set; }

        /// <summary>True while a connection is open.</summary>
        public bool IsOpen => _open;

        /// <summary>Accepted connections so far.</summary>
        public int ConnectionCount => _connections.Count;

        /// <summary>The record of accepted connection <paramref name="index"/>.</summary>
        public RecordedConnection GetConnection(int index)
        {
            return (RecordedConnection)_connections[index]!;
        }

        /// <summary>The record of the newest connection.</summary>
        public RecordedConnection Current => GetConnection(_connections.Count - 1);

        /// <summary>The server answers with <paramref name="text"/> and then closes the connection.</summary>
        public void AnswerAndClose(string text)
        {
            _pendingAnswer = TestText.Bytes(text);
            _answerOffset = 0;
            _closedByPeer = true;
        }

        /// <summary>Once the last chunk <c>0\r\n\r\n</c> arrives, the server answers with <paramref name="text"/> and closes.</summary>
        public void AnswerWhenBodyEnds(string text)
        {
            _answerWhenBodyEnds = text;
        }

        /// <summary>Once the last chunk <c>0\r\n\r\n</c> arrives, the server closes the connection without a word.</summary>
        public void CloseWhenBodyEnds()
        {
            _closeWhenBodyEnds = true;
        }

        /// <summary>The server closes the connection without a word.</summary>
        public void CloseByPeer()
        {
            _closedByPeer = true;
        }

        /// <summary>From now on every send fails as a reset connection would.</summary>
        public void FailSends()
        {
            _failSends = true;
        }

        /// <inheritdoc />
        public void Connect(string host, int port, bool useTls)
        {
            ConnectAttempts++;
            ConnectAttemptTimes.Add(_clock.Milliseconds);
            LastHost = host;
            LastPort = port;
            LastUseTls = useTls;
            if (_open)
            {
                throw new InvalidOperationException("Connect called while the previous connection is still open; a stream must close first.");
            }

            if (ConnectionsToRefuse > 0)
            {
                ConnectionsToRefuse--;
                throw new IOException(RefusalMessage);
            }

            _open = true;
            _closedByPeer = false;
            _failSends = false;
            _answerWhenBodyEnds = "";
            _closeWhenBodyEnds = false;
            _pendingAnswer = new byte[0];
            _answerOffset = 0;
            _connections.Add(new RecordedConnection(_clock.Milliseconds));
        }

        /// <inheritdoc />
        public void Send(byte[] buffer, int offset, int count)
        {
            if (!_open)
            {
                throw new InvalidOperationException("Send called on a closed transport; a stream must connect first.");
            }

            if (_failSends || _closedByPeer)
            {
                throw new IOException("connection reset by peer (scripted)");
            }

            Current.Record(buffer, offset, count, _clock.Milliseconds);
            if ((_answerWhenBodyEnds.Length > 0 || _closeWhenBodyEnds) && TestText.Ascii(buffer, offset, count) == "0\r\n\r\n")
            {
                if (_answerWhenBodyEnds.Length > 0)
                {
                    AnswerAndClose(_answerWhenBodyEnds);
                    _answerWhenBodyEnds = "";
                }
                else
                {
                    _closedByPeer = true;
                }
            }
        }

        /// <inheritdoc />
        public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            if (!_open)
            {
                throw new InvalidOperationException("Receive called on a closed transport.");
            }

            int available = _pendingAnswer.Length - _answerOffset;
            if (available > 0)
            {
                int taken = available < count ? available : count;
                Array.Copy(_pendingAnswer, _answerOffset, buffer, offset, taken);
                _answerOffset += taken;
                return taken;
            }

            return _closedByPeer ? -1 : 0;
        }

        /// <inheritdoc />
        public void Close()
        {
            _open = false;
        }
    }
}
