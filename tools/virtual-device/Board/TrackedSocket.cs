using HeartRateStreamer.Ports;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>
/// A socket on an <see cref="OpenSockets"/> list from its <see cref="Connect"/> to its <see cref="Close"/>; the list
/// counts its connects and knows how far one under way has got (<see cref="Accepted"/>: the server took the TCP connection).
/// </summary>
public sealed class TrackedSocket : ITransport
{
    private readonly IAbortableTransport _inner;
    private readonly OpenSockets _list;

    // The connect's own, made before the list knows of the connect: a Close from the list's thread that lands before the
    // inner transport has stored what its own Close ends still ends the connect at once.
    private CancellationTokenSource? _abandoned;

    /// <summary><paramref name="create"/> makes the socket, given the call that tells this one its server accepted the connection.</summary>
    public TrackedSocket(Func<Action, IAbortableTransport> create, OpenSockets list)
    {
        _list = list;
        _inner = create(Accepted);
    }

    /// <summary>How far the connect under way has got (<see cref="ConnectPhase.None"/> when none is).</summary>
    internal ConnectPhase Phase { get; private set; }

    /// <inheritdoc/>
    public void Connect(string host, int port, bool useTls)
    {
        var abandoned = new CancellationTokenSource(); // no timer: nothing to dispose
        Volatile.Write(ref _abandoned, abandoned);
        if (!_list.TryAdd(this))
        {
            throw BoardIsOff(host, port);
        }

        bool made = false;
        try
        {
            _inner.Connect(host, port, useTls, abandoned.Token);
            made = true;
        }
        finally
        {
            made = _list.ConnectEnded(this, made);
        }

        if (!made)
        {
            // The list let go of this socket while it connected (the run ended): a connection made meanwhile is not kept.
            _inner.Close();
            throw BoardIsOff(host, port);
        }
    }

    /// <inheritdoc/>
    public void Send(byte[] buffer, int offset, int count) => _inner.Send(buffer, offset, count);

    /// <inheritdoc/>
    public int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds) => _inner.Receive(buffer, offset, count, timeoutMilliseconds);

    /// <inheritdoc/>
    public void Close()
    {
        _list.Remove(this);
        Volatile.Read(ref _abandoned)?.Cancel();
        _inner.Close();
    }

    // The server took the TCP connection; a TLS handshake may follow.
    private void Accepted() => _list.Accepted(this);

    internal void SetPhase(ConnectPhase phase) => Phase = phase;

    private static IOException BoardIsOff(string host, int port) =>
        new("connecting to " + host + ":" + port + " failed: the virtual board is off (its run has ended)");
}

/// <summary>How far a <see cref="TrackedSocket"/>'s connect under way has got.</summary>
internal enum ConnectPhase
{
    /// <summary>No connect under way.</summary>
    None,

    /// <summary>Waiting for the server to take the TCP connection.</summary>
    Connecting,

    /// <summary>The server took it; the TLS handshake is under way.</summary>
    Accepted,
}
