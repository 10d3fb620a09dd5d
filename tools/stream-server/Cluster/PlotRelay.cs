using System.Text;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Storage;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>
/// Which node builds one plot's frames, and how the others see them. The builder is the node holding the plot's
/// <see cref="ClusterKeys.Builder"/> key (its node id, <see cref="HoldTime"/> to live, renewed every
/// <see cref="ClusterNode.TickInterval"/>): a node takes it when a device stream for the plot connects there and nobody
/// holds it, or when an owner edit arrives and nobody holds it. The builder applies points, coalesces frames on the 50 ms
/// grid and publishes every event (frame, relayout, restyle, figure) with its id on <see cref="ClusterKeys.Events"/>; every
/// node with viewers mirrors them (<see cref="Plot.Mirror"/>), so all viewers get the same events with the same ids, and a
/// viewer's Last-Event-ID resumes on any node that mirrors the plot. A node that is not the builder hands what its streams
/// accept, and owner edits, to the builder through <see cref="ClusterKeys.Inbox"/>; nobody listening there means the
/// builder is gone, and the node takes the key itself. When the builder dies its key runs out within
/// <see cref="HoldTime"/> and the node where the device reconnects takes it over.
/// </summary>
public sealed class PlotRelay : IPlotRelay
{
    /// <summary>How long the builder's key lives unless renewed: three renewals, so one slow round trip does not lose it;
    /// also about the longest a killed builder's plot waits for a new one.</summary>
    public static readonly TimeSpan HoldTime = TimeSpan.FromSeconds(3);

    // How often a node waiting for a handover tries the builder's key: a frame interval, so viewers wait at most one more frame.
    private const int HandoverPollMilliseconds = Plot.FrameIntervalMilliseconds;

    private readonly ClusterNode _node;
    private readonly Plot _plot;
    private readonly object _gate = new();
    private ChannelMessageQueue? _inbox; // while this node is the builder
    private ChannelMessageQueue? _events; // once this node has viewers
    private volatile bool _builder;
    private volatile bool _synced; // this node's copy of the plot is the builder's (it mirrored a figure, or built it)
    private int _localStreams;
    private long _handoverUntil; // Environment.TickCount64 until which this node waits for the builder it asked to hand over
    private readonly object _forwardGate = new();
    private Task _forwarding = Task.CompletedTask;
    private long _lastBuiltTicks;

    public PlotRelay(ClusterNode node, Plot plot)
    {
        _node = node;
        _plot = plot;
    }

    /// <summary>Whether this node builds the plot's frames now (also true without Redis: each node is on its own then).</summary>
    public bool IsBuilder => _builder || !_node.IsConnected;

    public bool ForwardStreamed(IReadOnlyList<int> traceIndices, JsonObject streamed)
    {
        lock (_forwardGate)
        {
            if (IsBuilder && _forwarding.IsCompleted)
            {
                Volatile.Write(ref _lastBuiltTicks, Environment.TickCount64);
                return false;
            }

            // In order behind what is still on its way: a device's resent window (an array) must not overtake its points.
            var message = new JsonObject { ["traces"] = new JsonArray(traceIndices.Select(i => (JsonNode)i).ToArray()), ["object"] = streamed.DeepClone() };
            _forwarding = _forwarding.ContinueWith(_ => ForwardAsync(message, traceIndices, streamed), TaskScheduler.Default).Unwrap();
            return true;
        }
    }

    public bool ForwardEdit(string kind, JsonObject body)
    {
        if (IsBuilder || TryTakeHold(steal: false, reload: false))
        {
            Volatile.Write(ref _lastBuiltTicks, Environment.TickCount64);
            return false;
        }

        Send(kind == "relayout" ? "r" : "y", body.DeepClone().AsObject());
        return true;
    }

    public void Published(string id, string eventType, ReadOnlySpan<byte> json)
    {
        if (!_builder || !_node.IsConnected)
        {
            return;
        }

        byte[] head = Encoding.UTF8.GetBytes($"{_node.NodeId}\n{id}\n{eventType}\n");
        byte[] message = new byte[head.Length + json.Length];
        head.CopyTo(message, 0);
        json.CopyTo(message.AsSpan(head.Length));
        _node.Publish(ClusterKeys.Events(_plot), message);
    }

    public void Viewing()
    {
        lock (_gate)
        {
            if (_events is not null)
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
        }

        RequestFigure();
    }

