using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// A transport with a network fault switch, for the demo's scripted drop: while <see cref="IsNetworkDown"/> is on,
/// connecting is refused and sending breaks the connection, each with the <see cref="IOException"/> a lost Wi-Fi link
/// gives, so the stream writer's own reconnect and window resend are what recover.
/// </summary>
public sealed class NetworkFaultTransport(ITransport inner) : ITransport
{
    private int _networkDown;

    /// <summary>True while the simulated network is down.</summary>
    public bool IsNetworkDown
    {
        get => Interlocked.CompareExchange(ref _networkDown, 0, 0) == 1;
        set => Interlocked.Exchange(ref _networkDown, value ? 1 : 0);
    }

    /// <inheritdoc/>
    public void Connect(string host, int port, bool useTls)
    {
        if (IsNetworkDown)
        {
            throw new IOException("connecting to " + host + ":" + port + " failed: the network is down (scripted fault)");
        }

        inner.Connect(host, port, useTls);
    }

    /// <inheritdoc/>
    public void Send(byte[] buffer, int offset, int count)
    {
        if (IsNetworkDown)
        {
            // The link is gone: what was in flight is lost with the connection.
            inner.Close();
            throw new IOException("sending failed: the network is down (scripted fault)");
        }

        inner.Send(buffer, offset, count);
    }

    /// <inheritdoc/>
    public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        if (IsNetworkDown)
        {
            inner.Close();
            throw new IOException("receiving failed: the network is down (scripted fault)");
        }

        return inner.Receive(buffer, offset, count, timeoutMilliseconds);
    }

    /// <inheritdoc/>
    public void Close() => inner.Close();
}
