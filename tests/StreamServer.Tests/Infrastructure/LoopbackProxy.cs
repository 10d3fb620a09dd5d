using System.Net;
using System.Net.Sockets;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A TCP proxy on a free 127.0.0.1 port in front of a real server on another loopback port: it accepts, connects
/// each client to the server, and pumps both ways with what the subclass does to the bytes (<see cref="PumpAsync"/>).
/// Disposing closes every connection.</summary>
public abstract class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly List<Socket> _sockets = [];
    private readonly Dictionary<Socket, object> _links = []; // under Gate: what the subclass keeps of each open connection, by its client's socket
    private readonly Task _accepting;
    private int _connections;
    private bool _cut; // under _sockets: every connection is closed at once

    protected LoopbackProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections clients opened through the proxy since it started.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Cancelled when the proxy closes.</summary>
    protected CancellationTokenSource Closing { get; } = new();

    /// <summary>Guards the subclass's own state along with the connections.</summary>
    protected object Gate => _sockets;

    public async ValueTask DisposeAsync()
    {
        Closing.Cancel();
        _listener.Stop();
        lock (_sockets)
        {
            OnClosing();
            foreach (Socket socket in _sockets)
            {
                socket.Dispose();
            }
        }

        await _accepting;
        Closing.Dispose();
    }

    /// <summary>Passes what <paramref name="from"/> sends on to <paramref name="to"/> until either side closes;
    /// <paramref name="fromClient"/> says which way.</summary>
    protected abstract Task PumpAsync(Socket from, Socket to, bool fromClient);

    /// <summary>Closes every connection, and each new one as soon as it is accepted, until <see cref="Mend"/>: a link that
    /// went down (the clients see their connections end and their reconnections fail), not a server that hangs.</summary>
    public void Cut()
    {
        lock (_sockets)
        {
            _cut = true;
            foreach (Socket socket in _sockets)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>New connections pass again (after <see cref="Cut"/>).</summary>
    public void Mend()
    {
        lock (_sockets)
        {
            _cut = false;
        }
    }

    /// <summary>Called under <see cref="Gate"/> as the proxy closes, before the connections go.</summary>
    protected virtual void OnClosing()
    {
    }

    /// <summary>What the subclass keeps of the connection whose client is <paramref name="client"/>, made on first use and
    /// let go when the connection ends.</summary>
    protected TLink LinkOf<TLink>(Socket client)
        where TLink : class, new()
    {
        lock (_sockets)
        {
            if (!_links.TryGetValue(client, out object? link))
            {
                link = new TLink();
                _links.Add(client, link);
            }

            return (TLink)link;
        }
    }

    /// <summary>Under <see cref="Gate"/>: what the subclass keeps of each open connection (<see cref="LinkOf"/>).</summary>
    protected IEnumerable<TLink> Links<TLink>() => _links.Values.Cast<TLink>();

    /// <summary>A gate that is open: a task completed already, for a pump to wait on until a subclass closes it.</summary>
    protected static TaskCompletionSource OpenGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    /// <summary>True for what a socket throws when its side closes or the proxy is closing.</summary>
    protected static bool IsClosing(Exception exception) => exception is OperationCanceledException or SocketException or ObjectDisposedException;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                Socket client = await _listener.AcceptSocketAsync(Closing.Token);
                Interlocked.Increment(ref _connections);
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                client.NoDelay = true;
                lock (_sockets)
                {
                    if (_cut)
                    {
                        client.Dispose();
                        server.Dispose();
                        continue;
                    }

                    _sockets.Add(client);
                    _sockets.Add(server);
                }

                _ = ConnectAndPumpAsync(client, server);
            }
        }
        catch (Exception exception) when (IsClosing(exception))
        {
            // closing
        }
    }

    private async Task ConnectAndPumpAsync(Socket client, Socket server)
    {
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, Closing.Token);
            await Task.WhenAny(PumpAsync(client, server, fromClient: true), PumpAsync(server, client, fromClient: false));
        }
        catch (Exception exception) when (IsClosing(exception))
        {
            // the target refused, or the proxy is closing
        }
        finally
        {
            lock (_sockets)
            {
                _links.Remove(client);
            }

            client.Dispose();
            server.Dispose();
        }
    }
}