    internal void StreamConnected()
    {
        Interlocked.Increment(ref _localStreams);
        Volatile.Write(ref _lastBuiltTicks, Environment.TickCount64);
        if (!_builder && !TryTakeHold(steal: true))
        {
            // The device is here now: the builder (alive, or dead with its key not yet run out) hands the plot to this node,
            // which holds the device's objects back until it builds, so none is sent to a builder that is no longer there.
            Volatile.Write(ref _handoverUntil, Environment.TickCount64 + (long)HoldTime.TotalMilliseconds + HandoverPollMilliseconds * 10);
            Send("h", null);
        }
    }

    internal void StreamEnded() => Interlocked.Decrement(ref _localStreams);

    /// <summary>Every <see cref="ClusterNode.TickInterval"/>: the builder renews its hold while it has streams or was busy
    /// lately and lets it go otherwise; a node with a stream and no builder takes the hold; a follower that lost track asks
    /// for the figure again.</summary>
    internal void Tick()
    {
        if (!_node.IsConnected)
        {
            return;
        }

        bool busy = Volatile.Read(ref _localStreams) > 0 || Environment.TickCount64 - Volatile.Read(ref _lastBuiltTicks) < HoldTime.TotalMilliseconds;
        if (_builder)
        {
            if (!busy)
            {
                _node.Database.LockRelease(ClusterKeys.Builder(_plot), _node.NodeId);
                StopBuilding();
            }
            else if (!_node.Database.LockExtend(ClusterKeys.Builder(_plot), _node.NodeId, HoldTime))
            {
                _node.Logger.LogInformation("Cluster: {Plot} is built by another node now", _plot.Path);
                StopBuilding();
            }
        }
        else if (Volatile.Read(ref _localStreams) > 0)
        {
            TryTakeHold(steal: true);
        }

        if (!_builder && _events is not null && !_synced)
        {
            RequestFigure();
        }
    }

    /// <summary>Redis is back: what happened meanwhile was not mirrored, so followers ask for the figure, and the nodes
    /// that built alone settle who builds.</summary>
    internal void Rejoin()
    {
        _synced = false;
        if (_builder)
        {
            StopBuilding();
        }

        if (Volatile.Read(ref _localStreams) > 0 && TryTakeHold(steal: false))
        {
            return;
        }

        if (_events is not null)
        {
            RequestFigure();
        }
    }

    // Takes the builder's key when it is free. With steal, also when its holder does not listen on the inbox, as every
    // builder does: it died (killed, its key not yet run out), so this node's stream need not wait up to HoldTime.
    private bool TryTakeHold(bool steal, bool reload = true)
    {
        if (!_node.IsConnected)
        {
            return false;
        }

        try
        {
            IDatabase redis = _node.Database;
            RedisKey key = ClusterKeys.Builder(_plot);
            // Held by this node already: a start that failed half-way (a timeout while Redis came back) is finished now.
            bool taken = redis.LockQuery(key) == _node.NodeId
                ? redis.LockExtend(key, _node.NodeId, HoldTime)
                : redis.LockTake(key, _node.NodeId, HoldTime) || (steal && InboxListeners(redis) == 0 && redis.StringSet(key, _node.NodeId, HoldTime));
            if (!taken)
            {
                return false;
            }
        }
        catch (RedisException exception)
        {
            _node.Logger.LogDebug("Cluster: could not take {Plot}'s frame builder key: {Message}", _plot.Path, exception.Message);
            return false;
        }

        StartBuilding(reload);
        return true;
    }

    // PUBSUB NUMSUB answers [channel, count].
    private long InboxListeners(IDatabase redis) => (long)((RedisResult[])redis.Execute("PUBSUB", "NUMSUB", ClusterKeys.Inbox(_plot).ToString())!)[1];

