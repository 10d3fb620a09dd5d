using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>A socket on an <see cref="OpenSockets"/> list from its <see cref="Connect"/> to its <see cref="Close"/>.</summary>
public sealed class TrackedSocket(ITransport inner, OpenSockets list) : ITransport
{
    /// <inheritdoc/>
    public void Connect(string host, int port, bool useTls)
    {
        if (!list.TryAdd(this))
        {
            throw BoardIsOff(host, port);
        }

        inner.Connect(host, port, useTls);
        if (!list.Contains(this))
        {
            // The list was closed during the connect, before there was a connection to close.
            inner.Close();
            throw BoardIsOff(host, port);
        }
    }

    /// <inheritdoc/>
    public void Send(byte[] buffer, int offset, int count) => inner.Send(buffer, offset, count);

    /// <inheritdoc/>
    public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds) => inner.Receive(buffer, offset, count, timeoutMilliseconds);

    /// <inheritdoc/>
    public void Close()
    {
        list.Remove(this);
        inner.Close();
    }

    private static IOException BoardIsOff(string host, int port) =>
        new("connecting to " + host + ":" + port + " failed: the virtual board is off (its run has ended)");
}
