using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Benchmarks.Streaming;

/// <summary>A transport that accepts everything and keeps only the byte count, so a benchmark measures the writer, not a network.</summary>
public sealed class DiscardingTransport : ITransport
{
    /// <summary>Bytes sent since creation.</summary>
    public long BytesSent { get; private set; }

    /// <inheritdoc />
    public void Connect(string host, int port, bool useTls)
    {
    }

    /// <inheritdoc />
    public void Send(byte[] buffer, int offset, int count) => BytesSent += count;

    /// <inheritdoc />
    public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds) => 0;

    /// <inheritdoc />
    public void Close()
    {
    }
}
