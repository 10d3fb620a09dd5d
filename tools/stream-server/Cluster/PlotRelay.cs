using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Viewer;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>
/// Which node builds one plot's frames, and how the others see them. The builder is the node holding the plot's
/// <see cref="ClusterKeys.Builder"/> key (its node id, <see cref="HoldTime"/> to live, renewed every
/// <see cref="ClusterNode.TickInterval"/> while it is busy). The first node that needs a builder takes the key when it
/// is free, or when its holder died (nobody listens on the plot's <see cref="ClusterKeys.Inbox"/>, as every builder
/// does); a live builder keeps it, so the streams of one device may reach any nodes. The builder applies points,
/// coalesces frames on the 50 ms grid and publishes every event (frame, relayout, restyle, figure) with its id on
/// <see cref="ClusterKeys.Events"/>; every node with viewers mirrors them (<see cref="Plot.Mirror"/>), so all viewers
/// get the same events with the same ids. The other nodes append what their streams accept, and owner edits, to the
/// plot's <see cref="ClusterKeys.Queue"/> and wake the builder, which takes them off in order: a message waits there
/// for whichever node builds next, so a change of builder loses none and none is applied twice.
/// </summary>
public sealed class PlotRelay : IPlotRelay
{
    /// <summary>How long the builder's key lives unless renewed: three renewals, so one slow round trip does not lose it.</summary>
    public static readonly TimeSpan HoldTime = TimeSpan.FromSeconds(3);

