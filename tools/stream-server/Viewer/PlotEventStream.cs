using HeartRateStreamer.StreamServer.Plots;
using System.Text;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>One plot's numbered event sequence and its viewers. Not thread-safe: the owning
/// <see cref="Plots.Plot"/> calls it under its lock, which is what makes a snapshot and the
/// events after it line up exactly. Each event is encoded once (<see cref="SseEvent"/>) and shared by
/// the replay buffer and every viewer's queue; the replay buffer is bounded in events and bytes.</summary>
public sealed class PlotEventStream
{
    /// <summary>How soon a browser reconnects after its stream ended (sent with each snapshot).</summary>
    public const int ReconnectMilliseconds = 1000;

    // Ids are "EPOCH-SEQUENCE"; a new epoch per process start tells a viewer that resumes across a
    // server restart that its sequence number means nothing here, so it gets a snapshot instead.
    // In cluster mode a node that mirrors another node's events takes that node's epoch and numbers (PublishMirrored).
    private string _epoch = SseEventId.NewEpoch();
    private readonly ViewerLimits _limits;
    private readonly UserByteBudget _userBudget;
    private readonly Queue<ReplayEntry> _replay = new();
    private readonly List<Subscription> _subscribers = new();
    private readonly List<Subscription> _waiting = new(); // viewers whose snapshot waits for the plot's next frame (StartWaiting)
    private long _sequence;
    private long _replayBytes;
    private int _admitted; // viewers let in whose start is still being read (TryAdmit): each holds its place

    // Bytes of all events published so far: the bytes between two events is a subtraction.
    private long _publishedBytes;

    // The last snapshot made, shared by every viewer that starts while the events since it are few.
    private SseEvent? _snapshot;
    private long _publishedBytesAtSnapshot;

    /// <param name="userBudget">The owner's budget for all their plots' replay buffers (default: this plot's alone).</param>
    public PlotEventStream(ViewerLimits? limits = null, UserByteBudget? userBudget = null)
    {
        _limits = limits ?? ViewerLimits.Default;
        _userBudget = userBudget ?? new UserByteBudget(_limits.UserReplayBytes);
    }

    public string CurrentId => FormatId(_sequence);

    public int SubscriberCount => _subscribers.Count + _waiting.Count;

    /// <summary>Events published so far (each one a change of the figure its viewers hold).</summary>
    public long PublishedCount { get; private set; }

    /// <summary>Bytes held by the replay buffer.</summary>
    public long ReplayBytes => _replayBytes;

    /// <summary>Events held by the replay buffer.</summary>
    public int ReplayCount => _replay.Count;

    public SseEvent Publish(string eventType, string json) => Publish(eventType, Encoding.UTF8.GetBytes(json));

    /// <summary>Publishes an event with the next id; returns it as it went out (cluster mode relays it).</summary>
    public SseEvent Publish(string eventType, ReadOnlySpan<byte> json)
    {
        _sequence++;
        PublishedCount++;
        SseEvent item = SseEvent.Create(_sequence, CurrentId, eventType, json);
        _publishedBytes += item.Length;
        _replay.Enqueue(new ReplayEntry(item, _publishedBytes));
        _replayBytes += item.Length;
        _userBudget.Add(item.Length);
        while (_limits.ReplayKeepsTooMuch(_replay.Count, _replayBytes, _userBudget))
        {
            int dropped = _replay.Dequeue().Event.Length;
            _replayBytes -= dropped;
            _userBudget.Release(dropped);
        }

        // A viewer too far behind is cut off; its browser reconnects with Last-Event-ID and catches up
        // from the replay buffer or a snapshot.
        _subscribers.RemoveAll(subscriber => !subscriber.TryWrite(item));
        return item;
    }

    /// <summary>Publishes an event another node made (cluster mode), with that node's id, so viewers on every node see the
    /// same ids. When the id does not follow this stream's last one (another epoch: a new frame builder; or a gap: events
    /// missed while Redis was away), the replay buffer is dropped, so no viewer resumes across the break.</summary>
    public SseEvent PublishMirrored(string id, string eventType, ReadOnlySpan<byte> json)
    {
        if (!SseEventId.TryParse(id, out string epoch, out long sequence) || sequence < 1)
        {
            throw new FormatException($"event id '{id}' is not EPOCH-SEQUENCE");
        }

        if (epoch != _epoch || sequence != _sequence + 1)
        {
            DropReplay();
            _epoch = epoch;
        }

        _sequence = sequence - 1;
        return Publish(eventType, json);
    }

