using System.Net.ServerSentEvents;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>One plot's numbered event sequence and its viewers. Not thread-safe: the owning
/// <see cref="Plots.Plot"/> calls it under its lock, which is what makes a snapshot and the
/// events after it line up exactly.</summary>
public sealed class PlotEventStream
{
    /// <summary>Events kept for Last-Event-ID resume: one minute of frames at 20 per second.</summary>
    public const int ReplayCapacity = 1200;

    // Ids are "EPOCH-SEQUENCE"; a new epoch per process start tells a viewer that resumes across a
    // server restart that its sequence number means nothing here, so it gets a snapshot instead.
    private readonly string _epoch = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
    private readonly Queue<(long Sequence, SseItem<string> Item)> _replay = new();
    private readonly List<Subscription> _subscribers = new();
    private long _sequence;

    public string CurrentId => FormatId(_sequence);

    public int SubscriberCount => _subscribers.Count;

    public void Publish(string eventType, string json)
    {
        _sequence++;
        var item = new SseItem<string>(json, eventType) { EventId = CurrentId };
        _replay.Enqueue((_sequence, item));
        if (_replay.Count > ReplayCapacity)
        {
            _replay.Dequeue();
        }

        // A viewer too slow to take ReplayCapacity events is cut off; its browser reconnects with
        // Last-Event-ID and catches up from the replay buffer or a snapshot.
        _subscribers.RemoveAll(subscriber => !subscriber.TryWrite(item));
    }

    /// <summary>Starts a viewer at the event after <paramref name="lastEventId"/> when the replay
    /// buffer still holds it, else at a snapshot made by <paramref name="snapshot"/>.</summary>
    public Subscription Subscribe(string? lastEventId, Func<string> snapshot, Action<Subscription> unsubscribe)
    {
        var subscription = new Subscription(ReplayCapacity + 64, unsubscribe);
        if (TryParseOwnId(lastEventId, out long resumeAfter) && CanResumeAfter(resumeAfter))
        {
            foreach ((long sequence, SseItem<string> item) in _replay)
            {
                if (sequence > resumeAfter)
                {
                    subscription.TryWrite(item);
                }
            }
        }
        else
        {
            subscription.TryWrite(new SseItem<string>(snapshot(), "figure") { EventId = CurrentId, ReconnectionInterval = TimeSpan.FromSeconds(1) });
        }

        _subscribers.Add(subscription);
        return subscription;
    }

    public void Remove(Subscription subscription) => _subscribers.Remove(subscription);

    /// <summary>Ends every viewer's event stream (server stopping), so Kestrel need not wait for them.</summary>
    public void CompleteAll()
    {
        foreach (Subscription subscriber in _subscribers)
        {
            subscriber.Complete();
        }

        _subscribers.Clear();
    }

    private bool CanResumeAfter(long sequence)
    {
        long oldestKept = _replay.Count == 0 ? _sequence + 1 : _replay.Peek().Sequence;
        return sequence <= _sequence && sequence >= oldestKept - 1;
    }

    private bool TryParseOwnId(string? id, out long sequence)
    {
        sequence = 0;
        int dash = id?.IndexOf('-') ?? -1;
        return dash > 0 && id![..dash] == _epoch && long.TryParse(id[(dash + 1)..], out sequence);
    }

    private string FormatId(long sequence) => $"{_epoch}-{sequence}";
}
