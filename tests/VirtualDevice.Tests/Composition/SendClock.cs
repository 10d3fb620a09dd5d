using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>A stream's real transport, with the device-clock time of every send written down (to check the 50 ms cadence).</summary>
public sealed class SendClock(ITransport inner, IClock clock) : ITransport
{
    private readonly List<long> _sendTimes = [];

    /// <summary>When each send happened, in device milliseconds.</summary>
    public long[] SendTimes
    {
        get
        {
            lock (_sendTimes)
            {
                return [.. _sendTimes];
            }
        }
    }

    /// <inheritdoc/>
    public void Connect(string host, int port, bool useTls) => inner.Connect(host, port, useTls);

    /// <inheritdoc/>
    public void Send(byte[] buffer, int offset, int count)
    {
        inner.Send(buffer, offset, count);
        lock (_sendTimes)
        {
            _sendTimes.Add(clock.Milliseconds);
        }
    }

    /// <inheritdoc/>
    public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds) => inner.Receive(buffer, offset, count, timeoutMilliseconds);

    /// <inheritdoc/>
    public void Close() => inner.Close();
}
