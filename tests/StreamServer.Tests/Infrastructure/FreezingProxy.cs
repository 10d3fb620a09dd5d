using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>A TCP forwarder on a free loopback port in front of a server, for a browser's half-open connection:
/// <see cref="FreezeEventStreams"/> stops passing bytes either way on every connection that has carried a request for
/// .../events, and keeps it open, as a dead peer or a stuck proxy would. Connections made afterwards pass as before,
/// unless <see cref="HoldNewEventStreams"/> holds their requests too.</summary>
public sealed class FreezingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Link> _links = new();
    private readonly Task _accepting;

    public FreezingProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Event-stream connections frozen so far.</summary>
    public int Frozen { get; private set; }

    /// <summary>While set, a new connection's request for .../events is held, never passed on nor answered: a server or
    /// proxy that took the connection and hangs.</summary>
    public volatile bool HoldNewEventStreams;

    /// <summary>Event-stream requests held so far.</summary>
    public int Held => Volatile.Read(ref _held);

    private int _held;

    public void FreezeEventStreams()
    {
        lock (_links)
        {
            foreach (Link link in _links.Where(l => l.CarriesEvents))
            {
                link.Frozen = true;
                Frozen++;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        lock (_links)
        {
            foreach (Link link in _links)
            {
                link.Client.Dispose();
                link.Server.Dispose();
            }
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient { NoDelay = true };
                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                var link = new Link(client, server);
                lock (_links)
                {
                    _links.Add(link);
                }

                _ = PumpAsync(link, client.GetStream(), server.GetStream(), fromClient: true);
                _ = PumpAsync(link, server.GetStream(), client.GetStream(), fromClient: false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    private async Task PumpAsync(Link link, NetworkStream from, NetworkStream to, bool fromClient)
    {
        byte[] buffer = new byte[16 * 1024];
        try
        {
            int count;
            while ((count = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (fromClient && !link.CarriesEvents && Encoding.ASCII.GetString(buffer, 0, count).Contains("/events", StringComparison.Ordinal))
                {
                    link.CarriesEvents = true;
                    if (HoldNewEventStreams)
                    {
                        link.Frozen = true;
                        Interlocked.Increment(ref _held);
                    }
                }

                if (link.Frozen)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token); // holds the connection open, passing nothing
                }

                await to.WriteAsync(buffer.AsMemory(0, count), _stop.Token);
            }

            link.Client.Dispose();
            link.Server.Dispose();
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            if (!link.Frozen)
            {
                link.Client.Dispose();
                link.Server.Dispose();
            }
        }
    }

    private sealed class Link(TcpClient client, TcpClient server)
    {
        public TcpClient Client { get; } = client;

        public TcpClient Server { get; } = server;

        public volatile bool CarriesEvents;

        public volatile bool Frozen;
    }
}
