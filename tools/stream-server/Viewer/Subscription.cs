using System.Threading.Channels;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>One viewer's queue of events, bounded in bytes and in count (<see cref="ViewerLimits"/>).
/// A viewer that falls behind either bound is cut off: its queue closes and <see cref="CutOff"/> fires,
/// which aborts a write stuck on a client that stopped reading. Disposing it (the viewer left) takes it off the plot.</summary>
public sealed class Subscription : IDisposable
{
    private readonly Channel<(SseEvent Item, bool Counted)> _channel = Channel.CreateUnbounded<(SseEvent, bool)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _cutOff = new();
    private readonly ViewerLimits _limits;
    private readonly Action<Subscription> _unsubscribe;
    private readonly object _gate = new();
    private long _queuedBytes;
    private int _queuedEvents;

    // After a resume from the cluster's history (PlotEventStream.Subscribe): this node's events up to the history's last,
    // of that builder (epoch), come again and are skipped; or nothing fits until the next figure.
    private string? _skipEpoch;
    private long _skipThrough;
    private bool _awaitsFigure;

    public Subscription(ViewerLimits limits, Action<Subscription> unsubscribe)
    {
        _limits = limits;
        _unsubscribe = unsubscribe;
    }

    /// <summary>Cancelled when the viewer is cut off for falling behind.</summary>
    public CancellationToken CutOff => _cutOff.Token;

    public bool IsCutOff => _cutOff.IsCancellationRequested;

    /// <summary>Bytes queued and not yet taken by the writer.</summary>
    public long QueuedBytes
    {
        get
        {
            lock (_gate)
            {
                return _queuedBytes;
            }
        }
    }

    /// <summary>True while the viewer waits for a figure: until one comes, other events are skipped.</summary>
    public bool AwaitsFigure
    {
        get
        {
            lock (_gate)
            {
                return _awaitsFigure;
            }
        }
    }

    /// <summary>Skips the events up to <paramref name="lastId"/> (sequence <paramref name="lastSequence"/>) of that id's epoch:
    /// the viewer has them from elsewhere.</summary>
    public void SkipThrough(string lastId, long lastSequence)
    {
        lock (_gate)
        {
            _skipEpoch = SseEventId.TryParse(lastId, out string epoch, out _) ? epoch : null;
            _skipThrough = lastSequence;
        }
    }

    /// <summary>Skips every event until a figure: the viewer's state is one the next events do not build on.</summary>
    public void AwaitFigure()
    {
        lock (_gate)
        {
            _awaitsFigure = true;
        }
    }

    /// <summary>Queues an event; false (and the viewer is cut off) when it would pass a bound or the queue is closed.</summary>
    /// <param name="counted">False for what a viewer starts with (the shared snapshot, the catch-up from the
    /// replay buffer): those are held by the plot anyway, so they do not use up the viewer's budget.</param>
    public bool TryWrite(SseEvent item, bool counted = true)
    {
        lock (_gate)
        {
            // A ping is no part of the plot's events: it neither waits for nor ends a skip.
            if ((_awaitsFigure || _skipEpoch is not null) && !ReferenceEquals(item, SseEvent.Ping) && Skips(item))
            {
                return true;
            }

            // One event larger than the whole budget still goes to a viewer that has taken everything before it.
            if (counted && _queuedEvents > 0 && (_queuedBytes + item.Length > _limits.ViewerQueueBytes || _queuedEvents >= _limits.ViewerQueueEvents))
            {
                CutOffLocked();
                return false;
            }

            if (!_channel.Writer.TryWrite((item, counted)))
            {
                return false;
            }

            if (counted)
            {
                _queuedBytes += item.Length;
                _queuedEvents++;
            }

            return true;
        }
    }

    /// <summary>The next queued event, if any, now no longer counted against the viewer's budget.</summary>
    public bool TryRead(out SseEvent item)
    {
        lock (_gate)
        {
            if (!_channel.Reader.TryRead(out (SseEvent Item, bool Counted) entry))
            {
                item = null!;
                return false;
            }

            item = entry.Item;
            if (entry.Counted)
            {
                _queuedBytes -= item.Length;
                _queuedEvents--;
            }

            return true;
        }
    }

    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Waits for the next event (for in-process readers such as tests; the SSE writer uses TryRead).</summary>
    /// <exception cref="ChannelClosedException">The queue was completed or cut off and is empty.</exception>
    public async ValueTask<SseEvent> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (await WaitToReadAsync(cancellationToken))
        {
            if (TryRead(out SseEvent item))
            {
                return item;
            }
        }

        throw new ChannelClosedException();
    }

    /// <summary>No more events: the writer sends what is queued and ends the stream (server stopping).</summary>
    public void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        Complete();
        _unsubscribe(this);
    }

    // Once an event passes, the filter is done: the events after it follow on.
    private bool Skips(SseEvent item)
    {
        if (_awaitsFigure)
        {
            _awaitsFigure = item.Type != "figure";
            return _awaitsFigure;
        }

        if (item.Sequence <= _skipThrough && SseEventId.TryParse(item.Id, out string epoch, out _) && epoch == _skipEpoch)
        {
            return true;
        }

        _skipEpoch = null;
        return false;
    }

    private void CutOffLocked()
    {
        _channel.Writer.TryComplete();
        _cutOff.Cancel();
    }
}
