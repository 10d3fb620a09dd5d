using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>The Redis channels a node listens to, and the proof that Redis delivers them to it: a probe the node publishes
/// on each channel and must hear back through its own subscription.</summary>
/// <remarks>Redis passes a notice only to the nodes subscribed when it is published (pub/sub keeps nothing). A node that
/// began to serve before its SUBSCRIBEs reached Redis (a CI run caught it: a node behind a slow link asked for a plot made
/// just after its start), or read the plots stored while Redis was away before StackExchange.Redis's own re-SUBSCRIBEs
/// reached it (<see cref="ClusterNode"/>'s Restored), missed a plot made on another node meanwhile and answered 404 for it
/// until it restarted. A probe heard on every channel means every later notice is heard too. A subscriber's PING, used
/// before, is ordered after the re-SUBSCRIBEs only by the library's internals (3.4.35 queues it while the subscription
/// connection is away, which it may still be when ConnectionRestored comes for the interactive one, and writes its own
/// re-SUBSCRIBEs first; which connection it takes changed between versions); a probe heard does not depend on them.</remarks>
internal sealed class ClusterSubscriptions(ConnectionMultiplexer redis, string nodeId)
{
    /// <summary>How long a node waits for its probe (at start-up, and when Redis is back) before it goes on without: a
    /// Redis that answers but passes nothing must not hold the node.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    // Sent again this often: a PUBLISH on the interactive connection may pass the SUBSCRIBE on the other.
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    // No newline: a node of an older version ignores it as malformed, or echoes it whole on PlotsLoaded (its tokens-left
    // handler answers every message there), where no node acts on it.
    private const string ProbePrefix = "probe:";

    private readonly List<RedisChannel> _channels = []; // set by Listen, in the node's constructor
    private readonly ConcurrentDictionary<string, Probe> _probes = new(); // this node's probes, until their wait ends
    private long _probeCount;

    private ISubscriber Subscriber => redis.GetSubscriber();

    /// <summary>Subscribes <paramref name="handler"/> to <paramref name="channel"/>, fire and forget: without Redis at
    /// start-up the node starts anyway; StackExchange.Redis subscribes when it connects, and again after every reconnection.
    /// A probe, this node's or another's, reaches no handler.</summary>
    public void Listen(RedisChannel channel, Func<RedisValue, Task> handler)
    {
        _channels.Add(channel);
        Subscriber.Subscribe(channel, CommandFlags.FireAndForget).OnMessage(message =>
        {
            if (!((string?)message.Message ?? "").StartsWith(ProbePrefix, StringComparison.Ordinal))
            {
                return handler(message.Message);
            }

            _probes.GetValueOrDefault((string)message.Message!)?.Heard(channel);
            return Task.CompletedTask;
        });
    }

    /// <inheritdoc cref="Listen(RedisChannel, Func{RedisValue, Task})"/>
    public void Listen(RedisChannel channel, Action<RedisValue> handler) => Listen(channel, message =>
    {
        handler(message);
        return Task.CompletedTask;
    });

    /// <summary>Publishes a probe on every channel, again every 100 ms, until this node heard it on each, for at most
    /// <see cref="Wait"/>. Null when every channel is live, or when Redis is away (the node runs this again when it is
    /// back); otherwise why the probe was not heard, for the node's warning ("" when Redis only stayed silent).</summary>
    public async Task<string?> ProveLiveAsync()
    {
        if (!redis.IsConnected)
        {
            return null;
        }

        string id = $"{ProbePrefix}{nodeId}:{Interlocked.Increment(ref _probeCount).ToString(CultureInfo.InvariantCulture)}";
        var probe = new Probe(_channels);
        _probes[id] = probe;
        long deadline = Environment.TickCount64 + (long)Wait.TotalMilliseconds; // not the wall clock, which may step
        string reason = "";
        try
        {
            while (!probe.AllHeard.IsCompleted && Environment.TickCount64 < deadline && redis.IsConnected)
            {
                foreach (RedisChannel channel in probe.Unheard)
                {
                    Subscriber.Publish(channel, id, CommandFlags.FireAndForget);
                }

                // Not on the caller's context: the node's constructor blocks on this wait.
                await Task.WhenAny(probe.AllHeard, Task.Delay(ProbeInterval)).ConfigureAwait(false);
            }
        }
        catch (RedisException failure)
        {
            reason = failure.Message;
        }
        finally
        {
            _probes.TryRemove(id, out _);
        }

        return probe.AllHeard.IsCompleted || !redis.IsConnected ? null : reason;
    }

    // One probe's channels not yet heard on.
    private sealed class Probe(IEnumerable<RedisChannel> channels)
    {
        private readonly ConcurrentDictionary<RedisChannel, bool> _unheard = new(channels.Select(channel => KeyValuePair.Create(channel, true)));
        private readonly TaskCompletionSource _allHeard = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ICollection<RedisChannel> Unheard => _unheard.Keys;

        public Task AllHeard => _allHeard.Task;

        public void Heard(RedisChannel channel)
        {
            if (_unheard.TryRemove(channel, out _) && _unheard.IsEmpty)
            {
                _allHeard.TrySetResult();
            }
        }
    }
}