    private void DropReplay()
    {
        _userBudget.Release(_replayBytes);
        _replay.Clear();
        _replayBytes = 0;
        _snapshot = null;
    }

    /// <summary>Starts a viewer at the event after <paramref name="lastEventId"/> when the replay
    /// buffer still holds it, else at a snapshot made by
    /// <paramref name="snapshot"/> (or the shared one made lately) plus the events since. In cluster mode
    /// <paramref name="history"/> (the builder's events after lastEventId, from Redis) resumes a viewer this buffer cannot:
    /// it gets them, then this stream's events after the history's last; when this stream does not go on from there (it
    /// follows another builder, or none yet) the viewer waits for the next figure (<see cref="Subscription.AwaitsFigure"/>).
    /// Null when the plot has <see cref="ViewerLimits.MaxViewersPerPlot"/> viewers already, unless <paramref name="admitted"/>:
    /// the viewer takes the place <see cref="TryAdmit"/> held for it. <paramref name="figureAhead"/>: the plot holds changes
    /// its next frame will publish, so a snapshot made now would show them before every other viewer, and then again in that
    /// frame; a viewer that needs a new snapshot then waits, its place taken, for <see cref="StartWaiting"/> after the frame.</summary>
    public Subscription? Subscribe(string? lastEventId, Func<ReadOnlyMemory<byte>> snapshot, Action<Subscription> unsubscribe, IReadOnlyList<SseEvent>? history = null,
        bool admitted = false, bool figureAhead = false)
    {
        if (admitted)
        {
            _admitted--;
        }
        else if (!HasRoom)
        {
            return null;
        }

        var subscription = new Subscription(_limits, unsubscribe);
        if (CanResume(lastEventId))
        {
            TryParseOwnId(lastEventId, out long resumeAfter);
            WriteReplayAfter(subscription, resumeAfter);
        }
        else if (history is not null)
        {
            // What was held elsewhere is not counted against the viewer's queue, as a catch-up from this buffer is not.
            foreach (SseEvent item in history)
            {
                subscription.TryWrite(item, counted: false);
            }

            string lastSeen = history.Count > 0 ? history[^1].Id : lastEventId!;
            if (TryParseOwnId(lastSeen, out long last) && (last > _sequence || CanCatchUpFrom(last, PublishedBytesAt(last))))
            {
                // Events up to the history's last may still be on their way to this node: the viewer has them already.
                subscription.SkipThrough(lastSeen, last);
                WriteReplayAfter(subscription, last);
            }
            else
            {
                subscription.AwaitFigure();
            }
        }
        else if (figureAhead && ReusableSnapshot() is null)
        {
            _waiting.Add(subscription);
            return subscription;
        }
        else
        {
            StartFromSnapshot(subscription, snapshot);
        }

        _subscribers.Add(subscription);
        return subscription;
    }

    /// <summary>Starts the viewers that waited for the plot's frame (<see cref="Subscribe"/>, figureAhead), each from a
    /// snapshot of the plot as it is now, when the events published so far show all of it.</summary>
    public void StartWaiting(Func<ReadOnlyMemory<byte>> snapshot)
    {
        foreach (Subscription subscription in _waiting)
        {
            StartFromSnapshot(subscription, snapshot);
            _subscribers.Add(subscription);
        }

        _waiting.Clear();
    }

    private void StartFromSnapshot(Subscription subscription, Func<ReadOnlyMemory<byte>> snapshot)
    {
        SseEvent shared = SharedSnapshot(snapshot);
        subscription.TryWrite(shared, counted: false);
        WriteReplayAfter(subscription, shared.Sequence);
    }

    /// <summary>Holds a place for a viewer whose start is read first (in a cluster, from the plot's history), so that it is
    /// read only for a viewer the plot has room for; false when it has <see cref="ViewerLimits.MaxViewersPerPlot"/> viewers,
    /// places held included. The viewer takes the place (<see cref="Subscribe"/>, admitted), or <see cref="Withdraw"/> gives it back.</summary>
    public bool TryAdmit()
    {
        if (!HasRoom)
        {
            return false;
        }

        _admitted++;
        return true;
    }

