using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// The transport port over a PC's TCP socket, with TLS through <see cref="SslStream"/> for https servers: the same
/// job as the device's SocketTransport. Every failure comes out as an <see cref="IOException"/> naming the reason,
/// as the port promises. One instance per stream.
/// </summary>
public sealed class TcpTransport : IAbortableTransport, IDisposable
{
    private readonly int _connectTimeoutMilliseconds;
    private readonly int _sendTimeoutMilliseconds;
    private readonly X509Certificate2Collection? _trustedAuthorities;
    private readonly Func<string, CancellationToken, IPAddress[]> _lookUp;
    private readonly Action? _accepted;
    private Socket? _socket;
    private SslStream? _tls;
    private CancellationTokenSource? _abort; // the connect under way, which Close cancels
    private Task<int>? _tlsRead; // a TLS read under way into _tlsBuffer, waited on again by the next Receive
    private readonly byte[] _tlsBuffer = new byte[16 * 1024];
    private int _tlsStart; // [_tlsStart, _tlsEnd) of _tlsBuffer: read and not yet handed out
    private int _tlsEnd;

    /// <summary>
    /// Creates a transport that gives up connecting after <paramref name="connectTimeoutMilliseconds"/> and sending
    /// after <paramref name="sendTimeoutMilliseconds"/>. For https it trusts the machine's certificate store, or only
    /// <paramref name="trustedAuthorities"/> when given (the CA that device.json names, as a board trusts only the CA stored on it).
    /// The server's name is looked up with <paramref name="lookUp"/> (default: the PC's DNS; tests slow it down), before
    /// the connect's time starts; a Close ends the wait for it, as it ends the connect. <paramref name="accepted"/>, when given, is called each time the server has accepted
    /// the TCP connection, before a TLS handshake (the virtual board tells a server that is there from one that is not).
    /// </summary>
    public TcpTransport(int connectTimeoutMilliseconds = NetworkTimeouts.ConnectMilliseconds, int sendTimeoutMilliseconds = NetworkTimeouts.SendMilliseconds,
        X509Certificate2Collection? trustedAuthorities = null, Func<string, CancellationToken, IPAddress[]>? lookUp = null, Action? accepted = null)
    {
        _accepted = accepted;
        ArgumentOutOfRangeException.ThrowIfLessThan(connectTimeoutMilliseconds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sendTimeoutMilliseconds, 1);
        _connectTimeoutMilliseconds = connectTimeoutMilliseconds;
        _sendTimeoutMilliseconds = sendTimeoutMilliseconds;
        _trustedAuthorities = trustedAuthorities;
        _lookUp = lookUp ?? LookUpByDns;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The socket and the TLS stream are kept where <see cref="Close"/> finds them from the start, with a cancellation
    /// <see cref="Close"/> sets: a Close from another thread (the virtual board's, when Ctrl+C ends the run) ends a connect
    /// or a TLS handshake still under way at once, instead of after its 20 s. A Close that comes before they are stored
    /// is one before the connect; an owner whose Close may land there passes a token to the other overload.
    /// </remarks>
    public void Connect(string host, int port, bool useTls) => Connect(host, port, useTls, CancellationToken.None);

    /// <inheritdoc />
    public void Connect(string host, int port, bool useTls, CancellationToken abandoned)
    {
        Close();
        var abort = new CancellationTokenSource(); // no timer: nothing to dispose; Close may cancel it at any time
        Volatile.Write(ref _abort, abort);

        // Cancels at once when the owner gave up before this connect stored the source above, where its Close missed it.
        using CancellationTokenRegistration whenAbandoned = abandoned.Register(abort.Cancel);

        // As the board's transport: the name lookup has its own limit and comes before the connect's time starts, so a
        // slow lookup neither uses up the connect's time nor has its failure blamed on the connect.
        IPAddress[] addresses = LookUp(host, port, abort.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendTimeout = _sendTimeoutMilliseconds };
        Volatile.Write(ref _socket, socket);
        bool connected = false;
        string step = ""; // named in a failure, as the board's transport does: a handshake's own error says nothing of TLS
        try
        {
            abort.Token.ThrowIfCancellationRequested();
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(abort.Token))
            {
                timeout.CancelAfter(_connectTimeoutMilliseconds);
                socket.ConnectAsync(addresses, port, timeout.Token).AsTask().GetAwaiter().GetResult();
            }

            _accepted?.Invoke();
            if (useTls)
            {
                step = "the TLS handshake";
                var tls = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false, ValidateServer);
                tls.ReadTimeout = _connectTimeoutMilliseconds;
                Volatile.Write(ref _tls, tls);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(abort.Token);
                timeout.CancelAfter(_connectTimeoutMilliseconds);
                tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, timeout.Token).GetAwaiter().GetResult();
            }

