using HeartRateStreamer.StreamServer.Plots;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>This node's steps for one plot (<see cref="PlotRelay"/>), run one after another in the order they came: the
/// lines its streams hand the plot's builder, owner edits, takeovers. Lines that come while a step is under way go
/// together in the next (<see cref="Line"/>), and what waits is bounded.</summary>
internal sealed class ForwardingChain
{
    // Streamed lines a node hands the builder per round trip at most: what came while the last was under way. Within what
    // Lua's unpack takes (about 8000 values), and one script never holds Redis up long.
    private const int ForwardBatch = 500;

    // And bytes per round trip at most (a line past it goes alone): by count alone a batch reached 500 lines of up to
    // --max-line-bytes, megabytes in one script, the round trip likeliest to time out, and a batch Redis fails (and does
    // not say went in) is applied here as a whole, on a copy that is not the builder's.
    public const int ForwardBatchBytes = 1024 * 1024;

    private readonly ClusterNode _node;
    private readonly Plot _plot;
    private readonly Func<RedisValue[], List<byte[]>, Task> _forwardLines; // one batch's round trip, and the lines to apply here if it fails
    private readonly object _gate = new();
    private Task _steps = Task.CompletedTask;
    private long _forwardBytes; // under _gate: the streamed messages in _steps, bounded by ClusterNode.ForwardQueueBytes
    private List<byte[]>? _openBatch; // under _gate: the streamed messages of the last step in _steps while more may join them
    private long _openBatchBytes; // under _gate: their bytes
    private bool _forwardFullReported; // under _gate: the bound was logged, until the queue empties
    private int _pendingSteps; // under _gate: steps in _steps not yet ended

    public ForwardingChain(ClusterNode node, Plot plot, Func<RedisValue[], List<byte[]>, Task> forwardLines)
    {
        _node = node;
        _plot = plot;
        _forwardLines = forwardLines;
    }

    /// <summary>Whether no step waits or runs.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _steps.IsCompleted;
            }
        }
    }

    /// <summary>Ends when every step queued so far has.</summary>
    public Task Queued
    {
        get
        {
            lock (_gate)
            {
                return _steps;
            }
        }
    }

    /// <summary>A streamed line's message (<see cref="QueuedMessage.Streamed"/>) in turn behind every step before it: forwarded,
    /// or refused when what waits is at its bound.</summary>
    public StreamedResult Line(byte[] message)
    {
        lock (_gate)
        {
            // Bounded: the steps run one after another, each a round trip to Redis, and nothing on the ingest path waits
            // for them (it must not: a loaded node's thread pool would starve its own Redis replies). A round trip carries
            // the lines that came during the one before, so what waits is what comes in about two round trips; when Redis
            // answers that slowly, or slower, it would grow without end. Past the bound the line is refused and its stream
            // ended with 503, rather than dropped and counted as the throttle does: a dropped point is gone for good, while
            // a device whose stream ends reconnects after a back-off and resends its window, so it loses nothing once Redis
            // keeps up again, and the pause itself lets the queue empty. An empty queue takes any one line, so a line up to
            // --max-line-bytes always gets through when --replay-bytes is smaller.
            long limit = _node.ForwardQueueBytes;
            if (_forwardBytes > 0 && _forwardBytes + message.Length > limit)
            {
                if (!_forwardFullReported)
                {
                    _forwardFullReported = true;
                    _node.Logger.LogWarning("Cluster: the lines of {Plot} waiting on this node for Redis, on their way to the node that builds it, "
                        + "reached {Bytes} bytes, the {Limit} (--replay-bytes) one plot may hold: Redis answers slower than the plot's streams send. "
                        + "Streams that send more are ended with 503 (devices reconnect and resend their windows) until the queue empties. "
                        + "Check Redis's latency (redis-cli --latency) and load", _plot.Path, _forwardBytes, limit);
                }

                return StreamedResult.QueueFull($"this node's lines for the plot wait for Redis ({_forwardBytes} bytes) on their way to the node that builds it, "
                    + $"and this one would take them past {limit} bytes (--replay-bytes): the cluster cannot pass them on as fast as they come. "
                    + "Nothing of this line was applied: reconnect after a pause and send it again (the device resends its window by itself)");
            }

            _forwardBytes += message.Length;
            PeakForwardBytes = Math.Max(PeakForwardBytes, _forwardBytes);

            // Lines that come while a round trip is under way go together in the next one, so the plot's lines pass at the
            // rate they come, not at one per round trip; a step of another kind in between closes the batch (Then).
            if (_openBatch is { Count: < ForwardBatch } open && _openBatchBytes + message.Length <= ForwardBatchBytes)
            {
                open.Add(message);
                _openBatchBytes += message.Length;
                return StreamedResult.Forwarded;
            }

            List<byte[]> batch = [message];
            Then(() => ForwardBatchAsync(batch));
            _openBatch = batch;
            _openBatchBytes = message.Length;
            return StreamedResult.Forwarded;
        }
    }

    // One step: the lines of a batch in one round trip, in order. The batch takes no more once its step starts.
    private async Task ForwardBatchAsync(List<byte[]> batch)
    {
        RedisValue[] messages;
        long batchBytes;
        lock (_gate)
        {
            if (_openBatch == batch)
            {
                _openBatch = null;
            }

            messages = [.. batch.Select(message => (RedisValue)message)];
            batchBytes = batch.Sum(message => (long)message.Length);
            LargestBatchBytes = Math.Max(LargestBatchBytes, batchBytes);
        }

        try
        {
            await _forwardLines(messages, batch);
        }
        finally
        {
            lock (_gate)
            {
                _forwardBytes -= batchBytes;
                _forwardFullReported &= _forwardBytes > 0;
            }
        }
    }

    /// <summary>Bytes of streamed lines this node holds for the plot's builder, waiting for Redis (for tests).</summary>
    public long ForwardBytes
    {
        get
        {
            lock (_gate)
            {
                return _forwardBytes;
            }
        }
    }

    /// <summary>The most bytes of lines one round trip handed on (for tests).</summary>
    public long LargestBatchBytes { get; private set; }

    /// <summary>The most <see cref="ForwardBytes"/> has been since the plot came to this node (for tests).</summary>
    public long PeakForwardBytes { get; private set; }

    // Runs the step after every step before it; a step that fails costs only itself. A line that comes after it goes in a
    // batch after it, never in one before.
    public void Then(Func<Task> step)
    {
        lock (_gate)
        {
            _pendingSteps++;
            PeakPendingSteps = Math.Max(PeakPendingSteps, _pendingSteps);
            _steps = _steps.ContinueWith(_ => StepAsync(step), TaskScheduler.Default).Unwrap();
            _openBatch = null;
        }
    }

    private async Task StepAsync(Func<Task> step)
    {
        try
        {
            await _node.GuardedAsync($"a step for {_plot.Path}", step);
        }
        finally
        {
            lock (_gate)
            {
                _pendingSteps--;
            }
        }
    }

    /// <summary>The most steps (forwards, takeovers) that waited or ran at once for the plot on this node (for tests).</summary>
    public int PeakPendingSteps { get; private set; }
}