    /// <summary>Gives back a place <see cref="TryAdmit"/> held for a viewer that does not come.</summary>
    public void Withdraw() => _admitted--;

    private bool HasRoom => _subscribers.Count + _waiting.Count + _admitted < _limits.MaxViewersPerPlot;

    /// <summary>True when the replay buffer holds every event after <paramref name="lastEventId"/>.</summary>
    public bool CanResume(string? lastEventId) => TryParseOwnId(lastEventId, out long sequence) && CanCatchUpFrom(sequence, PublishedBytesAt(sequence));

    // The catch-up is in the replay buffer already, so it is not counted against the viewer's queue: only what arrives after
    // it is.
    private void WriteReplayAfter(Subscription subscription, long sequence)
    {
        foreach (ReplayEntry entry in _replay)
        {
            if (entry.Event.Sequence > sequence)
            {
                subscription.TryWrite(entry.Event, counted: false);
            }
        }
    }

    public void Remove(Subscription subscription)
    {
        _subscribers.Remove(subscription);
        _waiting.Remove(subscription);
    }

    /// <summary>The plot left the server: every viewer's stream ends, and the replay buffer's bytes leave the owner's budget.</summary>
    public void Close()
    {
        CompleteAll();
        DropReplay();
    }

    /// <summary>Ends every viewer's event stream (server stopping), so Kestrel need not wait for them.</summary>
    public void CompleteAll()
    {
        foreach (Subscription subscriber in _subscribers.Concat(_waiting))
        {
            subscriber.Complete();
        }

        _subscribers.Clear();
        _waiting.Clear();
    }

    // The shared snapshot is remade when the events since it would cost a new viewer more than half its
    // queue, or more than the snapshot itself: so a plot has at most a few snapshots alive, and a viewer
    // that stops reading holds an old one only until its queue cuts it off.
    private SseEvent SharedSnapshot(Func<ReadOnlyMemory<byte>> snapshot)
    {
        if (ReusableSnapshot() is SseEvent current)
        {
            return current;
        }

        _snapshot = SseEvent.Create(_sequence, CurrentId, "figure", snapshot().Span, ReconnectMilliseconds);
        _publishedBytesAtSnapshot = _publishedBytes;
        return _snapshot;
    }

    // The shared snapshot when a new viewer may still start from it (plus the events since), else null.
    private SseEvent? ReusableSnapshot() =>
        _snapshot is SseEvent current && CanCatchUpFrom(current.Sequence, _publishedBytesAtSnapshot)
            && _publishedBytes - _publishedBytesAtSnapshot <= Math.Min(_limits.ViewerQueueBytes / 2, current.Length)
            && _sequence - current.Sequence <= _limits.ViewerQueueEvents / 2
            ? current
            : null;

    /// <summary>True when every event after <paramref name="sequence"/> is in the replay buffer.</summary>
    private bool CanCatchUpFrom(long sequence, long? publishedBytesAtSequence)
    {
        if (publishedBytesAtSequence is not long bytesAt)
        {
            return false;
        }

        long oldestKept = _replay.Count == 0 ? _sequence + 1 : _replay.Peek().Event.Sequence;
        return sequence <= _sequence && sequence >= oldestKept - 1 && bytesAt <= _publishedBytes;
    }

    /// <summary>Bytes published up to and including event <paramref name="sequence"/>, read from the replay buffer
    /// (null when it is no longer there).</summary>
    private long? PublishedBytesAt(long sequence)
    {
        if (sequence == _sequence)
        {
            return _publishedBytes;
        }

        foreach (ReplayEntry entry in _replay)
        {
            if (entry.Event.Sequence == sequence)
            {
                return entry.PublishedBytes;
            }

            if (entry.Event.Sequence == sequence + 1)
            {
                return entry.PublishedBytes - entry.Event.Length;
            }
        }

        return null;
    }

    private bool TryParseOwnId(string? id, out long sequence) => SseEventId.TryParse(id, out string epoch, out sequence) && epoch == _epoch;

    private string FormatId(long sequence) => SseEventId.Format(_epoch, sequence);

    private readonly record struct ReplayEntry(SseEvent Event, long PublishedBytes);
}
