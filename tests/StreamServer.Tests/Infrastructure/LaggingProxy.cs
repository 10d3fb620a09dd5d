using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A TCP proxy on a free 127.0.0.1 port in front of a real server (the tests' Redis) that passes everything, in
/// order, <see cref="Lag"/> after it read it, each way: a server that answers, but late (a loaded Redis, a slow network).
/// It delays without limiting throughput: pipelined commands are all answered one round trip later, while a client that
/// waits for each reply before its next command gets one reply per round trip. <see cref="Lag"/> may change at any time;
/// what was read before keeps its time.</summary>
public sealed class LaggingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _closing = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _accepting;
    private long _lagMilliseconds;

    private LaggingProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How long each chunk waits in the proxy, each way; zero (the start) passes it on at once.</summary>
    public TimeSpan Lag
    {
        get => TimeSpan.FromMilliseconds(Interlocked.Read(ref _lagMilliseconds));
        set => Interlocked.Exchange(ref _lagMilliseconds, (long)value.TotalMilliseconds);
    }

    /// <summary>A proxy to <paramref name="targetPort"/> on 127.0.0.1, without lag until <see cref="Lag"/> is set.</summary>
    public static LaggingProxy To(int targetPort) => new(targetPort);

    public async ValueTask DisposeAsync()
    {
        _closing.Cancel();
        _listener.Stop();
        lock (_sockets)
        {
            foreach (Socket socket in _sockets)
            {
                socket.Dispose();
            }
        }

        await _accepting;
        _closing.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                Socket client = await _listener.AcceptSocketAsync(_closing.Token);
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                client.NoDelay = true;
                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(server);
                }

                _ = ConnectAndPumpAsync(client, server);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // closing
        }
    }

    private async Task ConnectAndPumpAsync(Socket client, Socket server)
    {
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _closing.Token);
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // the target refused, or the proxy is closing
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    // Reading and writing apart, joined by a queue of chunks with the time each is due: reading never waits for the lag.
    private async Task PumpAsync(Socket from, Socket to)
    {
        Channel<(long Due, byte[] Bytes)> chunks = Channel.CreateUnbounded<(long, byte[])>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        Task writing = WriteAsync(chunks.Reader, to);
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _closing.Token)) > 0)
            {
                chunks.Writer.TryWrite((Environment.TickCount64 + Interlocked.Read(ref _lagMilliseconds), buffer[..read]));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // a side closed, or the proxy is closing
        }
        finally
        {
            chunks.Writer.TryComplete();
        }

        await writing;
    }

    private async Task WriteAsync(ChannelReader<(long Due, byte[] Bytes)> chunks, Socket to)
    {
        try
        {
            await foreach ((long due, byte[] bytes) in chunks.ReadAllAsync(_closing.Token))
            {
                long wait = due - Environment.TickCount64;
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait), _closing.Token);
                }

                await to.SendAsync(bytes, SocketFlags.None, _closing.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // a side closed, or the proxy is closing
        }
    }
}
