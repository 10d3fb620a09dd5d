using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using HeartRateStreamer.StreamServer.Ingest;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Storage;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>This node's membership of a cluster (--cluster redis://...): one Redis connection (StackExchange.Redis), the
/// token takeovers and stored plots the nodes tell each other of, and a <see cref="PlotRelay"/> per plot that decides which
/// node builds the plot's frames. Users and plots themselves are shared through PostgreSQL (--store), not Redis. When Redis
/// goes away the node serves locally (every plot as if it were alone), says so once in the log and in /healthz, and rejoins
/// when Redis returns.</summary>
public sealed class ClusterNode : IPlotCluster, IDisposable
{
    /// <summary>How often builders renew their hold and others look for plots without a builder.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    private readonly ConnectionMultiplexer _redis;
    private readonly PlotRegistry _plots;
    private readonly PostgresStore _store;
    private ILogger _logger;
    private readonly ConcurrentDictionary<Plot, PlotRelay> _relays = new();
    private readonly Timer _ticker;
    private int _unreachable; // 1 from the first failed connection until Redis is back: logged once each way

    public ClusterNode(string address, PlotRegistry plots, PostgresStore store, ILogger logger)
    {
        _plots = plots;
        _store = store;
        _logger = logger;
        ConfigurationOptions options = ClusterAddress.Parse(address);
        Address = address;
        _redis = ConnectionMultiplexer.Connect(options);
        _redis.ConnectionFailed += (_, failure) => Lost($"{failure.FailureType} on {failure.EndPoint}");
        _redis.ConnectionRestored += (_, _) => Restored();
        if (!_redis.IsConnected)
        {
            Lost("no connection at start-up");
        }

        // Fire and forget: without Redis at start-up the node starts anyway; StackExchange.Redis subscribes when it connects.
        Subscriber.Subscribe(ClusterKeys.Takeovers, CommandFlags.FireAndForget).OnMessage(message => Guarded("a token takeover", () => OnTakeover(message.Message)));
        Subscriber.Subscribe(ClusterKeys.PlotsChanged, CommandFlags.FireAndForget).OnMessage(message => Guarded("a stored plot", () => OnPlotChanged(message.Message)));
        _ticker = new Timer(_ => Tick(), null, TickInterval, TickInterval);
    }

    /// <summary>This node's name in Redis (random per start).</summary>
    public string NodeId { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();

    public string Address { get; }

    /// <summary>False while Redis cannot be reached: every plot is then built where its streams are.</summary>
    public bool IsConnected => _redis.IsConnected;

    /// <summary>For /healthz: "connected" or "redis unreachable".</summary>
    public string State => IsConnected ? "connected" : "redis unreachable";

    internal IDatabase Database => _redis.GetDatabase();

    internal PostgresStore Store => _store;

    internal PlotRegistry Plots => _plots;

    internal ISubscriber Subscriber => _redis.GetSubscriber();

    /// <summary>Where the node reports (the start-up logger until the app's exists).</summary>
    public ILogger Logger
    {
        get => _logger;
        set => _logger = value;
    }

    public IPlotRelay RelayOf(Plot plot) => _relays.GetOrAdd(plot, p => new PlotRelay(this, p));

    public void StreamConnected(StreamBinding binding, Plot plot)
    {
        Publish(ClusterKeys.Takeovers, $"{NodeId}\n{StreamToken.Digest(binding.Token)}");
        _relays.GetValueOrDefault(plot)?.StreamConnected();
    }

    public void StreamEnded(Plot plot) => _relays.GetValueOrDefault(plot)?.StreamEnded();

    public void PlotSaved(Plot plot) => Publish(ClusterKeys.PlotsChanged, $"{NodeId}\n{plot.Owner}\n{plot.Number.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Fire and forget: without Redis the message is lost, which the receivers make good when they rejoin.</summary>
    internal void Publish(RedisChannel channel, RedisValue message)
    {
        if (!IsConnected)
        {
            return;
        }

        try
        {
            Subscriber.Publish(channel, message, CommandFlags.FireAndForget);
        }
        catch (RedisException exception)
        {
            Lost(exception.Message);
        }
    }

    /// <summary>Runs a handler of a Redis message: whatever it throws costs that message only.</summary>
    internal void Guarded(string what, Action handler)
    {
        try
        {
            handler();
        }
        catch (Exception exception)
        {
            _logger.LogError("Cluster: handling {What} failed and was skipped: {Type}: {Message}", what, exception.GetType().Name, exception.Message);
        }
    }

    public void Dispose()
    {
        _ticker.Dispose();
        _redis.Dispose();
    }

    // A newer device connection for the token started on another node: this node's older one ends with 423, as on one node.
    private void OnTakeover(RedisValue message)
    {
        string[] parts = ((string)message!).Split('\n');
        if (parts.Length == 2 && parts[0] != NodeId && _plots.FindStreamByDigest(parts[1])?.ActiveConnection is IngestSession older)
        {
            older.TakeOver();
        }
    }

    // Another node stored a plot: it is read back from the store, so this node finds it (its link, its tokens) too.
    private void OnPlotChanged(RedisValue message)
    {
        string[] parts = ((string)message!).Split('\n');
        if (parts.Length != 3 || parts[0] == NodeId || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            return;
        }

        if (PlotLoader.Reload(_store, _plots, parts[1], number) is null)
        {
            _logger.LogWarning("Cluster: plot /~{Owner}/{Number} was stored by another node but cannot be read from the store", parts[1], number);
        }
    }

    private void Tick()
    {
        // Also a first connection after a start without Redis, for which StackExchange.Redis reports no restore.
        if (Volatile.Read(ref _unreachable) == 1 && _redis.IsConnected)
        {
            Restored();
        }

        foreach (PlotRelay relay in _relays.Values)
        {
            Guarded("the frame builder's renewal", relay.Tick);
        }
    }

    private void Lost(string reason)
    {
        if (Interlocked.Exchange(ref _unreachable, 1) == 0)
        {
            _logger.LogWarning("Cluster: Redis at {Address} is unreachable ({Reason}): serving locally, each plot built where its streams are; "
                + "viewers on other nodes miss this node's streams until Redis returns. /healthz says \"redis unreachable\"", Address, reason);
        }
    }

    private void Restored()
    {
        if (_redis.IsConnected && Interlocked.Exchange(ref _unreachable, 0) == 1)
        {
            _logger.LogWarning("Cluster: Redis at {Address} is back: rejoined the cluster", Address);
            foreach (PlotRelay relay in _relays.Values)
            {
                Guarded("rejoining", relay.Rejoin);
            }
        }
    }
}
