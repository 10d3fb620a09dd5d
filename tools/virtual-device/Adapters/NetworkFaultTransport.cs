using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// A transport on the virtual device's <see cref="SimulatedNetwork"/>: while the network is down, connecting is
/// refused and sending breaks the connection, each with the <see cref="IOException"/> a lost Wi-Fi link gives, so the
/// stream writer's own reconnect and window resend are what recover.
/// </summary>
public sealed class NetworkFaultTransport(ITransport inner, SimulatedNetwork network) : ITransport
{
    /// <inheritdoc/>
    public void Connect(string host, int port, bool useTls)
    {
        if (network.IsDown)
        {
            throw new IOException("connecting to " + host + ":" + port + " failed: the network is down (scripted fault)");
        }

        inner.Connect(host, port, useTls);
    }

    /// <inheritdoc/>
    public void Send(byte[] buffer, int offset, int count)
    {
        if (network.IsDown)
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
        if (network.IsDown)
        {
            inner.Close();
            throw new IOException("receiving failed: the network is down (scripted fault)");
        }

        return inner.Receive(buffer, offset, count, timeoutMilliseconds);
    }

    /// <inheritdoc/>
    public void Close() => inner.Close();
}
