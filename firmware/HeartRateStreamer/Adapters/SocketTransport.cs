using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// The transport port over a nanoFramework TCP socket, with TLS through <see cref="SslStream"/> when asked.
    /// Every failure, whatever the library threw, comes out as an <see cref="IOException"/> with the reason, as the
    /// port promises, so a stream reconnects instead of its loop dying. One instance per stream: one connection per token.
    /// </summary>
    /// <remarks>
    /// nanoFramework puts no limit on <see cref="Socket.Connect"/> or the TLS handshake, so <see cref="Connect"/> arms
    /// a timer that closes the half-open socket when they have not finished in time. Two native calls hold every
    /// managed thread while they wait, so no timer can end them: the DNS lookup (about 30 s at worst; the shared
    /// <see cref="ServerAddressBook"/> makes it rare) and the TLS handshake, whose reads nanoFramework's mbedTLS glue
    /// waits for without a limit (ssl_connect_internal.cpp, mbedtls_net_recv_timeout with no read timeout set): a
    /// server that accepts TCP and then never answers the handshake stops the whole board. Plain http on a trusted
    /// network has neither risk. Like nanoFramework's HttpWebRequest, this transport is IPv4 only.
    /// </remarks>
    public sealed class SocketTransport : ITransport
    {
        /// <summary>The shortest send timeout accepted: less fails on an ordinary Wi-Fi retransmission.</summary>
        public const int MinimumSendTimeoutMilliseconds = 500;

        /// <summary>The shortest connect deadline accepted: a TLS handshake alone takes an ESP32 one to three seconds.</summary>
        public const int MinimumConnectTimeoutMilliseconds = 2000;

        private readonly int _sendTimeoutMilliseconds;
        private readonly int _connectTimeoutMilliseconds;
        private readonly X509Certificate? _certificateAuthority;
        private readonly ServerAddressBook _addresses;

        // Guards everything below: Close and the connect deadline's timer run on other threads than Connect.
        private readonly object _lock = new object();

        // Counts Connect and Close calls; an attempt whose number is no longer current has been closed.
        private int _attempt;
        private int _timedOutAttempt;
        private Socket? _socket;
        private SslStream? _tls;
        private long _openedAtMilliseconds; // when the published connection opened (ServerAddressBook.ConnectionOpened)
        private Socket? _pendingSocket;
        private SslStream? _pendingTls;

        /// <summary>
        /// Creates a transport whose sends give up after <paramref name="sendTimeoutMilliseconds"/> and whose
        /// <see cref="Connect"/> (TCP connect plus TLS handshake) gives up after <paramref name="connectTimeoutMilliseconds"/>.
        /// For TLS the server is checked against <paramref name="certificateAuthorityPem"/> (a PEM certificate from the
        /// configuration), or against the device's stored CA bundle when it is null or empty. The server's address comes
        /// from <paramref name="addresses"/>, shared by every stream's transport.
        /// </summary>
        public SocketTransport(int sendTimeoutMilliseconds, int connectTimeoutMilliseconds, string? certificateAuthorityPem, ServerAddressBook addresses)
        {
            if (sendTimeoutMilliseconds < MinimumSendTimeoutMilliseconds)
            {
                // nanoFramework stores the value as given and 0 means no limit, so nothing else would catch a tiny or zero value.
                throw new ArgumentOutOfRangeException(nameof(sendTimeoutMilliseconds), "Give sends a timeout of at least 500 ms: 0 would let a dead link hang the streaming loop, and less than 500 ms fails on ordinary Wi-Fi retransmissions.");
            }

            if (connectTimeoutMilliseconds < MinimumConnectTimeoutMilliseconds)
            {
                throw new ArgumentOutOfRangeException(nameof(connectTimeoutMilliseconds), "Give connecting at least 2000 ms: connect and TLS handshake have no limit of their own, and a handshake alone takes an ESP32 one to three seconds.");
            }

            _sendTimeoutMilliseconds = sendTimeoutMilliseconds;
            _connectTimeoutMilliseconds = connectTimeoutMilliseconds;
            _certificateAuthority = CertificateAuthority.Parse(certificateAuthorityPem, nameof(certificateAuthorityPem));
            _addresses = addresses ?? throw new ArgumentNullException(nameof(addresses), "Pass the address book every stream's transport shares.");
        }

        /// <inheritdoc />
        public void Connect(string host, int port, bool useTls)
        {
            Close();
            string target = host + ":" + port.ToString();
            if (host.IndexOf(':') >= 0)
            {
                throw new IOException("connecting to " + host + " failed: IPv6 is not supported by nanoFramework's sockets; use an IPv4 address or a DNS name in server.url");
            }

            int attempt;
            lock (_lock)
            {
                attempt = ++_attempt;
            }

            // Before the deadline: a lookup holds every thread in native code until its own limit (about 30 s), so no
            // timer could end it, and a slow one would use up the connect's time and have its failure blamed on the
            // connect. Its own failure says "looking up host failed".
            IPAddress address = _addresses.AddressOf(host);
            string step = "connecting to " + address.ToString() + ":" + port.ToString();
            Socket? socket = null;
            SslStream? tls = null;
            Timer? deadline = null;
            try
            {
                deadline = new Timer(OnConnectDeadline, attempt, _connectTimeoutMilliseconds, Timeout.Infinite);
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                Track(attempt, socket, null);
                socket.SendTimeout = _sendTimeoutMilliseconds;
                socket.Connect(new IPEndPoint(address, port));

                // Accepted is not yet proven: another host may hold the old address (ConnectionEnded judges it at Close).
                if (useTls)
                {
                    step = "the TLS handshake";

                    // TLS reads use the socket's receive timeout: one more bound on a silent server.
                    socket.ReceiveTimeout = _connectTimeoutMilliseconds;
                    tls = new SslStream(socket);
                    Track(attempt, socket, tls);
                    if (_certificateAuthority != null)
                    {
                        tls.AuthenticateAsClient(host, null, _certificateAuthority, SslProtocols.Tls12);
                    }
                    else
                    {
                        tls.AuthenticateAsClient(host, SslProtocols.Tls12);
                    }
                }

                lock (_lock)
                {
                    if (attempt != _attempt)
                    {
                        throw new IOException("closed while connecting");
                    }

                    _socket = socket;
                    _tls = tls;
                    _openedAtMilliseconds = _addresses.ConnectionOpened();
                    _pendingSocket = null;
                    _pendingTls = null;
                }

                // Published: the finally block must not close them.
                socket = null;
                tls = null;
            }
            catch (ThreadAbortException)
            {
                throw;
            }
            catch (Exception e)
            {
                if (socket != null)
                {
                    // The address was reached but gave no connection (refused, unreachable, the TLS handshake refused, the
                    // deadline): the server may have moved, and its old address may serve someone else, so the name is
                    // looked up again in time.
                    _addresses.ConnectFailed();
                }

                throw new IOException("connecting to " + target + (useTls ? " with TLS" : "") + " failed: " + Explain(attempt, step, e), e);
            }
            finally
            {
                if (deadline != null)
                {
                    deadline.Dispose();
                }

                lock (_lock)
                {
                    if (socket != null && _pendingSocket == socket)
                    {
                        _pendingSocket = null;
                        _pendingTls = null;
                    }
                }

                CloseQuietly(tls, socket);
            }
        }

        /// <inheritdoc />
        public void Send(byte[] buffer, int offset, int count)
        {
            Socket socket;
            SslStream? tls;
            lock (_lock)
            {
                socket = Connected();
                tls = _tls;
            }

            try
            {
                if (tls != null)
                {
                    tls.Write(buffer, offset, count);
                    return;
                }

                int sent = 0;
                while (sent < count)
                {
                    int written = socket.Send(buffer, offset + sent, count - sent, SocketFlags.None);
                    if (written <= 0)
                    {
                        throw new IOException("the connection accepted no more bytes");
                    }

                    sent += written;
                }
            }
            catch (ObjectDisposedException)
            {
                throw new IOException("sending failed: the connection is closed");
            }
            catch (ThreadAbortException)
            {
                throw;
            }
            catch (Exception e)
            {
                throw new IOException("sending failed: " + NetworkFailureText.Describe(e), e);
            }
        }

        /// <inheritdoc />
        public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            Socket socket;
            SslStream? tls;
            lock (_lock)
            {
                socket = Connected();
                tls = _tls;
            }

            try
            {
                bool tlsHasData = tls != null && tls.DataAvailable;
                if (!tlsHasData && !socket.Poll(timeoutMilliseconds * 1000, SelectMode.SelectRead))
                {
                    return 0;
                }

                if (tls != null)
                {
                    // Readable socket, or decrypted bytes waiting: a TLS read now returns data, or 0 at the peer's close.
                    socket.ReceiveTimeout = timeoutMilliseconds > 0 ? timeoutMilliseconds : 1;
                    int read = tls.Read(buffer, offset, count);
                    return read > 0 ? read : -1;
                }

                // Readable with nothing to read means the peer closed its side (FIN).
                if (socket.Available == 0)
                {
                    return -1;
                }

                return socket.Receive(buffer, offset, count, SocketFlags.None);
            }
            catch (SocketException e)
            {
                if (e.ErrorCode == (int)SocketError.TimedOut)
                {
                    return 0;
                }

                throw new IOException("receiving failed: " + NetworkFailureText.Describe(e), e);
            }
            catch (ObjectDisposedException)
            {
                return -1;
            }
            catch (ThreadAbortException)
            {
                throw;
            }
            catch (Exception e)
            {
                throw new IOException("receiving failed: " + NetworkFailureText.Describe(e), e);
            }
        }

        /// <summary>
        /// Closes the connection, or the one <see cref="Connect"/> is opening on another thread (which then fails with
        /// "closed while connecting"). Safe to call more than once and from any thread; never throws.
        /// </summary>
        public void Close()
        {
            Socket? socket;
            SslStream? tls;
            Socket? pendingSocket;
            SslStream? pendingTls;
            long openedAt;
            lock (_lock)
            {
                _attempt++;
                socket = _socket;
                tls = _tls;
                openedAt = _openedAtMilliseconds;
                pendingSocket = _pendingSocket;
                pendingTls = _pendingTls;
                _socket = null;
                _tls = null;
                _pendingSocket = null;
                _pendingTls = null;
            }

            if (socket != null)
            {
                _addresses.ConnectionEnded(openedAt);
            }

            CloseQuietly(tls, socket);
            CloseQuietly(pendingTls, pendingSocket);
        }

        // Runs on a timer thread: ends a connect attempt that is still under way after the deadline.
        private void OnConnectDeadline(object? state)
        {
            int attempt = (int)state!;
            Socket? socket;
            SslStream? tls;
            lock (_lock)
            {
                if (attempt != _attempt || _socket != null)
                {
                    return;
                }

                _timedOutAttempt = attempt;
                _attempt++;
                socket = _pendingSocket;
                tls = _pendingTls;
                _pendingSocket = null;
                _pendingTls = null;
            }

            // Closing the socket makes the blocked Connect or handshake throw on its thread.
            CloseQuietly(tls, socket);
        }

        // Records what the attempt has opened, so Close and the deadline can reach it; fails if the attempt is over.
        private void Track(int attempt, Socket socket, SslStream? tls)
        {
            lock (_lock)
            {
                if (attempt != _attempt)
                {
                    throw new IOException("closed while connecting");
                }

                _pendingSocket = socket;
                _pendingTls = tls;
            }
        }

        private string Explain(int attempt, string step, Exception failure)
        {
            lock (_lock)
            {
                if (_timedOutAttempt == attempt)
                {
                    return "no answer within " + _connectTimeoutMilliseconds.ToString() + " ms (" + step + ")";
                }

                if (attempt != _attempt)
                {
                    return "the transport was closed while " + step;
                }
            }

            return step + ": " + NetworkFailureText.Describe(failure);
        }

        private Socket Connected()
        {
            Socket? socket = _socket;
            if (socket == null)
            {
                throw new IOException("not connected: call Connect first");
            }

            return socket;
        }

        private static void CloseQuietly(SslStream? tls, Socket? socket)
        {
            // A failing close leaves nothing to act on; the socket is unusable either way.
            try
            {
                if (tls != null)
                {
                    // Closing the TLS stream also closes its socket.
                    tls.Close();
                    return;
                }

                if (socket != null)
                {
                    socket.Close();
                }
            }
            catch (Exception)
            {
                if (tls != null && socket != null)
                {
                    CloseQuietly(null, socket);
                }
            }
        }
    }
}
