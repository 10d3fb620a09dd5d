using System.IO;
using System.Threading;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Tests.Streaming
{
    /// <summary>
    /// A <see cref="RecordingTransport"/> whose sends can be held at a gate, as a send into a full TCP buffer waits: after
    /// <see cref="HoldSends"/>, each send signals <see cref="SendHeld"/> and waits until <see cref="ReleaseSends"/>, then
    /// goes on to the recording; a send held while <see cref="Close"/> is called fails with an IOException, as a socket's
    /// send does when another thread closes the socket.
    /// </summary>
    public sealed class GatedTransport : ITransport
    {
        private readonly RecordingTransport _inner;
        private readonly ManualResetEvent _open = new ManualResetEvent(true);
        private int _closedWhileHeld;

        /// <summary>Sends through to <paramref name="inner"/>, as long as the gate is open.</summary>
        public GatedTransport(RecordingTransport inner)
        {
            _inner = inner;
        }

        /// <summary>Set once a send is waiting at the closed gate.</summary>
        public ManualResetEvent SendHeld { get; } = new ManualResetEvent(false);

        /// <summary>From now on every send waits at the gate.</summary>
        public void HoldSends()
        {
            SendHeld.Reset();
            _open.Reset();
        }

        /// <summary>Opens the gate: waiting and later sends go through.</summary>
        public void ReleaseSends()
        {
            _open.Set();
        }

        /// <inheritdoc />
        public void Connect(string host, int port, bool useTls)
        {
            _inner.Connect(host, port, useTls);
        }

        /// <inheritdoc />
        public void Send(byte[] buffer, int offset, int count)
        {
            if (!_open.WaitOne(0, false))
            {
                Interlocked.Exchange(ref _closedWhileHeld, 0);
                SendHeld.Set();
                _open.WaitOne();
                if (Interlocked.Exchange(ref _closedWhileHeld, 0) == 1)
                {
                    // As a socket's send fails when another thread closes the socket under it.
                    throw new IOException("the connection was closed while the send waited (scripted)");
                }
            }

            _inner.Send(buffer, offset, count);
        }

        /// <inheritdoc />
        public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            return _inner.Receive(buffer, offset, count, timeoutMilliseconds);
        }

        /// <inheritdoc />
        public void Close()
        {
            if (!_open.WaitOne(0, false))
            {
                Interlocked.Exchange(ref _closedWhileHeld, 1);
            }

            _inner.Close();
        }
    }
}
