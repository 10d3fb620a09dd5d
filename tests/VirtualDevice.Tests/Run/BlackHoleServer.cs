using System.Net;
using System.Net.Sockets;

namespace HeartRateStreamer.VirtualDevice.Tests.Run;

/// <summary>
/// An address whose connects wait without an answer, as one that drops packets does: a listener that never accepts,
/// its backlog of one already taken, so the kernel drops a further connect's SYN and the connect waits out its timeout.
/// </summary>
public sealed class BlackHoleServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TcpClient _filler = new();

    /// <summary>Listens on a free loopback port and fills its backlog.</summary>
    public BlackHoleServer()
    {
        _listener.Start(0);
        _filler.Connect(IPAddress.Loopback, Port);
    }

    /// <summary>The port.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>True when a connect there now waits instead of being taken (checked with a connect of its own).</summary>
    public bool DropsConnects()
    {
        using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            probe.ConnectAsync(IPAddress.Loopback, Port, timeout.Token).AsTask().GetAwaiter().GetResult();
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _filler.Dispose();
        _listener.Stop();
    }
}
