using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HeartRateStreamer.StreamWriter.Tests.Infrastructure;

/// <summary>
/// A Plotly-style stream server on 127.0.0.1 for the tests: accepts connections, reads each request strictly
/// (<see cref="ChunkedBodyReader"/>), records what arrives, and plays the part it is scripted for per connection:
/// accept and answer 200 at the end, answer a status at once (408, 404...), or drop the connection mid-chunk.
/// It can stop listening and start again on the same port, to refuse connections for a while.
/// </summary>
public sealed class LoopbackStreamServer : IDisposable
{
    private readonly object _lock = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly ConcurrentQueue<ServerBehavior> _script = new();
    private readonly List<Socket> _open = [];
    private TcpListener? _listener;
    private Thread? _acceptThread;

    /// <summary>Starts listening on a free loopback port.</summary>
    public LoopbackStreamServer()
    {
        StartListening(0);
    }

    /// <summary>The port it listens on (kept across <see cref="StopListening"/> and <see cref="StartListening()"/>).</summary>
    public int Port { get; private set; }

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount { get { lock (_lock) { return _requests.Count; } } }

    /// <summary>The request of connection <paramref name="index"/>, once accepted (the client's connect can return before
    /// this server's accept loop has recorded it; waits up to 10 s).</summary>
    public RecordedRequest Request(int index)
    {
        WaitForConnections(index + 1, TimeSpan.FromSeconds(10));
        lock (_lock)
        {
            return _requests[index];
        }
    }

    /// <summary>How the next connections are treated, in order; after these, connections are accepted normally.</summary>
    public void Script(params ServerBehavior[] behaviors)
    {
        foreach (ServerBehavior behavior in behaviors)
        {
            _script.Enqueue(behavior);
        }
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> connections have been accepted.</summary>
    public bool WaitForConnections(int count, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_lock)
        {
            while (_requests.Count < count)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(_lock, left);
            }

            return true;
        }
    }

    /// <summary>Stops accepting: connection attempts are refused until <see cref="StartListening()"/>.</summary>
    public void StopListening()
    {
        TcpListener? listener = _listener;
        _listener = null;
        listener?.Stop();
        _acceptThread?.Join(TimeSpan.FromSeconds(5));
    }

    /// <summary>Listens again on the same port.</summary>
    public void StartListening() => StartListening(Port);

    /// <inheritdoc />
    public void Dispose()
    {
        StopListening();
        lock (_lock)
        {
            foreach (Socket socket in _open)
            {
                socket.Dispose();
            }
        }
    }

    private void StartListening(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _acceptThread = new Thread(() => AcceptLoop(listener)) { IsBackground = true, Name = "loopback stream server" };
        _acceptThread.Start();
    }

    private void AcceptLoop(TcpListener listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = listener.AcceptSocket();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;  // listener stopped
            }

            var request = new RecordedRequest();
            ServerBehavior behavior = _script.TryDequeue(out ServerBehavior? next) ? next : ServerBehavior.Accept;
            lock (_lock)
            {
                _requests.Add(request);
                _open.Add(socket);
                Monitor.PulseAll(_lock);
            }

            new Thread(() => Serve(socket, request, behavior)) { IsBackground = true, Name = "loopback stream connection" }.Start();
        }
    }

    private static void Serve(Socket socket, RecordedRequest request, ServerBehavior behavior)
    {
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = new ChunkedBodyReader(stream);
        try
        {
            (string requestLine, List<KeyValuePair<string, string>> fields) = reader.ReadHead();
            request.SetHead(requestLine, fields);
            if (behavior.AnswerStatus != 0)
            {
                AnswerAndClose(socket, stream, behavior.AnswerStatus, request);
                return;
            }

            if (behavior.CloseAfterBodyBytes >= 0)
            {
                reader.Skip(behavior.CloseAfterBodyBytes);
                socket.LingerState = new LingerOption(true, 0);  // an abrupt close (RST), as a crashing server gives
                socket.Close();
                request.MarkClosed();
                return;
            }

            var line = new List<byte>();
            while (reader.ReadChunk() is byte[] data)
            {
                request.AddChunk(data);
                foreach (byte b in data)
                {
                    if (b == '\n')
                    {
                        request.AddLine(Encoding.UTF8.GetString(line.ToArray()));
                        line.Clear();
                    }
                    else
                    {
                        line.Add(b);
                    }
                }
            }

            request.MarkEnded();
            AnswerAndClose(socket, stream, 200, request);
        }
        catch (InvalidDataException e)
        {
            request.Fail(e.Message);
            AnswerAndClose(socket, stream, 400, request);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The client went away (e.g. to reconnect); what arrived is recorded.
            request.MarkClientGone(e.Message);
            request.MarkClosed();
            socket.Dispose();
        }
    }

    // Answers, then half-closes and drains what the client still sends, so the client reads the answer before any reset.
    private static void AnswerAndClose(Socket socket, NetworkStream stream, int status, RecordedRequest request)
    {
        try
        {
            string reason = status switch { 200 => "OK", 400 => "Bad Request", 404 => "Not Found", 408 => "Request Timeout", 423 => "Locked", _ => "Status" };
            string body = status == 404 ? "stream token not registered" : "";
            byte[] answer = Encoding.ASCII.GetBytes("HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n" + body);
            stream.Write(answer);
            socket.Shutdown(SocketShutdown.Send);
            socket.ReceiveTimeout = 5000;
            var drain = new byte[4096];
            int received;
            do
            {
                received = socket.Receive(drain);
            }
            while (received > 0);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            request.MarkClientGone(e.Message);
        }
        finally
        {
            socket.Dispose();
            request.MarkClosed();
        }
    }
}
