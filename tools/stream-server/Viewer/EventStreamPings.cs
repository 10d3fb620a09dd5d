using System.Collections.Concurrent;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>Keeps quiet event streams talking: every <see cref="Interval"/> (15 s by default) one timer for the whole
/// server queues a "ping" event (<see cref="SseEvent.Ping"/>, no id, so a browser's Last-Event-ID stays the last real
/// event's) on every open event stream. A stream of a plot that gets no points otherwise sends nothing for as long as
/// it stays quiet: a proxy with an idle timeout (often 60 s) cuts it, a half-open connection is never noticed by the
/// page, and a viewer that vanished keeps its slot until its operating system gives up on the connection, which only
/// happens once something is sent to it. The page takes two missed pings as a dead stream and reopens it
/// (wwwroot/viewer.js). A ping is counted against the viewer's queue like any event, so one that reads nothing is still
/// cut off by <see cref="ViewerLimits"/>.</summary>
public sealed class EventStreamPings : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<Subscription, byte> _open = new();
    private readonly Timer _timer;

    public EventStreamPings(TimeSpan interval)
    {
        Interval = interval;
        _timer = new Timer(_ => PingAll(), null, interval, interval);
    }

    public TimeSpan Interval { get; }

    /// <summary>Event streams being written now.</summary>
    public int OpenStreams => _open.Count;

    public void Add(Subscription subscription) => _open.TryAdd(subscription, 0);

    public void Remove(Subscription subscription) => _open.TryRemove(subscription, out _);

    public void Dispose() => _timer.Dispose();

    private void PingAll()
    {
        foreach (Subscription subscription in _open.Keys)
        {
            subscription.TryWrite(SseEvent.Ping);
        }
    }
}
