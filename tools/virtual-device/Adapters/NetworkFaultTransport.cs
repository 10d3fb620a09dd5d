using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// A transport on the virtual device's <see cref="SimulatedNetwork"/>, behaving as a board's socket does when the link
/// goes: connecting is refused; the connection is lost for good, but sends go on into the TCP stack's buffer (and are lost
/// with it) until it is full, and the send that does not fit fails after the send timeout; a read waits and gets nothing.
/// So the stream writer's own failure detection, reconnect and window resend are what recover, and the points sent into
/// the dead link must reach the plot through the resent window.
/// </summary>
public sealed class NetworkFaultTransport(ITransport inner, SimulatedNetwork network, IDeviceThreads threads) : ITransport
{
    // ESP-IDF's default TCP send buffer (CONFIG_LWIP_TCP_SND_BUF_DEFAULT: 5760 bytes, four 1440-byte segments). The exact
    // size matters little: what counts is that seconds of points vanish into it before a send fails.
    private const int SendBufferBytes = 5760;

    private bool _lost; // the link went while connected: nothing more of this connection reaches the server
    private int _bufferedBytes; // taken into the send buffer since

    /// <inheritdoc/>
    public void Connect(string host, int port, bool useTls)
    {
        if (network.IsDown)
        {
            throw new IOException("connecting to " + host + ":" + port + " failed: the network is down (scripted fault)");
        }

        _lost = false;
        _bufferedBytes = 0;
        inner.Connect(host, port, useTls);
    }

    /// <inheritdoc/>
    public void Send(byte[] buffer, int offset, int count)
    {
        if (network.IsDown && !_lost)
        {
            _lost = true;
            inner.Close();
        }

        if (!_lost)
        {
            inner.Send(buffer, offset, count);
            return;
        }

        if (_bufferedBytes + count <= SendBufferBytes)
        {
            _bufferedBytes += count;
            return;
        }

        threads.Sleep(NetworkTimeouts.SendMilliseconds);
        throw new IOException("sending failed: timed out after " + NetworkTimeouts.SendMilliseconds + " ms (the link went down: scripted fault)");
    }

    /// <inheritdoc/>
    public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        if (network.IsDown && !_lost)
        {
            _lost = true;
            inner.Close();
        }

        if (!_lost)
        {
            return inner.Receive(buffer, offset, count, timeoutMilliseconds);
        }

        // Nothing comes over a lost link; once the network is back, the server has long dropped this connection.
        if (network.IsDown)
        {
            threads.Sleep(timeoutMilliseconds);
            return 0;
        }

        return -1;
    }

    /// <inheritdoc/>
    public void Close() => inner.Close();
}