    // Takes the key from a holder that died (ARGV[1]), unless another node took it meanwhile.
    private const string StealScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
        end
        return 0
        """;

    private readonly ClusterNode _node;
    private readonly Plot _plot;
    private readonly PlotHistory _history;
    private readonly PlotQueue _queue;
    private readonly object _gate = new(); // subscriptions and the builder flag
    private readonly SemaphoreSlim _drainGate = new(1, 1); // one drain at a time, so queued messages apply in their order
    private readonly ForwardingChain _chain; // this node's forwards and takeovers, one after another, in arrival order
    private int _takeoverWaiting; // 1 from queueing a takeover step until it starts: one waiting does for every tick meanwhile
    private int _refusalReported; // 1 once the builder logged a forwarded object it refused, until a streamed layout applies again
    private Task _tick = Task.CompletedTask; // the last TickAsync (only the node's tick loop starts one)
    private ChannelMessageQueue? _inbox; // while this node is the builder
    private ChannelMessageQueue? _events; // once this node has viewers
    private volatile bool _builder;
    private volatile bool _stopping; // the node stops, or the plot left it: it takes nothing more from the queue, nor the plot
    private volatile bool _synced; // this node's copy of the plot is the builder's (it mirrored a figure, or built it): set by SetSynced
    private TaskCompletionSource _syncedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously); // completed while _synced
    private int _settling; // 1 from Redis's return until this node, with streams of the plot, knows whether it builds it
    private int _localStreams;
    private long _lastBuiltTicks;
    private long _lastQueuedTicks; // when this node last queued a message for the builder; 0: never

    public PlotRelay(ClusterNode node, Plot plot)
    {
        _node = node;
        _plot = plot;
        _history = new PlotHistory(node, plot);
        _queue = new PlotQueue(node, plot);
        _chain = new ForwardingChain(node, plot, ForwardLinesAsync);
    }

    // Whether this node's copy is the builder's; CatchUpAsync waits for it to become so.
    private void SetSynced(bool synced)
    {
        _synced = synced;
        if (synced)
        {
            _syncedSignal.TrySetResult();
        }
        else if (_syncedSignal.Task.IsCompleted)
        {
            _syncedSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Whether this node builds the plot's frames now (also true without Redis: each node is on its own then).</summary>
    public bool IsBuilder => _builder || !_node.IsConnected;

    /// <summary>Only the node holding the builder key saves the plot whole: without Redis no node knows whose copy is the
    /// newest, so none does for a token moved away (the store's row loses it by <see cref="ClusterNode.StoreAsync"/>).</summary>
    public bool SavesWhole => _builder && _node.IsConnected;

    public StreamedResult? ForwardStreamed(IReadOnlyList<int> traceIndices, JsonObject streamed, string? token)
    {
        // Checked outside the chain's lock: a call that overlaps another may apply here before the other's queued step,
        // as two streams' lines were never ordered; one stream's lines come one after another, so they keep their order.
        if (IsBuilder && _chain.IsIdle)
        {
            MarkBusy();
            return null;
        }

        // In order behind what is still on its way: a device's resent window (an array) must not overtake its points.
        // With the stream's token: the builder applies it only to traces that still name it (Plot.ApplyLocally), as a
        // node whose copy an overwrite already changed may still forward the indices it read before.
        return _chain.Line(QueuedMessage.Streamed(traceIndices, streamed, token));
    }

    // Applied here from the messages, as the builder applies them: the parsed lines are not held meanwhile, so what waits
    // is the messages' bytes, which the bound counts.
    private Task ForwardLinesAsync(RedisValue[] messages, List<byte[]> lines) => ForwardAsync(messages, () =>
    {
        foreach (byte[] message in lines)
        {
            _node.Guarded($"a line streamed to {_plot.Path}", () => Apply(message));
        }
    });

    /// <summary>Bytes of streamed lines this node holds for the plot's builder, waiting for Redis (for tests).</summary>
    internal long ForwardBytes => _chain.ForwardBytes;

    /// <summary>The most bytes of lines one round trip handed on (for tests).</summary>
    internal long LargestBatchBytes => _chain.LargestBatchBytes;

    /// <summary>The most <see cref="ForwardBytes"/> has been since the plot came to this node (for tests).</summary>
    internal long PeakForwardBytes => _chain.PeakForwardBytes;

    /// <inheritdoc cref="ForwardingChain.ForwardBatchBytes"/>
    internal const int ForwardBatchBytes = ForwardingChain.ForwardBatchBytes;

    /// <inheritdoc cref="ForwardingChain.PeakPendingSteps"/>
    internal int PeakPendingSteps => _chain.PeakPendingSteps;

    public bool ForwardEdit(string kind, JsonObject body)
    {
        // As a line: in turn behind this node's steps still under way, even on the builder, so it overtakes none.
        if (IsBuilder && _chain.IsIdle)
        {
            MarkBusy();
            return false;
        }

        QueuedMessage edit = QueuedMessage.Edit(kind, body.DeepClone().AsObject());
        string message = edit.Format();
        _chain.Then(() => ForwardAsync([message], () => ApplyEdit(edit)));
        return true;
    }

    public void Published(SseEvent item, ReadOnlySpan<byte> json)
    {
        if (_builder && _node.IsConnected)
        {
            _node.PublishEvent(_plot, ClusterEvent.Format(_node.NodeId, item.Id, item.Type, json), item);
        }
    }

    public Task<IReadOnlyList<SseEvent>?> HistoryAfterAsync(string lastEventId) => _history.AfterAsync(lastEventId);

    /// <summary>How long a request for the plot's current copy waits for the builder's figure (<see cref="CatchUpAsync"/>).</summary>
    public static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(2);

    public async Task CatchUpAsync()
    {
        if (IsBuilder || (_synced && _events is not null))
        {
            return; // this node's copy is the current one
        }

        RedisValue holder;
        try
        {
            holder = await _node.Database.StringGetAsync(ClusterKeys.Builder(_plot));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return; // Redis away: this node serves what it has, as everywhere then
        }

        if (holder.IsNull)
        {
            await ReloadUnlessCurrentAsync(); // nobody builds it: the store holds its newest copy (a second behind the last builder)
            return;
        }

        Viewing();
        await Task.WhenAny(_syncedSignal.Task, Task.Delay(CatchUpWait));
    }

    /// <summary>Another node stored a new copy (an overwrite, or tokens moved): it replaces this node's, builder or not, but
    /// under the gate a takeover holds while it reads the store, so it comes after that read and is not undone by it.</summary>
    internal async Task<(Plot? Plot, bool Deleted)> ReloadStoredAsync()
    {
        await _drainGate.WaitAsync();
        try
        {
            Plot? read = PlotLoader.Reload(_node.Store, _node.Plots, _plot.Owner, _plot.Number, out bool deleted);
            return (read, deleted);
        }
        finally
        {
            _drainGate.Release();
        }
    }

    /// <summary>Reads the stored copy in place of this node's (Redis returned, or nobody builds the plot), unless this node's
    /// copy is the one that goes on: it builds the plot (its points not yet saved would be lost, and its version set back),
    /// it has a device stream of it (it built alone while Redis was away, or takes the plot now), or it follows the builder
    /// and has mirrored its figure. Under the gate a takeover holds while it becomes the builder. A figure mirrored while
    /// the store was read would be replaced by it, so a follower asks for the figure again. Returns whether it read it.</summary>
    internal async Task<bool> ReloadUnlessCurrentAsync()
    {
        await _drainGate.WaitAsync();
        try
        {
            if (_builder || HasStreamsHere || (_events is not null && _synced))
            {
                return false;
            }

            PlotLoader.Reload(_node.Store, _node.Plots, _plot.Owner, _plot.Number);
        }
        finally
        {
            _drainGate.Release();
        }

        if (_events is not null)
        {
            SetSynced(false);
            RequestFigure();
        }

        return true;
    }

    public void FigureWanted()
    {
        if (IsBuilder)
        {
            _plot.PublishFigure();
            return;
        }

        SetSynced(false); // this node's frames may not follow what the viewer has: mirror nothing until the figure
        RequestFigure();
    }

    public void Viewing()
    {
        lock (_gate)
        {
            if (_events is not null || _stopping) // a plot that left this node, or a node that stops, follows nothing new
            {
                return;
            }

            try
            {
                // Fire and forget: without Redis now, StackExchange.Redis subscribes when it is back (and Rejoin asks for the figure).
                _events = _node.Subscriber.Subscribe(ClusterKeys.Events(_plot), CommandFlags.FireAndForget);
            }
            catch (RedisException exception)
            {
                _node.Logger.LogDebug("Cluster: cannot follow {Plot} yet: {Message}", _plot.Path, exception.Message);
                return;
            }

            _events.OnMessage(message => _node.Guarded($"an event of {_plot.Path}", () => OnEvent(message.Message)));

            // A node that starts following mirrors nothing before the builder's figure, also one whose copy was the
            // builder's once: it built the plot and let it go, and what the next builder did since went past it.
            if (!IsBuilder)
            {
                SetSynced(false);
            }
        }

        // The figure may be published before the subscription is in place: until one arrives, every tick asks again.
        RequestFigure();
    }

    /// <summary>A device stream for the plot connected here: this node builds the plot unless a live node does already, so
    /// in the usual case (one stream, or all of a device's streams on one node) its points need no hop. Taken in turn
    /// with the stream's objects, not on the connection's thread: the ingest path never waits for Redis.</summary>
    internal void StreamConnected()
    {
        Interlocked.Increment(ref _localStreams);
        MarkBusy();
        TakeOverInTurn();
    }

    internal void StreamEnded() => Interlocked.Decrement(ref _localStreams);

    /// <summary>A device stream for the plot is connected to this node.</summary>
    internal bool HasStreamsHere => Volatile.Read(ref _localStreams) > 0;

    /// <summary>Every <see cref="ClusterNode.TickInterval"/>, for every plot at once and before anything else: the builder
    /// renews its key. Only a round trip to Redis, so no plot's work (a drain, a takeover reading the store) holds it up.
    /// A key another node holds now (this node's renewals did not reach Redis within <see cref="HoldTime"/>) ends the build here.</summary>
    internal async Task RenewAsync()
    {
        if (!_builder || !_node.IsConnected || await _node.Database.LockExtendAsync(ClusterKeys.Builder(_plot), _node.NodeId, HoldTime))
        {
            return;
        }

        if (_builder) // not let go meanwhile by the idle release, which gives the key up itself
        {
            _node.Logger.LogInformation("Cluster: {Plot} is built by another node now", _plot.Path);
            StopBuilding();
        }
    }

    /// <summary>After the renewals, every <see cref="ClusterNode.TickInterval"/>: this plot's <see cref="TickAsync"/>, unless
    /// the last one still runs (a drain waiting behind a takeover); it runs beside the other plots', never holding them up.</summary>
    internal void TickInTurn()
    {
        if (_tick.IsCompleted)
        {
            _tick = _node.GuardedAsync($"the tick of {_plot.Path}", TickAsync);
        }
    }

    /// <summary>The builder lets the plot go when it has no streams and was not busy lately, and otherwise takes off anything
    /// a missed wake-up left in the queue; a node with a stream takes the plot when it has no live builder; a follower that
    /// lost track asks for the figure again.</summary>
    private async Task TickAsync()
    {
        if (!_node.IsConnected)
        {
            return;
        }

        bool busy = Busy();
        if (_builder)
        {
            if (!busy && await LetIdleGoAsync())
            {
                await _node.Database.LockReleaseAsync(ClusterKeys.Builder(_plot), _node.NodeId);
            }
            else
            {
                await DrainAsync();
            }
        }
        else if (Volatile.Read(ref _localStreams) > 0)
        {
            TakeOverInTurn();
        }
        else if (QueuedLately() && await _queue.HoldsMessagesAsync())
        {
            // What this node queued still waits. A builder that let the plot go just as it was queued was still counted on
            // the inbox, so its sender left it to the builder, and no node would take it before it expired: when no live
            // node builds the plot, this one takes it (TakeIfFreeAsync leaves it to a live builder).
            TakeOverInTurn();
        }

        if (!_builder && _events is not null && !_synced)
        {
            RequestFigure();
        }
    }

    /// <summary>Clean stop, before the saver's last flush (the node's streams and owner edits have ended with Kestrel): this
    /// node's steps finish, it takes nothing more from the queue, and a drain under way applies what it took. Messages
    /// queued from now on wait there for the next builder.</summary>
    internal async Task StopTakingAsync()
    {
        _stopping = true;
        await _tick; // the tick loop has ended: no tick starts after this one
        await _chain.Queued;
        await _drainGate.WaitAsync(); // a drain under way holds it until it has applied what it took
        _drainGate.Release();
    }

    /// <summary>Clean stop, after the saver's last flush: gives up the builder key and the inbox, so another node takes the
    /// plot over and reads from the store everything this node applied.</summary>
    internal async Task LeaveAsync()
    {
        LetPendingGoOut(); // published before the key is given up (one connection: Redis runs them in this order)
        ChannelMessageQueue? inbox;
        bool wasBuilder;
        lock (_gate)
        {
            wasBuilder = _builder;
            _builder = false;
            inbox = _inbox;
            _inbox = null;
        }

        if (!_node.IsConnected || (!wasBuilder && inbox is null))
        {
            return;
        }

        try
        {
            // A takeover under way has its inbox already, and becomes the builder only after this (it sees _stopping).
            if (wasBuilder)
            {
                await _node.Database.LockReleaseAsync(ClusterKeys.Builder(_plot), _node.NodeId);
            }

            if (inbox is not null)
            {
                await inbox.UnsubscribeAsync();
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The key runs out within HoldTime and the subscription ends with the connection.
            _node.Logger.LogDebug("Cluster: could not give up {Plot}'s frame builder key: {Message}", _plot.Path, exception.Message);
        }
    }

    // A takeover that won the builder key as the plot left this node (or the node began to stop): the key goes back at
    // once (unrenewed, it would run out within HoldTime anyway), and the inbox when LeaveAsync did not have it yet.
    private void GiveUpTakenKey(ChannelMessageQueue? inbox)
    {
        try
        {
            inbox?.Unsubscribe(CommandFlags.FireAndForget);
            _node.Database.LockRelease(ClusterKeys.Builder(_plot), _node.NodeId, CommandFlags.FireAndForget);
        }
        catch (RedisException exception)
        {
            _node.Logger.LogDebug("Cluster: could not give up {Plot}'s frame builder key: {Message}", _plot.Path, exception.Message);
        }
    }

    /// <summary>The plot left this node (its owner deleted it): this node takes nothing more from its queue, stops building it
    /// and following its events. The queue's messages are let go with it (they expire in <see cref="PlotQueue.MessageLifetime"/>).</summary>
    internal async Task RemovedAsync()
    {
        _stopping = true;
        ChannelMessageQueue? events;
        lock (_gate)
        {
            events = _events;
            _events = null;
        }

        await LeaveAsync();
        try
        {
            await (events?.UnsubscribeAsync() ?? Task.CompletedTask);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The subscription ends with the connection; until then its events find no viewer here.
            _node.Logger.LogDebug("Cluster: could not stop following {Plot}: {Message}", _plot.Path, exception.Message);
        }
    }

    /// <summary>Redis is back: what happened meanwhile was not mirrored, so followers ask for the figure, and the nodes
    /// that built alone settle who builds.</summary>
    internal void Rejoin()
    {
        // A node with a stream of the plot built it alone meanwhile: its copy is the newest there is (the store is up to a
        // second behind it), and it goes on from it if it becomes the builder. If another node with streams becomes the
        // builder, this copy lacks that node's points of the time apart: it follows the builder's figure then
        // (TakeIfFreeAsync). The others' copies missed what was built elsewhere.
        if (!HasStreamsHere)
        {
            SetSynced(false);
        }

        if (_builder)
        {
            StopBuilding();
        }

        if (HasStreamsHere)
        {
            Volatile.Write(ref _settling, 1);
            TakeOverInTurn();
        }
        else if (_events is not null)
        {
            RequestFigure();
        }
    }

    // A takeover step in turn, unless one waits already: it looks when it starts, so a second would learn nothing more. A
    // non-builder with a stream asks every tick, and a takeover costs two round trips: when a round trip takes half a second
    // or more, steps queued every tick came faster than they ran, and the stream's lines waited behind an ever longer
    // chain (503 at any rate) that --replay-bytes did not count.
    private void TakeOverInTurn()
    {
        if (Interlocked.Exchange(ref _takeoverWaiting, 1) == 0)
        {
            _chain.Then(() =>
            {
                Volatile.Write(ref _takeoverWaiting, 0);
                return TakeIfFreeAsync();
            });
        }
    }

    private void MarkBusy() => Volatile.Write(ref _lastBuiltTicks, Environment.TickCount64);

    // A device stream of the plot is here, or this node applied something within the builder key's lifetime.
    private bool Busy() => Volatile.Read(ref _localStreams) > 0 || Environment.TickCount64 - Volatile.Read(ref _lastBuiltTicks) < HoldTime.TotalMilliseconds;

    // Whether a message this node queued may still wait in the queue (messages expire after PlotQueue.MessageLifetime).
    private bool QueuedLately()
    {
        long queuedAt = Volatile.Read(ref _lastQueuedTicks);
        return queuedAt != 0 && Environment.TickCount64 - queuedAt < PlotQueue.MessageLifetime.TotalMilliseconds;
    }

    private async Task TakeIfFreeAsync()
    {
        if (!_builder && await TryTakeHoldAsync() && Interlocked.Exchange(ref _settling, 0) == 1)
        {
            // Another node won the plot after Redis returned: its copy is the one that goes on, and this node's own copy
            // (built alone meanwhile) would otherwise stay as it is, with the builder's frames applied onto it, for good.
            _node.Logger.LogInformation("Cluster: {Plot} is built by another node since Redis returned; this node's copy follows its figure", _plot.Path);
            SetSynced(false);
            if (_events is not null)
            {
                RequestFigure();
            }
        }
    }

    // Messages from this node for the builder, in order. This node applies them itself when it builds (or Redis is away);
    // otherwise they go into the queue, in one round trip, and when nobody listens on the inbox there is no live builder:
    // this node takes the plot, and with it the queue, these messages included. A batch goes in at most once
    // (PlotQueue.AppendAsync): when Redis fails the round trip, it is applied here only if it did not go in.
    private async Task ForwardAsync(RedisValue[] messages, Action applyHere)
    {
        if (IsBuilder)
        {
            applyHere();
            return;
        }

        long? listeners = await _queue.AppendAsync(messages);
        if (listeners is null)
        {
            applyHere(); // Redis failed it: this node serves on its own, as without Redis
            return;
        }

        Volatile.Write(ref _lastQueuedTicks, Environment.TickCount64);
        if (listeners == 0)
        {
            await TryTakeHoldAsync();
        }
    }

    // Takes the builder's key when it is free, or when its holder does not listen on the inbox (it died, killed before its
    // key ran out). The inbox is subscribed first, so a live builder is never without its listener and never taken from.
    // Returns true when another live node holds the key (it builds the plot); false when this node took it, or could not tell.
    private async Task<bool> TryTakeHoldAsync()
    {
        if (!_node.IsConnected || _stopping)
        {
            return false;
        }

        ChannelMessageQueue? inbox = null;
        try
        {
            IDatabase redis = _node.Database;
            RedisKey key = ClusterKeys.Builder(_plot);
            RedisValue holder = await redis.StringGetAsync(key);
            if (!holder.IsNull && holder != _node.NodeId && await InboxListenersAsync(redis) > 0)
            {
                return true;
            }

            inbox = await _node.Subscriber.SubscribeAsync(ClusterKeys.Inbox(_plot));
            bool taken = holder.IsNull ? await redis.LockTakeAsync(key, _node.NodeId, HoldTime)
                : holder == _node.NodeId ? await redis.LockExtendAsync(key, _node.NodeId, HoldTime) // a start that failed half-way
                : (long)await redis.ScriptEvaluateAsync(StealScript, [key], [holder, _node.NodeId, (long)HoldTime.TotalMilliseconds]) == 1;
            if (!taken)
            {
                inbox.Unsubscribe(CommandFlags.FireAndForget);
                return true; // another node took it meanwhile
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            inbox?.Unsubscribe(CommandFlags.FireAndForget);
            _node.Logger.LogDebug("Cluster: could not take {Plot}'s frame builder key: {Message}", _plot.Path, exception.Message);
            return false;
        }

        Volatile.Write(ref _settling, 0); // this node builds: its copy goes on
        await StartBuildingAsync(inbox);
        return false;
    }

    // PUBSUB NUMSUB answers [channel, count].
    private async Task<long> InboxListenersAsync(IDatabase redis) =>
        (long)((RedisResult[])(await redis.ExecuteAsync("PUBSUB", "NUMSUB", ClusterKeys.Inbox(_plot).ToString()))!)[1];

    private async Task StartBuildingAsync(ChannelMessageQueue inbox)
    {
        lock (_gate)
        {
            if (!_stopping)
            {
                _inbox = inbox; // from here on LeaveAsync gives it up
                inbox.OnMessage(message => _node.GuardedAsync($"a message to {_plot.Path}'s builder", () => OnInboxAsync(message.Message)));
            }
        }

        if (_stopping)
        {
            GiveUpTakenKey(inbox);
            return;
        }

        _node.Logger.LogInformation("Cluster: this node builds {Plot}'s frames", _plot.Path);
        // Queued messages wait until the copy they apply to is in place (a wake-up may come meanwhile).
        await _drainGate.WaitAsync();
        try
        {
            if (_stopping)
            {
                GiveUpTakenKey(null); // the plot left this node, or the node stops, while it waited: LeaveAsync let the inbox go
                return;
            }

            // The newest stored version, read before this node picks its copy. An overwrite stored after this read is
            // numbered above everything this node numbers from it (ClusterNode.OverwriteVersionGap), so the saves of the
            // older copy are refused, and the overwrite's notice brings its copy here once this gate is free
            // (ClusterNode.OnPlotChangedAsync). Read after the copy, it numbered an older copy above such an overwrite.
            long stored = _node.Store.LatestVersion(_plot.Owner, _plot.Number);
            _builder = true; // from here on the figure and frames below are relayed to the other nodes
            MarkBusy();
            if (!_synced || stored - _plot.Version >= ClusterNode.OverwriteVersionGap)
            {
                // This node did not mirror the plot (its copy may be old), or an overwrite was stored that has not reached
                // it yet. It takes the stored copy (a second behind the last builder at most) and every viewer starts
                // again from it, with this node's ids.
                if (PlotLoader.Reload(_node.Store, _node.Plots, _plot.Owner, _plot.Number) is null)
                {
                    _plot.PublishFigure();
                }

                SetSynced(true);
            }

            // The last builder saved versions this node's copy did not count (mirrored events are not saved): this node goes
            // on above them and saves its copy whole, so its next points are stored after what is there.
            _plot.ContinueFromVersion(stored);
        }
        finally
        {
            _drainGate.Release();
        }

        await DrainAsync();
    }

    // An idle builder stops building, but not under a drain: a batch it popped is applied and relayed as the builder's,
    // and a drain that applied something makes it busy again. Returns whether it stopped.
    private async Task<bool> LetIdleGoAsync()
    {
        await _drainGate.WaitAsync();
        try
        {
            if (Busy())
            {
                return false;
            }

            LetPendingGoOut();
            StopBuilding();
            return true;
        }
        finally
        {
            _drainGate.Release();
        }
    }

    // Before this node lets the plot go while it still holds the key (idle, or leaving): the plot's frame and edits that
    // wait for the next frame instant go out now. At that instant this node no longer relays what it publishes, so the
    // other nodes would never get them, and the next builder, whose copy is the mirrored one, would go on without them and
    // save its copy whole over them. Not when the key is lost already (RenewAsync, Rejoin): the other nodes follow another
    // builder then, and this node's events would put their copies apart from its.
    private void LetPendingGoOut()
    {
        if (_builder && _node.IsConnected)
        {
            _plot.PublishPendingNow();
        }
    }

    private void StopBuilding()
    {
        lock (_gate)
        {
            _builder = false;
            _inbox?.Unsubscribe(CommandFlags.FireAndForget);
            _inbox = null;
        }
    }

    private void RequestFigure() => _node.Publish(ClusterKeys.Inbox(_plot), "f");

    // The builder takes what other nodes queued, in order, and applies it.
    private async Task DrainAsync()
    {
        await _drainGate.WaitAsync();
        try
        {
            while (_builder && !_stopping)
            {
                RedisValue[]? messages = await _queue.TakeAsync();
                if (messages is null || messages.Length == 0)
                {
                    return;
                }

                MarkBusy();
                foreach (RedisValue message in messages)
                {
                    _node.Guarded($"a message queued for {_plot.Path}", () => Apply((byte[])message!));
                }
            }
        }
        finally
        {
            _drainGate.Release();
        }
    }

    private void Apply(byte[] message)
    {
        QueuedMessage queued = QueuedMessage.Parse(message);
        if (queued.Kind != QueuedMessage.StreamedLine)
        {
            ApplyEdit(queued);
            return;
        }

        (int[] traces, string? token, JsonObject streamed) = queued.TakeStreamed();
        bool layout = streamed["layout"] is JsonObject;
        StreamedResult result = _plot.ApplyLocally(traces, streamed, token);
        if (result.Outcome == StreamedOutcome.OverBudget)
        {
            // The node that took the line checked its layout on its own copy (Plot.ApplyStreamObject), which can be behind
            // this one, and counted it received: nobody else would hear of it. Once per plot until a layout applies again.
            if (Interlocked.Exchange(ref _refusalReported, 1) == 0)
            {
                _node.Logger.LogWarning("Cluster: {Plot} refused a streamed object forwarded to it, its points with its layout: {Problem}. "
                    + "The node its stream is on had taken it (its copy was behind this one) and counted it received; further refusals are not "
                    + "logged until a streamed layout applies again. The owner can make room (a null value removes a layout key), or the "
                    + "client can send its layout once instead of in every line", _plot.Path, result.Problem);
            }
        }
        else if (layout && result.Outcome == StreamedOutcome.Applied)
        {
            Volatile.Write(ref _refusalReported, 0);
        }
    }

    // 'r' relayout, 'y' restyle, on this copy: never handed on again, which would put it behind what came after it. An
    // edit still queued when the plot left this node goes with it.
    private void ApplyEdit(QueuedMessage edit)
    {
        try
        {
            if (edit.Kind == QueuedMessage.Relayout)
            {
                _plot.Relayout(edit.Body, here: true);
            }
            else
            {
                (JsonObject update, int[] traces) = edit.RestyleParts();
                _plot.Restyle(update, traces, here: true);
            }
        }
        catch (PlotRemovedException)
        {
            _node.Logger.LogDebug("Cluster: an edit queued for {Plot} came after it left this node, and was dropped", _plot.Path);
        }
    }

    private void OnEvent(RedisValue message)
    {
        ClusterEvent item = ClusterEvent.Parse((byte[])message!);
        if (item.Node == _node.NodeId || _builder)
        {
            return;
        }

        if (!_synced && item.Type != "figure")
        {
            return; // frames apply to the builder's state only: wait for the figure asked for
        }

        try
        {
            _plot.Mirror(item.Id, item.Type, item.Json.Span);
            SetSynced(true);
        }
        catch
        {
            SetSynced(false);
            throw;
        }
    }

    // The inbox carries wake-ups ("w": the queue has messages) and requests for the figure ("f").
    private async Task OnInboxAsync(RedisValue message)
    {
        if (!_builder)
        {
            return;
        }

        if (message == "w")
        {
            await DrainAsync();
        }
        else if (message == "f")
        {
            _plot.PublishFigure();
        }
    }
}
