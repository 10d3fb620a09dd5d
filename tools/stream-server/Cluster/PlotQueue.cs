using HeartRateStreamer.StreamServer.Plots;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>One plot's queue in Redis (<see cref="ClusterKeys.Queue"/>): a node that does not build the plot appends what it
/// hands the builder (<see cref="QueuedMessage"/>), a batch at a time and each batch at most once, and wakes the builder on
/// <see cref="ClusterKeys.Inbox"/>; the builder takes the messages off in order. A message waits there for whichever node
/// builds next, so a change of builder loses none and none is applied twice.</summary>
internal sealed class PlotQueue
{
    /// <summary>How long a forwarded message waits in the queue for a builder before Redis drops it: a device resends its
    /// window well within this when it reconnects, so older points would only come late and out of place.</summary>
    public static readonly TimeSpan MessageLifetime = TimeSpan.FromSeconds(60);

    // How long a forwarded batch's mark (queued or withdrawn) lives: the sender's withdraw follows its enqueue on the same
    // connection, one Redis timeout (ClusterAddress, 2 s) after it at most, so a few timeouts cover it. A mark a minute long
    // held about 166 bytes a batch, 1200 of them for one stream forwarded at 20 lines a second.
    private static readonly TimeSpan BatchMarkLifetime = TimeSpan.FromSeconds(10);

    // Messages the builder takes off the queue per round trip (LPOP with a count, Redis 6.2+).
    private const int DrainBatch = 64;

    // Appends messages (ARGV[4] on) to the queue in order, keeps the queue's lifetime and wakes the builder; returns how
    // many nodes listen on the inbox (0: there is no live builder). One script, so the three happen together or not at all.
    // Once per batch: a batch whose key (KEYS[2]) is there already (its sender withdrew it, WithdrawScript) adds nothing and
    // returns -1; otherwise the key is set to 'queued' for BatchMarkLifetime (ARGV[3]) once the messages are in, so a script
    // that fails before (a queue key of another type) leaves no mark, and the sender, finding none, applies the batch itself.
    private const string EnqueueScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then
            return -1
        end
        redis.call('RPUSH', KEYS[1], unpack(ARGV, 4))
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        redis.call('SET', KEYS[2], 'queued', 'PX', ARGV[3])
        return redis.call('PUBLISH', ARGV[2], 'w')
        """;

    // After an enqueue whose answer did not come: 1 when the batch went in (the script ran, its answer was lost or late);
    // otherwise 0, and the batch's key is set, so that the script, should it still reach Redis, adds nothing.
    private const string WithdrawScript = """
        if redis.call('SET', KEYS[1], 'withdrawn', 'NX', 'PX', ARGV[1]) then
            return 0
        end
        if redis.call('GET', KEYS[1]) == 'queued' then
            return 1
        end
        return 0
        """;

    private readonly ClusterNode _node;
    private readonly Plot _plot;

    public PlotQueue(ClusterNode node, Plot plot)
    {
        _node = node;
        _plot = plot;
    }

    /// <summary>Appends <paramref name="messages"/> in order, in one round trip, and wakes the builder. Returns how many nodes
    /// listen on the inbox (0: there is no live builder, so the sender takes the plot, and the queue with it); -1 when the
    /// batch is in the queue but whether a builder heard of it is not known (the sender's tick looks); null when it is not
    /// in and now will not go in (Redis failed the round trip): the sender applies it itself, as without Redis.</summary>
    public async Task<long?> AppendAsync(RedisValue[] messages)
    {
        RedisKey batch = ClusterKeys.Batch(_plot, _node.NextBatchId());
        try
        {
            RedisResult result = await _node.Database.ScriptEvaluateAsync(EnqueueScript, [ClusterKeys.Queue(_plot), batch],
                [(long)MessageLifetime.TotalMilliseconds, ClusterKeys.Inbox(_plot).ToString(), (long)BatchMarkLifetime.TotalMilliseconds, .. messages]);
            return (long)result;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return await WentInAsync(batch, messages.Length, exception) ? -1 : null;
        }
    }

    // Whether a batch whose round trip failed went into the queue all the same (the script ran, but its answer timed out).
    // One more round trip, which withdraws the batch when it did not go in, so it cannot go in later either: it is then
    // applied here only. When Redis does not answer this either, the batch is taken as not in and applied here: it may
    // then be applied twice (here and by the builder), which is what this errs towards, as a point lost is gone for good.
    private async Task<bool> WentInAsync(RedisKey batch, int count, Exception failure)
    {
        try
        {
            bool wentIn = (long)await _node.Database.ScriptEvaluateAsync(WithdrawScript, [batch], [(long)BatchMarkLifetime.TotalMilliseconds]) == 1;
            _node.Logger.LogDebug("Cluster: handing {Plot}'s builder {Count} message(s) failed ({Message}); Redis says they {Outcome}",
                _plot.Path, count, failure.Message, wentIn ? "went into its queue all the same" : "did not go in, and now will not: applied here");
            return wentIn;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            _node.Logger.LogDebug("Cluster: handing {Plot}'s builder {Count} message(s) failed ({Message}), and whether they went in cannot be read "
                + "({Reason}): applied here, which may apply them twice", _plot.Path, count, failure.Message, exception.Message);
            return false;
        }
    }

    /// <summary>The builder's next messages, oldest first, at most <see cref="DrainBatch"/>; none when the queue is empty.</summary>
    public async Task<RedisValue[]?> TakeAsync() => await _node.Database.ListLeftPopAsync(ClusterKeys.Queue(_plot), DrainBatch);

    /// <summary>Whether any message waits in the queue.</summary>
    public async Task<bool> HoldsMessagesAsync() => await _node.Database.ListLengthAsync(ClusterKeys.Queue(_plot)) > 0;
}
