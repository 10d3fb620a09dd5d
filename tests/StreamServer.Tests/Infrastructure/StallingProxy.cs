using System.Net;
using System.Net.Sockets;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A TCP proxy on a free 127.0.0.1 port in front of a real server (the tests' PostgreSQL), that can stall: a
/// database that hangs (a stuck server, a network that drops packets) rather than one that refuses. While stalled it
/// still accepts connections and reads what clients send, but passes nothing on in either direction, so a client waits
/// for an answer that does not come; <see cref="Resume"/> passes everything again. It counts what tests time by:
/// connections accepted, and chunks a client sent while stalled (something reached the hung database).</summary>
public sealed class StallingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _closing = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _accepting;
    private TaskCompletionSource _flowing = NewOpenGate();
    private int _connections;
    private int _heldChunks;

    private StallingProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections clients opened through the proxy since it started.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Chunks clients sent that the proxy held because it was stalled.</summary>
    public int HeldChunks => Volatile.Read(ref _heldChunks);

    /// <summary>A proxy to <paramref name="targetPort"/> on 127.0.0.1, passing everything until <see cref="Stall"/>.</summary>
    public static StallingProxy To(int targetPort) => new(targetPort);

    /// <summary>From now on nothing passes, either way; connections stay open and new ones are accepted.</summary>
    public void Stall()
    {
        lock (_sockets)
        {
            if (_flowing.Task.IsCompleted)
            {
                _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Everything passes again, what was held first.</summary>
    public void Resume()
    {
        lock (_sockets)
        {
            _flowing.TrySetResult();
        }
    }

    /// <summary>Waits until a client has sent something while stalled (at most <paramref name="timeoutSeconds"/>).</summary>
    public Task HeldAsync(int atLeast = 1, int timeoutSeconds = 60) =>
        Eventually.TrueAsync(() => Task.FromResult(HeldChunks >= atLeast), $"{atLeast} chunk(s) sent to the stalled database", timeoutSeconds);

    public async ValueTask DisposeAsync()
    {
        _closing.Cancel();
        _listener.Stop();
        lock (_sockets)
        {
            _flowing.TrySetResult();
            foreach (Socket socket in _sockets)
            {
                socket.Dispose();
            }
        }

        await _accepting;
        _closing.Dispose();
    }

    private static TaskCompletionSource NewOpenGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                Socket client = await _listener.AcceptSocketAsync(_closing.Token);
                Interlocked.Increment(ref _connections);
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
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
            await Task.WhenAny(PumpAsync(client, server, countHeld: true), PumpAsync(server, client, countHeld: false));
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

    // One chunk at a time: read, wait while stalled, pass on. While stalled, the chunk read is held here and the rest
    // waits in the kernel's buffers, as it would on a path that stopped delivering.
    private async Task PumpAsync(Socket from, Socket to, bool countHeld)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None, _closing.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                Task flowing;
                lock (_sockets)
                {
                    flowing = _flowing.Task;
                }

                if (!flowing.IsCompleted && countHeld)
                {
                    Interlocked.Increment(ref _heldChunks);
                }

                await flowing.WaitAsync(_closing.Token);
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _closing.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // a side closed, or the proxy is closing
        }
    }
}
