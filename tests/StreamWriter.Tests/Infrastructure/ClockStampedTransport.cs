using HeartRateStreamer.Ports;

namespace HeartRateStreamer.StreamWriter.Tests.Infrastructure;

/// <summary>
/// The real transport with the stream's clock time noted at every send, so cadence can be checked in stream time
/// (the loopback server sees only real time, which a manual clock does not follow). Everything else passes through.
/// </summary>
public sealed class ClockStampedTransport(ITransport inner, IClock clock) : ITransport
{
    private readonly List<long> _sendTimes = [];

    /// <summary>The clock time of every send since the last connection, the head's included.</summary>
    public IReadOnlyList<long> SendTimes { get { lock (_sendTimes) { return _sendTimes.ToArray(); } } }

    /// <inheritdoc />
    public void Connect(string host, int port, bool useTls)
    {
        inner.Connect(host, port, useTls);
        lock (_sendTimes)
        {
            _sendTimes.Clear();
        }
    }

    /// <inheritdoc />
    public void Send(byte[] buffer, int offset, int count)
    {
        inner.Send(buffer, offset, count);
        lock (_sendTimes)
        {
            _sendTimes.Add(clock.Milliseconds);
        }
    }

    /// <inheritdoc />
    public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds) => inner.Receive(buffer, offset, count, timeoutMilliseconds);

    /// <inheritdoc />
    public void Close() => inner.Close();
}
