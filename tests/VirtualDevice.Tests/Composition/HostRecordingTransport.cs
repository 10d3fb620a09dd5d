using System.Collections.Concurrent;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// A stream's real transport that records the host of every connect and reaches <paramref name="alias"/> at
/// <paramref name="address"/>, as DNS would (a test has one server, on one address).
/// </summary>
public sealed class HostRecordingTransport(ITransport inner, string alias, string address) : ITransport
{
    /// <summary>The hosts connected to, in order.</summary>
    public ConcurrentQueue<string> Hosts { get; } = new();

    /// <inheritdoc/>
    public void Connect(string host, int port, bool useTls)
    {
        Hosts.Enqueue(host);
        inner.Connect(host == alias ? address : host, port, useTls);
    }

    /// <inheritdoc/>
    public void Send(byte[] buffer, int offset, int count) => inner.Send(buffer, offset, count);

    /// <inheritdoc/>
    public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds) => inner.Receive(buffer, offset, count, timeoutMilliseconds);

    /// <inheritdoc/>
    public void Close() => inner.Close();
}
