using HeartRateStreamer.Ports;

namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>
/// The sockets a <see cref="VirtualBoard"/> has open, each from its connect to its close, so that ending the run closes
/// every one: the streams', and a plot creation's whose job is still waiting for its answer (a board reboots instead;
/// a PC kept that socket until the creator's own deadline, and for good in simulated time that stands still). Once
/// closed, the list lets no socket connect again.
/// </summary>
public sealed class OpenSockets
{
    private readonly HashSet<TrackedSocket> _open = [];
    private bool _isClosed;

    /// <summary><paramref name="socket"/> as a transport this list knows while it is open.</summary>
    public ITransport Track(ITransport socket) => new TrackedSocket(socket, this);

    /// <summary>Closes every open socket; a connect from now on fails.</summary>
    public void CloseAll()
    {
        TrackedSocket[] open;
        lock (_open)
        {
            _isClosed = true;
            open = [.. _open];
        }

        foreach (TrackedSocket socket in open)
        {
            socket.Close();
        }
    }

    /// <summary>Adds a socket about to connect; false once the list is closed.</summary>
    internal bool TryAdd(TrackedSocket socket)
    {
        lock (_open)
        {
            if (_isClosed)
            {
                return false;
            }

            _open.Add(socket);
            return true;
        }
    }

    /// <summary>True while <paramref name="socket"/> is on the list (<see cref="CloseAll"/> has not closed it).</summary>
    internal bool Contains(TrackedSocket socket)
    {
        lock (_open)
        {
            return _open.Contains(socket);
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
