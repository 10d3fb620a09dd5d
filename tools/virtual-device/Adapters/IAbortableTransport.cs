using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// A transport whose connect also ends when a token its owner made before the connect is cancelled: an owner that
/// closes it from another thread (the virtual board's socket lists, when the run ends) may do so before the connect has
/// stored anything its <see cref="ITransport.Close"/> could end, and must not be missed then.
/// </summary>
public interface IAbortableTransport : ITransport
{
    /// <summary>As <see cref="ITransport.Connect"/>; fails at once when <paramref name="abandoned"/> is cancelled already,
    /// and as soon as it is cancelled later, except during a name lookup (which cannot be ended: it is waited for).</summary>
    void Connect(string host, int port, bool useTls, CancellationToken abandoned);

    /// <summary>A connect nobody abandons.</summary>
    void ITransport.Connect(string host, int port, bool useTls) => Connect(host, port, useTls, CancellationToken.None);
}
