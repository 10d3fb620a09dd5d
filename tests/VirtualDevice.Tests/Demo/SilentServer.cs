using System.Net;
using System.Net.Sockets;

namespace HeartRateStreamer.VirtualDevice.Tests.Demo;

/// <summary>
/// A server that takes every connection and every byte and never answers, as a hung server or the wrong service on the
/// port does: a board's plot creation waits out its deadline on it.
/// </summary>
public sealed class SilentServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _connections = [];
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Listens on a free loopback port.</summary>
    public SilentServer()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>http://127.0.0.1:PORT.</summary>
    public string Url => "http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>https://127.0.0.1:PORT: a TLS client's hello is taken and never answered, as by a server whose TLS hangs.</summary>
    public string HttpsUrl => "https://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Set once a request's first bytes have arrived.</summary>
    public ManualResetEventSlim RequestReceived { get; } = new();

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_connections)
        {
            _connections.ForEach(connection => connection.Dispose());
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                Socket connection = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_connections)
                {
                    _connections.Add(connection);
                }

                _ = ReadAsync(connection);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    private async Task ReadAsync(Socket connection)
    {
        var buffer = new byte[4096];
        try
        {
            while (await connection.ReceiveAsync(buffer, _stop.Token) > 0)
            {
                RequestReceived.Set();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed, or the device closed it.
        }
    }
}
