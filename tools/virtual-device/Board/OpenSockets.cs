using HeartRateStreamer.Ports;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>
/// The sockets a <see cref="VirtualBoard"/> has open, each from its connect to its close, so that ending the run closes
/// every one: the streams', and a plot creation's whose job is still waiting for its answer (a board reboots instead;
/// a PC kept that socket until the creator's own deadline, and for good in simulated time that stands still). Once
/// closed, or once its connects under way were ended, the list lets no socket connect again. It notes whether a connect
/// was tried on it and whether one was made, so a run can tell a server it reached from one it never did
/// (<see cref="Reached"/>, <see cref="Tried"/>).
/// </summary>
public sealed class OpenSockets
{
    private readonly HashSet<TrackedSocket> _open = [];
    private bool _refusesConnects;
    private bool _refusedAfterAccept;
    private bool _tried;
    private bool _made;

    /// <summary>The socket <paramref name="create"/> makes (given the call its server's accepting a connection makes) as a transport this list knows while it is open.</summary>
    public ITransport Track(Func<Action, IAbortableTransport> create) => new TrackedSocket(create, this);

    /// <summary>True once a connect was tried on this list (one still under way included).</summary>
    public bool Tried
    {
        get
        {
            lock (_open)
            {
                return _tried;
            }
        }
    }

    /// <summary>
    /// True when a connect on this list has been made, or one under way has had its TCP connection taken by the server
    /// (its TLS handshake not yet judged): a server is there. A connect that failed, TLS refused included, is no reach;
    /// once a server refused a handshake on this list, a handshake under way is taken to be refused too (the run may
    /// end in the few ms between a retry's accept and its refusal).
    /// </summary>
    public bool Reached
    {
        get
        {
            lock (_open)
            {
                return _made || (!_refusedAfterAccept && _open.Any(s => s.Phase == ConnectPhase.Accepted));
            }
        }
    }

    /// <summary>How many sockets are on the list: connecting, or connected and not yet closed.</summary>
    internal int Count
    {
        get
        {
            lock (_open)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>True while a connect on this list waits for the server to take its TCP connection.</summary>
    public bool ConnectUnderWay
    {
        get
        {
            lock (_open)
            {
                return _open.Any(s => s.Phase == ConnectPhase.Connecting);
            }
        }
    }

    /// <summary>Closes every open socket; a connect from now on fails.</summary>
    public void CloseAll() => Close(_ => true);

    /// <summary>
    /// Ends every connect under way (it fails at once, even if it is just being made) and refuses every connect from now
    /// on; the connections already made stay open, so their streams can end properly.
    /// </summary>
    public void CloseConnectsUnderWay() => Close(s => s.Phase != ConnectPhase.None);

    // Which sockets to close is decided, and they are let go, under the lock a connect's end takes too: a connect that
    // ends after this fails (its socket is no longer on the list), one that ended before is left alone when it is not chosen.
    private void Close(Func<TrackedSocket, bool> chosen)
    {
        TrackedSocket[] closing;
        lock (_open)
        {
            _refusesConnects = true;
            closing = [.. _open.Where(chosen)];
            _open.ExceptWith(closing);
        }

        foreach (TrackedSocket socket in closing)
        {
            socket.Close();
        }
    }

    /// <summary>Adds a socket about to connect; false once the list refuses connects (<see cref="CloseAll"/>, <see cref="CloseConnectsUnderWay"/>).</summary>
    internal bool TryAdd(TrackedSocket socket)
    {
        lock (_open)
        {
            if (_refusesConnects)
            {
                return false;
            }

            _open.Add(socket);
            _tried = true;
            socket.SetPhase(ConnectPhase.Connecting);
            return true;
        }
    }

    /// <summary>The server took <paramref name="socket"/>'s TCP connection; its TLS handshake may follow.</summary>
    internal void Accepted(TrackedSocket socket)
    {
        lock (_open)
        {
            if (socket.Phase == ConnectPhase.Connecting)
            {
                socket.SetPhase(ConnectPhase.Accepted);
            }
        }
    }

    /// <summary>
    /// <paramref name="socket"/>'s connect has ended: <paramref name="made"/>, or failed. Returns true when the connection
    /// is kept: made, and the socket still on the list (not let go by a close while it connected).
    /// </summary>
    internal bool ConnectEnded(TrackedSocket socket, bool made)
    {
        lock (_open)
        {
            // Failed after the server took it, and not let go by a close: the server refused the handshake.
            _refusedAfterAccept |= !made && socket.Phase == ConnectPhase.Accepted && _open.Contains(socket);
            socket.SetPhase(ConnectPhase.None);
            if (made)
            {
                _made = true; // a server took it, kept or not
            }

            return made && _open.Contains(socket);
        }
    }

    /// <summary>Takes a closed socket off the list.</summary>
    internal void Remove(TrackedSocket socket)
    {
        lock (_open)
        {
            _open.Remove(socket);
        }
    }
}