            // Closed just as the connect finished: nothing is left to send on.
            abort.Token.ThrowIfCancellationRequested();
            connected = true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or AuthenticationException or IOException or ObjectDisposedException)
        {
            string reason = abort.IsCancellationRequested ? "the connection was closed while it was being made"
                : e is OperationCanceledException ? "no answer within " + _connectTimeoutMilliseconds + " ms" + (step.Length > 0 ? " (" + step + ")" : "")
                : (step.Length > 0 ? step + ": " : "") + Describe(e);
            throw new IOException("connecting to " + host + ":" + port + " failed: " + reason, e);
        }
        finally
        {
            Interlocked.CompareExchange(ref _abort, null, abort);
            if (!connected)
            {
                // Only this connect's own: a Close may have emptied the fields already.
                SslStream? tls = Volatile.Read(ref _tls);
                if (tls != null && Interlocked.CompareExchange(ref _tls, null, tls) == tls)
                {
                    tls.Dispose();
                }

                Interlocked.CompareExchange(ref _socket, null, socket);
                socket.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Send(byte[] buffer, int offset, int count)
    {
        Socket socket = Connected();
        SslStream? tls = _tls; // read once: Close may come from another thread (the virtual board's Dispose)
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
                sent += socket.Send(buffer, offset + sent, count - sent, SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            throw new IOException("sending failed: " + Describe(e), e);
        }
    }

    /// <inheritdoc />
    public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        Socket socket = Connected();
        SslStream? tls = _tls; // read once: Close may come from another thread (the virtual board's Dispose)
        try
        {
            if (tls != null)
            {
                return ReceiveTls(tls, buffer, offset, count, timeoutMilliseconds);
            }

            if (!socket.Poll(timeoutMilliseconds * 1000L > int.MaxValue ? int.MaxValue : timeoutMilliseconds * 1000, SelectMode.SelectRead))
            {
                return 0;
            }

            int read = socket.Receive(buffer, offset, count, SocketFlags.None);
            return read > 0 ? read : -1;
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            throw new IOException("receiving failed: " + Describe(e), e);
        }
    }

    // Over TLS a readable socket does not mean application data: TLS 1.3 servers send session tickets after the handshake,
    // and a blocking read on them waited for data until ReadTimeout and broke the stream ("receiving failed: timed out"),
    // so a stream over https failed at its first look for the server's answer. One read stays under way instead, and each
    // Receive waits on it for its own timeout; what it read is handed out over as many calls as it takes.
    private int ReceiveTls(SslStream tls, byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        if (_tlsStart == _tlsEnd)
        {
            // Read into a local once: a Close from another thread empties the field while this waits.
            Task<int> pending = _tlsRead ??= tls.ReadAsync(_tlsBuffer, 0, _tlsBuffer.Length);
            if (!((IAsyncResult)pending).AsyncWaitHandle.WaitOne(timeoutMilliseconds))
            {
                return 0;
            }

            Interlocked.CompareExchange(ref _tlsRead, null, pending);
            int read = pending.GetAwaiter().GetResult();
            if (read <= 0)
            {
                return -1;
            }

            (_tlsStart, _tlsEnd) = (0, read);
        }

        int given = Math.Min(count, _tlsEnd - _tlsStart);
        Buffer.BlockCopy(_tlsBuffer, _tlsStart, buffer, offset, given);
        _tlsStart += given;
        return given;
    }

    /// <inheritdoc />
    public void Close()
    {
        // Each field taken as it is emptied: a Close from the board's Dispose may run while a Connect stores them, and
        // reading then clearing them apart could drop a socket stored between the two, connected with nothing to close it.
        // A connect under way (its socket and TLS stream are already in the fields) ends at once.
        Interlocked.Exchange(ref _abort, null)?.Cancel();
        Interlocked.Exchange(ref _tls, null)?.Dispose();
        Interlocked.Exchange(ref _socket, null)?.Dispose();
        // A read under way ends with the stream it reads; its failure is nobody's to hear.
        Interlocked.Exchange(ref _tlsRead, null)?.ContinueWith(static read => _ = read.Exception, TaskContinuationOptions.OnlyOnFaulted);
        _tlsStart = _tlsEnd = 0;
    }

    /// <inheritdoc />
    public void Dispose() => Close();

    private IPAddress[] LookUp(string host, int port, CancellationToken abort)
    {
        try
        {
            abort.ThrowIfCancellationRequested();
            IPAddress[] addresses = _lookUp(host, abort);
            return addresses.Length > 0 ? addresses : throw new IOException("looking up " + host + " failed: DNS found no address");
        }
        catch (OperationCanceledException e) when (abort.IsCancellationRequested)
        {
            throw new IOException("connecting to " + host + ":" + port + " failed: the connection was closed while it was being made", e);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            throw new IOException("looking up " + host + " failed: " + Describe(e), e);
        }
    }

    // The PC's resolver may not give up its own lookup when asked (getaddrinfo has no cancel), so the wait for it ends at
    // the Close and the lookup finishes, unread, on its own.
    private static IPAddress[] LookUpByDns(string host, CancellationToken abort) =>
        Dns.GetHostAddressesAsync(host, abort).WaitAsync(abort).GetAwaiter().GetResult();

    private Socket Connected() => _socket ?? throw new IOException("not connected: call Connect first");

    private bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_trustedAuthorities == null || certificate == null)
        {
            return errors == SslPolicyErrors.None;
        }

        // Only the configured authorities, as a board trusts only the CA stored on it: the chain is built against them alone
        // (a self-signed server's own certificate is its own authority).
        using var customChain = new X509Chain();
        customChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        customChain.ChainPolicy.CustomTrustStore.AddRange(_trustedAuthorities);
        customChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var serverCertificate = new X509Certificate2(certificate);
        bool nameMatches = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        return nameMatches && customChain.Build(serverCertificate);
    }

    private static string Describe(Exception e)
    {
        SocketException? socketError = e as SocketException ?? e.InnerException as SocketException;
        return (socketError is null ? null : SocketErrorMeaning.Of((int)socketError.SocketErrorCode)) ?? e.Message;
    }
}