    private void StartBuilding(bool reload)
    {
        lock (_gate)
        {
            if (_builder)
            {
                return;
            }

            try
            {
                _inbox = _node.Subscriber.Subscribe(ClusterKeys.Inbox(_plot));
            }
            catch (RedisException)
            {
                _node.Subscriber.Unsubscribe(ClusterKeys.Inbox(_plot), flags: CommandFlags.FireAndForget); // the next tick tries again
                throw;
            }

            _inbox.OnMessage(message => _node.Guarded($"a message to {_plot.Path}'s builder", () => OnInbox(message.Message)));
            _builder = true;
        }


        _node.Logger.LogInformation("Cluster: this node builds {Plot}'s frames", _plot.Path);
        if (!_synced)
        {
            // This node did not mirror the plot: its copy may be old. It takes the stored one (a second behind the last
            // builder at most) and every viewer starts again from it, with this node's ids.
            // Not under the plot's lock (an owner edit takes the plot over under it): the reload takes the registry's lock.
            if (!reload || PlotLoader.Reload(_node.Store, _node.Plots, _plot.Owner, _plot.Number) is null)
            {
                _plot.PublishFigure();
            }

            _synced = true;
        }

        // The last builder saved versions this node's copy did not count (mirrored events are not saved): this node goes on
        // above them and saves its copy whole, so its next points are stored after what is there.
        _plot.ContinueFromVersion(_node.Store.LatestVersion(_plot.Owner, _plot.Number));
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

    private void RequestFigure() => Send("f", null);

    // To the builder's inbox, fire and forget: an edit or a request without a builder has nobody to do it anyway.
    private void Send(string kind, JsonObject? body) => _node.Publish(ClusterKeys.Inbox(_plot), body is null ? kind + "\n" : kind + "\n" + body.ToJsonString());

    // A streamed object to the builder's inbox. Nobody listening there means there is no builder: this node takes the plot
    // and applies the object itself, so nothing a device sent is lost to a builder that died. Without Redis, too.
    private async Task ForwardAsync(JsonObject message, IReadOnlyList<int> traceIndices, JsonObject streamed)
    {
        while (!_builder && _node.IsConnected && Environment.TickCount64 < Volatile.Read(ref _handoverUntil) && !TryTakeHold(steal: true))
        {
            await Task.Delay(HandoverPollMilliseconds);
        }

        if (_builder || !_node.IsConnected)
        {
            _plot.ApplyLocally(traceIndices, streamed);
            return;
        }

        long receivers = 0;
        if (!_builder && _node.IsConnected)
        {
            try
            {
                receivers = await _node.Subscriber.PublishAsync(ClusterKeys.Inbox(_plot), "s\n" + message.ToJsonString());
            }
            catch (RedisException)
            {
                receivers = 0;
            }
        }

        if (receivers == 0)
        {
            _node.Guarded($"{_plot.Path} without a builder", () =>
            {
                if (_builder || !_node.IsConnected || TryTakeHold(steal: true))
                {
                    _plot.ApplyLocally(traceIndices, streamed);
                }
            });
        }
    }

    private void OnEvent(RedisValue message)
    {
        byte[] bytes = (byte[])message!;
        int first = Array.IndexOf(bytes, (byte)'\n');
        int second = Array.IndexOf(bytes, (byte)'\n', first + 1);
        int third = Array.IndexOf(bytes, (byte)'\n', second + 1);
        if (first < 0 || second < 0 || third < 0)
        {
            throw new FormatException("a cluster event is not NODE, ID, TYPE and JSON on lines of their own");
        }

        string node = Encoding.UTF8.GetString(bytes, 0, first);
        if (node == _node.NodeId || _builder)
        {
            return;
        }

        string eventType = Encoding.UTF8.GetString(bytes, second + 1, third - second - 1);
        if (!_synced && eventType != "figure")
        {
            return; // frames apply to the builder's state only: wait for the figure asked for
        }

        try
        {
            _plot.Mirror(Encoding.UTF8.GetString(bytes, first + 1, second - first - 1), eventType, bytes[(third + 1)..]);
            _synced = true;
        }
        catch
        {
            _synced = false;
            throw;
        }
    }

    private void OnInbox(RedisValue message)
    {
        if (!_builder)
        {
            return;
        }

        string text = message!;
        int newline = text.IndexOf('\n');
        JsonObject? body = newline + 1 < text.Length ? JsonNode.Parse(text.AsSpan(newline + 1).ToString())!.AsObject() : null;
        switch (text[..newline])
        {
            case "s":
                int[] traces = body!["traces"]!.AsArray().Select(index => index!.GetValue<int>()).ToArray();
                var streamed = body["object"]!.AsObject();
                body.Remove("object"); // a root of its own, as a parsed line is: a layout in it may be moved into the plot
                _plot.ApplyStreamObject(traces, streamed);
                break;
            case "r":
                _plot.Relayout(body!);
                break;
            case "y":
                _plot.Restyle(body!["update"]!.AsObject(), body["traces"]!.AsArray().Select(index => index!.GetValue<int>()).ToList());
                break;
            case "f":
                _plot.PublishFigure();
                break;
            case "h":
                _node.Logger.LogInformation("Cluster: {Plot}'s device is on another node now: handing the plot over", _plot.Path);
                StopBuilding();
                _node.Database.LockRelease(ClusterKeys.Builder(_plot), _node.NodeId);
                break;
        }
    }
}
