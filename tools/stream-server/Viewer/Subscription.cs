using System.Net.ServerSentEvents;
using System.Threading.Channels;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>One viewer's queue of events. Disposing it (the viewer left) takes it off the plot.</summary>
public sealed class Subscription : IDisposable
{
    private readonly Channel<SseItem<string>> _channel;
    private readonly Action<Subscription> _unsubscribe;

    public Subscription(int capacity, Action<Subscription> unsubscribe)
    {
        _channel = Channel.CreateBounded<SseItem<string>>(new BoundedChannelOptions(capacity) { SingleReader = true });
        _unsubscribe = unsubscribe;
    }

    public ChannelReader<SseItem<string>> Reader => _channel.Reader;

    /// <summary>False when the queue is full or closed: the viewer is then cut off.</summary>
    public bool TryWrite(SseItem<string> item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            return true;
        }

        Complete();
        return false;
    }

    public void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        Complete();
        _unsubscribe(this);
    }
}
