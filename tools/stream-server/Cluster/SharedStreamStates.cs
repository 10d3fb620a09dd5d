using System.Collections.Concurrent;
using HeartRateStreamer.StreamServer.Plots;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>The counts of this node's device connections (received, dropped, heartbeats) and its id, shared in Redis
/// (<see cref="ClusterKeys.StreamState"/>) when a connection starts and every tick, and deleted when it ends: the stream
/// pages on every node show a device's streams as they are, wherever it is connected.</summary>
internal sealed class SharedStreamStates
{
    private readonly ClusterNode _node;
    private readonly ConcurrentDictionary<StreamBinding, bool> _connected = new(); // bindings with a device connection here

    public SharedStreamStates(ClusterNode node)
    {
        _node = node;
    }

    /// <summary>A device connection for <paramref name="binding"/> started here: its counts are shared from now on.</summary>
    public void Connected(StreamBinding binding)
    {
        _connected[binding] = true;
        if (_node.IsConnected)
        {
            _ = _node.GuardedAsync("sharing a stream's counts", () => ShareAsync(binding));
        }
    }

    /// <summary>A device connection for <paramref name="binding"/> ended here: when none is left, its shared counts go.</summary>
    public void Ended(StreamBinding binding)
    {
        if (!binding.IsConnected && _connected.TryRemove(binding, out _))
        {
            _ = ForgetAsync(binding);
        }
    }

    /// <summary>Every tick: the counts of every connection here, refreshed before they run out.</summary>
    public async Task ShareAllAsync()
    {
        foreach (StreamBinding binding in _connected.Keys)
        {
            await _node.GuardedAsync("sharing a stream's counts", () => ShareAsync(binding));
        }
    }

    /// <summary>How long a stream's shared counts outlive their last refresh (every tick): a node that died stops showing its
    /// streams as connected within this.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(3);

    /// <inheritdoc cref="IPlotCluster.StreamElsewhereAsync"/>
    public async Task<StreamCounts?> ElsewhereAsync(StreamBinding binding)
    {
        if (!_node.IsConnected)
        {
            return null;
        }

        try
        {
            HashEntry[] fields = await _node.Database.HashGetAllAsync(ClusterKeys.StreamState(StreamToken.Digest(binding.Token)));
            var state = fields.ToDictionary(field => (string)field.Name!, field => field.Value);
            return state.GetValueOrDefault("node") is { IsNull: false } node && node != _node.NodeId
                ? new StreamCounts((long)state["received"], (long)state["dropped"], (long)state["heartbeats"])
                : null;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or KeyNotFoundException)
        {
            _node.Logger.LogDebug("Cluster: could not read a stream's state: {Message}", exception.Message);
            return null;
        }
    }

    // This node's connection of the token and its counts, for the pages on other nodes.
    private async Task ShareAsync(StreamBinding binding)
    {
        RedisKey key = ClusterKeys.StreamState(StreamToken.Digest(binding.Token));
        IDatabase redis = _node.Database;
        await Task.WhenAll(
            redis.HashSetAsync(key, [new("node", _node.NodeId), new("received", binding.Received), new("dropped", binding.Dropped), new("heartbeats", binding.Heartbeats)]),
            redis.KeyExpireAsync(key, Lifetime));
    }

    // Deletes the shared state if it is still this node's (a newer connection elsewhere may have written it since).
    private async Task ForgetAsync(StreamBinding binding)
    {
        const string DeleteIfMine = "if redis.call('HGET', KEYS[1], 'node') == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
        try
        {
            await _node.Database.ScriptEvaluateAsync(DeleteIfMine, [ClusterKeys.StreamState(StreamToken.Digest(binding.Token))], [_node.NodeId]);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            _node.Logger.LogDebug("Cluster: could not clear a stream's state: {Message}", exception.Message); // it runs out on its own
        }
    }
}
