using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// A stream's real transport whose connect or send hangs in device time, as a connect to a silent host, a DNS lookup or
/// a TLS handshake without a limit does on the ESP32: the calling thread waits <c>connectHangMilliseconds</c> (or
/// <c>sendHangMilliseconds</c>) of simulated time, the first time only, then goes on.
/// </summary>
public sealed class HangingTransport(ITransport inner, SimulatedTime time, int connectHangMilliseconds, int sendHangMilliseconds = 0) : ITransport
{
    private int _connectHangs = connectHangMilliseconds;
    private int _sendHangs = sendHangMilliseconds;

    /// <inheritdoc/>
    public void Connect(string host, int port, bool useTls)
    {
        int hang = Interlocked.Exchange(ref _connectHangs, 0);
        if (hang > 0)
        {
            time.Sleep(hang);
        }

        inner.Connect(host, port, useTls);
    }

    /// <inheritdoc/>
    public void Send(byte[] buffer, int offset, int count)
    {
        int hang = Interlocked.Exchange(ref _sendHangs, 0);
        if (hang > 0)
        {
            time.Sleep(hang);
        }

        inner.Send(buffer, offset, count);
    }

    /// <inheritdoc/>
    public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds) => inner.Receive(buffer, offset, count, timeoutMilliseconds);

    /// <inheritdoc/>
    public void Close() => inner.Close();
}
