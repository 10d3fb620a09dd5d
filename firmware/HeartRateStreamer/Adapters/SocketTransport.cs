using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// The transport port over a nanoFramework TCP socket, with TLS through <see cref="SslStream"/> when asked.
    /// Every socket failure comes out as an <see cref="IOException"/> naming the error, as the port promises, so a
    /// stream reconnects instead of its loop dying. One instance per stream: one connection per token.
    /// </summary>
    public sealed class SocketTransport : ITransport
    {
        // Winsock error numbers nanoFramework reports in SocketException.ErrorCode (System.Net SocketErrors.cs).
        private const int ConnectionReset = 10054;
        private const int TimedOut = 10060;
        private const int ConnectionRefused = 10061;
        private const int HostNotFound = 11001;

        private readonly int _sendTimeoutMilliseconds;
        private readonly X509Certificate? _certificateAuthority;
        private Socket? _socket;
        private SslStream? _tls;

        /// <summary>
        /// Creates a transport whose sends give up after <paramref name="sendTimeoutMilliseconds"/> (nanoFramework
        /// raises values of 1..499 to 500). For TLS the server is checked against
        /// <paramref name="certificateAuthorityPem"/> (a PEM certificate from the configuration), or against the
        /// device's stored CA bundle when it is null or empty.
        /// </summary>
        public SocketTransport(int sendTimeoutMilliseconds, string? certificateAuthorityPem)
        {
            if (sendTimeoutMilliseconds < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(sendTimeoutMilliseconds), "Give sends a timeout of at least 1 ms so a dead link cannot hang the streaming loop.");
            }

            _sendTimeoutMilliseconds = sendTimeoutMilliseconds;
            if (certificateAuthorityPem != null && certificateAuthorityPem.Length > 0)
            {
                _certificateAuthority = new X509Certificate(certificateAuthorityPem);
            }
        }

        /// <inheritdoc />
        public void Connect(string host, int port, bool useTls)
        {
            Close();
            Socket? socket = null;
            try
            {
                IPHostEntry entry = Dns.GetHostEntry(host);
                if (entry.AddressList.Length == 0)
                {
                    throw new IOException("DNS found no address for '" + host + "'.");
                }

                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.SendTimeout = _sendTimeoutMilliseconds;
                socket.Connect(new IPEndPoint(entry.AddressList[0], port));
                if (useTls)
                {
                    var tls = new SslStream(socket);
                    if (_certificateAuthority != null)
                    {
                        tls.AuthenticateAsClient(host, null!, _certificateAuthority, SslProtocols.Tls12);
                    }
                    else
                    {
                        tls.AuthenticateAsClient(host, SslProtocols.Tls12);
                    }

                    _tls = tls;
                }

                _socket = socket;
            }
            catch (SocketException e)
            {
                CloseQuietly(socket);
                throw new IOException("connecting to " + host + ":" + port.ToString() + " failed: " + Describe(e));
            }
            catch (ObjectDisposedException)
            {
                CloseQuietly(socket);
                throw new IOException("connecting to " + host + ":" + port.ToString() + " failed: the socket was closed during the attempt");
            }
        }

        /// <inheritdoc />
        public void Send(byte[] buffer, int offset, int count)
        {
            Socket socket = Connected();
            try
            {
                if (_tls != null)
                {
                    _tls.Write(buffer, offset, count);
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
            catch (SocketException e)
            {
                throw new IOException("sending failed: " + Describe(e));
            }
            catch (ObjectDisposedException)
            {
                throw new IOException("sending failed: the connection is closed");
            }
        }

        /// <inheritdoc />
        public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            Socket socket = Connected();
            try
            {
                bool tlsHasData = _tls != null && _tls.DataAvailable;
                if (!tlsHasData && !socket.Poll(timeoutMilliseconds * 1000, SelectMode.SelectRead))
                {
                    return 0;
                }

                if (_tls != null)
                {
                    // Readable socket, or decrypted bytes waiting: a TLS read now returns data, or 0 at the peer's close.
                    socket.ReceiveTimeout = timeoutMilliseconds > 0 ? timeoutMilliseconds : 1;
                    int read = _tls.Read(buffer, offset, count);
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
                if (e.ErrorCode == TimedOut)
                {
                    return 0;
                }

                throw new IOException("receiving failed: " + Describe(e));
            }
            catch (ObjectDisposedException)
            {
                return -1;
            }
        }

        /// <inheritdoc />
        public void Close()
        {
            SslStream? tls = _tls;
            Socket? socket = _socket;
            _tls = null;
            _socket = null;
            if (tls != null)
            {
                // Closing the TLS stream also closes its socket.
                tls.Close();
                return;
            }

            CloseQuietly(socket);
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

        private static void CloseQuietly(Socket? socket)
        {
            if (socket != null)
            {
                socket.Close();
            }
        }

        private static string Describe(SocketException e)
        {
            switch (e.ErrorCode)
            {
                case ConnectionRefused: return "connection refused (is the server running on that port?)";
                case ConnectionReset: return "connection reset by the server";
                case TimedOut: return "timed out";
                case HostNotFound: return "host name not found (check the server name and the Wi-Fi's DNS)";
                default: return "socket error " + e.ErrorCode.ToString();
            }
        }
    }
}
