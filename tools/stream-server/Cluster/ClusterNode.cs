using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using HeartRateStreamer.StreamServer.Ingest;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Viewer;
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
    private readonly ConditionalWeakTable<IngestSession, string> _connectionNames = new(); // this node's device connections, named NODE:N
    private long _connections;
    private readonly SharedStreamStates _streamStates;
    private readonly ClusterSubscriptions _subscriptions;
    private readonly ConcurrentDictionary<string, LoadCount> _loading = new(); // notices this node sent (TellNodesAsync), until every node answered
    private long _notices;
    private long _batches;
    private readonly PeriodicTimer _ticker = new(TickInterval);
    private readonly Task _ticking;
    private int _unreachable; // 1 from the first failed connection until Redis is back: logged once each way
    private int _refused; // 1 once a refused password or certificate was logged, until Redis is back

    public ClusterNode(string address, PlotRegistry plots, PostgresStore store, ILogger logger)
    {
        _plots = plots;
        _store = store;
        _logger = logger;
        _streamStates = new SharedStreamStates(this);
        ClusterAddress parsed = ClusterAddress.Parse(address);
        Address = parsed.Shown;
        // Every failed attempt, from the first (ConnectionFailed comes only after Connect, and only for a connection that
        // was up): a refused password or certificate is said at start-up, and again if it starts while Redis is away.
        parsed.Options.ConnectionAttemptCompleted += (_, attempt) => AttemptFailed(attempt);
        _redis = ConnectionMultiplexer.Connect(parsed.Options);
        _redis.ConnectionFailed += (_, failure) => Lost($"{failure.FailureType} on {failure.EndPoint}");
        if (!_redis.IsConnected)
        {
            Lost("no connection at start-up");
        }

        _subscriptions = new ClusterSubscriptions(_redis, NodeId);
        _subscriptions.Listen(ClusterKeys.Takeovers, message => Guarded("a token takeover", () => OnTakeover(message)));
        _subscriptions.Listen(ClusterKeys.PlotsChanged, message => GuardedAsync("a stored plot", () => OnPlotChangedAsync(message)));
        _subscriptions.Listen(ClusterKeys.TokensLeft, message => Guarded("tokens that left plots", () => OnTokensLeft(message)));
        _subscriptions.Listen(ClusterKeys.PlotsLoaded, message => Guarded("a loaded plot", () => OnPlotLoaded(message)));
        // Only once every channel is listened to, since Restored proves them live; a restore before this was a loss first,
        // and the tick sees Redis back.
        _redis.ConnectionRestored += (_, _) => Restored();
        AwaitSubscriptionsAsync("while it started").GetAwaiter().GetResult();
        _ticking = TickAsync();
    }

    /// <summary>This node's name in Redis (random per start).</summary>
    public string NodeId { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();

    /// <summary>The --cluster address without its password (<see cref="ClusterAddress.Shown"/>).</summary>
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

    /// <summary>A new id for a batch of messages this node hands a builder (<see cref="ClusterKeys.Batch"/>): unique in the cluster.</summary>
    internal string NextBatchId() => $"{NodeId}:{Interlocked.Increment(ref _batches).ToString(CultureInfo.InvariantCulture)}";

    public IPlotRelay RelayOf(Plot plot) => _relays.GetOrAdd(plot, p => new PlotRelay(this, p));

    /// <summary>How long Redis remembers a token's newest connection: a connection older than this is not ended by a newer one
    /// on another node (a device reconnects far more often).</summary>
    public static readonly TimeSpan ConnectionMemory = TimeSpan.FromDays(7);

    public void StreamConnected(StreamBinding binding, Plot plot)
    {
        string name = $"{NodeId}:{Interlocked.Increment(ref _connections).ToString(CultureInfo.InvariantCulture)}";
        if (binding.ActiveConnection is IngestSession connection)
        {
            _connectionNames.AddOrUpdate(connection, name);
        }

        _ = EndOlderConnectionAsync(StreamToken.Digest(binding.Token), name);
        _streamStates.Connected(binding);
        _relays.GetValueOrDefault(plot)?.StreamConnected();
    }

    public void StreamEnded(StreamBinding binding, Plot plot)
    {
        _streamStates.Ended(binding);
        _relays.GetValueOrDefault(plot)?.StreamEnded();
    }

    public Task<StreamCounts?> StreamElsewhereAsync(StreamBinding binding) => _streamStates.ElsewhereAsync(binding);

    // In PostgreSQL, not Redis: while Redis is away every node still numbers from one counter, where a node numbering on its
    // own gave two plots one number (the second save replaced the first, and a device of the first got 404).
    public Task<int> ReservePlotNumberAsync(string owner, int atLeast) => _store.ReservePlotNumberAsync(owner, atLeast);

    /// <summary>How far above the newest stored version an overwrite's versions start: a fence. The plot's builder on another
    /// node may still be saving objects of the old copy (it saves a second or so behind, at most 20 objects a second per
    /// stream); numbered below the overwrite, they are refused by the store instead of being replayed onto the new copy.</summary>
    public const long OverwriteVersionGap = 1L << 30;

    /// <summary>The version from which a node's copy of a plot is an overwrite numbered after the plot's stored row was read
    /// at <paramref name="storedVersion"/> (as tokens were taken out of it): a late message that those tokens left the plot
    /// leaves such a copy alone (<see cref="PlotRegistry.TokenLeft"/>). Half a gap above, not a whole one: an overwrite is
    /// numbered a gap above the newest version read before it is stored (<see cref="ContinueAboveStored"/>), and the row can
    /// be rewritten whole a few versions higher between that read and its save (its builder's compaction or an edit, a save
    /// pass under way that the overwrite's save waits for), the tokens taken out of it meanwhile; a copy that is no overwrite
    /// never runs half a gap of objects ahead of its stored row.</summary>
    public static long OverwrittenFrom(long storedVersion) => storedVersion + OverwriteVersionGap / 2;

    /// <inheritdoc/>
    public void ContinueAboveStored(Plot plot) => plot.ContinueFromVersion(_store.LatestVersion(plot.Owner, plot.Number) + OverwriteVersionGap);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DetachedToken>?> StoreAsync(Plot plot, bool created, IReadOnlyList<DetachedToken> detached)
    {
        IReadOnlyDictionary<(string Owner, int Number), long>? versions;
        try
        {
            versions = await _store.StoreAsync(created ? plot.ToStored() : null, detached.Select(d => (d.Plot.Owner, d.Plot.Number, d.Token)).ToList(), StreamSettings.WithoutToken);
        }
        catch
        {
            // Not stored, or not known to be: the saver writes it whole from now on (as on one node), so it is not lost.
            plot.SaverAccess = SaverAccess.Open;
            throw;
        }

        if (versions is not null)
        {
            plot.SaverAccess = SaverAccess.Open;
            return detached.Select(d => d with { StoredVersion = versions[(d.Plot.Owner, d.Plot.Number)] }).ToList();
        }

        // Another plot holds the number (numbered by something else than this counter): it stays, this one goes, and the
        // saver, which would write this one over it, never writes it. The plots this one took tokens from, and the stored
        // one, are read again, with their tokens.
        plot.SaverAccess = SaverAccess.Dropped;
        _logger.LogError("Cluster: plot {Path} '{Filename}' was not stored: the store holds another plot under its number; the new plot was dropped",
            plot.Path, plot.Filename);
        _plots.Remove(plot);
        foreach ((string owner, int number) in detached.Select(d => (d.Plot.Owner, d.Plot.Number)).Append((plot.Owner, plot.Number)).Distinct())
        {
            PlotLoader.Reload(_store, _plots, owner, number);
        }

        return null;
    }

    /// <summary>How long a node waits for every node to answer a notice it sent (a stored or deleted plot, tokens that left
    /// plots), before it goes on anyway.</summary>
    public static readonly TimeSpan LoadWait = TimeSpan.FromSeconds(2);

    /// <summary>This node's <see cref="LoadWait"/>: a test that holds a node's answer to a notice sets it longer, so that what
    /// it does meanwhile cannot outlast the wait however slow the machine.</summary>
    internal TimeSpan LoadWaitHere { get; set; } = LoadWait;

    /// <summary>Tells every node to read the plot from the store, and waits until each has (at most <see cref="LoadWaitHere"/>):
    /// a device that gets /clientresp's answer may connect to any node at once, and that node must know its token; an owner
    /// told that a plot is deleted must find it gone on every node.</summary>
    public Task PlotStoredAsync(Plot plot) =>
        TellNodesAsync(ClusterKeys.PlotsChanged, $"{plot.Owner}\n{plot.Number.ToString(CultureInfo.InvariantCulture)}", $"read plot {plot.Path}",
            "a device that connects to another node at once may find that node's copy as it was (a token not known there yet: 404) and must retry");

    /// <inheritdoc/>
    public async Task<bool> TokensLeftAsync(IReadOnlyList<DetachedToken> detached)
    {
        // Each plot's row version as the store took the tokens out of it, read in that transaction (StoreAsync): an overwrite
        // of it numbered after that commits (the 409 says to make the plot anew, or to overwrite the plot with its tokens,
        // possibly through another node, and the owner may do so before this message goes out) is numbered at least
        // OverwriteVersionGap above it, one numbered just before it and stored after it a few versions short of that; a node
        // whose copy is such an overwrite leaves its tokens alone (OverwrittenFrom), however late this message reaches it.
        // (Read from the store here, after the plot-stored notice, it was already such an overwrite's own version, and the
        // message stripped the tokens from it.)
        long StoredVersion(DetachedToken d) =>
            d.StoredVersion ?? throw new ArgumentException($"the token taken from {d.Plot.Path} has no stored version: pass the tokens StoreAsync returned", nameof(detached));

        string plots = string.Join(" ", detached.Select(d => d.Plot.Path).Distinct());
        return await TellNodesAsync(ClusterKeys.TokensLeft,
            string.Join("\n", detached.Select(d => $"{d.Plot.Owner}\n{d.Plot.Number.ToString(CultureInfo.InvariantCulture)}\n"
                + $"{StoredVersion(d).ToString(CultureInfo.InvariantCulture)}\n{d.Token}")),
            $"drop the tokens an overwrite took from {plots}",
            $"a node that did not answer may still take those tokens for {plots} (a device streaming to one is answered 200 and feeds the old plot) "
            + "until it hears of the plot again; the 409 said so, and to send the request again once the cluster is reachable");
    }

    // Publishes "NODE\nBODY\nNOTICE" on the channel and waits until every node, this one too, answered the notice on
    // PlotsLoaded, having done what it says: at most LoadWaitHere in all, the publish included. Returns whether every node
    // answered: false when Redis is away or does not answer in time, or a node did not answer (then the log says what that
    // costs: <paramref name="otherwise"/>).
    private async Task<bool> TellNodesAsync(RedisChannel channel, string body, string done, string otherwise)
    {
        if (!IsConnected)
        {
            // Nobody hears of it now: the other nodes read it when it next changes, or when they start. Redis away was
            // logged once already (Lost).
            _logger.LogDebug("Cluster: could not tell the other nodes to {Done}: Redis is unreachable; {Otherwise}", done, otherwise);
            return false;
        }

        string notice = $"{NodeId}:{Interlocked.Increment(ref _notices).ToString(CultureInfo.InvariantCulture)}";
        var loaded = new LoadCount();
        _loading[notice] = loaded;
        DateTime deadline = DateTime.UtcNow + LoadWaitHere;
        try
        {
            // Every node answers, this one too, so the count to wait for is the number of receivers. The publish counts in
            // the one deadline: its own timeout (2 s) and then the wait took up to twice LoadWait.
            long nodes = await Subscriber.PublishAsync(channel, $"{NodeId}\n{body}\n{notice}").WaitAsync(LoadWaitHere);
            if (await loaded.WaitAsync(nodes, deadline))
            {
                return true;
            }

            _logger.LogWarning("Cluster: {Answered} of {Nodes} nodes answered within {Seconds} s when told to {Done}; {Otherwise}",
                loaded.Count, nodes, LoadWaitHere.TotalSeconds, done, otherwise);
            return false;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            _logger.LogWarning("Cluster: could not tell the other nodes to {Done} ({Message}); {Otherwise}", done, exception.Message, otherwise);
            return false;
        }
        finally
        {
            _loading.TryRemove(notice, out _);
        }
    }

    // NODE, then OWNER, NUMBER, STORED (the version of the plot's stored row as the store took the token out of it), TOKEN
    // for each token, then NOTICE; answered even when malformed, so the sender does not wait.
    private void OnTokensLeft(RedisValue message)
    {
        string[] parts = ((string)message!).Split('\n');
        try
        {
            if (parts.Length < 6 || (parts.Length - 2) % 4 != 0 || parts[0] == NodeId)
            {
                return; // the sender's own copies lost them already
            }

            for (int i = 1; i < parts.Length - 1; i += 4)
            {
                if (int.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int number)
                    && long.TryParse(parts[i + 2], NumberStyles.None, CultureInfo.InvariantCulture, out long stored))
                {
                    _plots.TokenLeft(parts[i], number, parts[i + 3], overwrittenFrom: OverwrittenFrom(stored));
                }
            }
        }
        finally
        {
            Publish(ClusterKeys.PlotsLoaded, parts[^1]);
        }
    }

    /// <summary>How long a plot's history outlives its last event: a viewer resumes within a minute or two, and a quiet plot's
    /// history is not kept for nothing.</summary>
    public static readonly TimeSpan HistoryLifetime = TimeSpan.FromMinutes(2);

    // Appends the builder's event to the plot's history and publishes it to the nodes that mirror the plot: one script, so
    // both have the same order. The history keeps what the rule of one plot's replay lets it keep of its own events
    // (ViewerLimits.PlotReplayKeepsTooMuch: 1200 events, --replay-bytes): MAXLEN drops the oldest past its ARGV[3] events,
    // and MINID the oldest past its ARGV[4] bytes, the newest always kept. Not what the builder's buffer kept: a new builder's
    // holds only what it mirrored since it had viewers, and trimmed to it the history lost what a viewer resumes from.
    // For that, an entry's id is not a time but "OFFSET-BYTES": where its bytes start in the plot's history and how many
    // there are (ARGV[2], the event as viewers get it), so the entries within the bytes are those from a given offset on,
    // and nothing is summed. Each event costs a look at the last entry and the trims of what goes, once each. The history's
    // epochs (KEYS[2]) name each epoch's last entry (ARGV[7] is the event's); while there are more than one, an epoch whose
    // last entry was trimmed goes with it (the first entry left is looked at). The history's commands are pcall'd and an id
    // of another form is not read: whatever fails there (the script is fire and forget, so nobody would hear of it), the
    // event is still published, and the mirroring nodes' viewers still get it.
    private const string EventScript = """
        local last = redis.pcall('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
        local offset = 0
        if type(last) == 'table' then
            local start, bytes = string.match(tostring(last[1]), '^(%d+)-(%d+)$')
            if start then
                offset = tonumber(start) + tonumber(bytes)
            end
        end
        local bytes = tonumber(ARGV[2])
        local id = string.format('%.0f-%d', offset, bytes)
        redis.pcall('XADD', KEYS[1], 'MAXLEN', ARGV[3], id, 'e', ARGV[1])
        redis.pcall('XTRIM', KEYS[1], 'MINID', string.format('%.0f', math.max(0, math.min(offset, offset + bytes - tonumber(ARGV[4])))))
        redis.pcall('HSET', KEYS[2], ARGV[7], id)
        local epochs = redis.pcall('HLEN', KEYS[2])
        if type(epochs) == 'number' and epochs > 1 then
            local first = redis.pcall('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
            local kept = type(first) == 'table' and tonumber(string.match(tostring(first[1]), '^(%d+)-')) or offset
            local all = redis.pcall('HGETALL', KEYS[2])
            for i = 1, #all, 2 do
                if (tonumber(string.match(all[i + 1], '^(%d+)-')) or -1) < kept then
                    redis.pcall('HDEL', KEYS[2], all[i])
                end
            end
        end
        redis.pcall('PEXPIRE', KEYS[1], ARGV[5])
        redis.pcall('PEXPIRE', KEYS[2], ARGV[5])
        return redis.call('PUBLISH', ARGV[6], ARGV[1])
        """;

    /// <summary>Events a plot's history keeps at most: as many as a node's replay buffer (a minute of frames).</summary>
    internal int HistoryLength => _plots.ViewerLimits.ReplayEvents;

    /// <summary>What one plot's streamed lines may hold on this node while they wait for Redis on their way to the plot's
    /// builder (<see cref="PlotRelay.ForwardStreamed"/>), as JSON text: --replay-bytes, the most one plot may already keep
    /// here for its viewers, so a slow Redis at most doubles a plot's share of memory instead of growing it without end
    /// (16 MiB by default: 16 lines of the largest size, or about 300,000 device points).</summary>
    internal long ForwardQueueBytes => _plots.ViewerLimits.ReplayBytes;

    /// <summary>The builder's event for the other nodes and the history (fire and forget, in order with its other commands).</summary>
    internal void PublishEvent(Plot plot, byte[] message, SseEvent item)
    {
        if (!IsConnected)
        {
            return;
        }

        string epoch = SseEventId.TryParse(item.Id, out string parsed, out _) ? parsed : "";

        try
        {
            Database.ScriptEvaluate(EventScript, [ClusterKeys.History(plot), ClusterKeys.HistoryEpochs(plot)],
                [message, item.Length, HistoryLength, _plots.ViewerLimits.ReplayBytes, (long)HistoryLifetime.TotalMilliseconds, ClusterKeys.Events(plot).ToString(), epoch],
                CommandFlags.FireAndForget);
        }
        catch (RedisException exception)
        {
            Lost(exception.Message);
        }
    }

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
            Failed(what, exception);
        }
    }

    /// <inheritdoc cref="Guarded"/>
    internal async Task GuardedAsync(string what, Func<Task> handler)
    {
        try
        {
            await handler();
        }
        catch (Exception exception)
        {
            Failed(what, exception);
        }
    }

    /// <summary>Clean stop, after Kestrel stopped and before the saver's last flush: the tick stops, and no plot this node
    /// builds takes anything more from its queue; what was taken is applied, so the flush saves it. Waits at most
    /// <paramref name="within"/>: a step that reads a hung database (a takeover's reload) would hold the stop past its
    /// deadline; the plots whose steps had not ended are named, as what they had not applied is not saved.</summary>
    public async Task StopTakingAsync(TimeSpan within)
    {
        Task deadline = Task.Delay(within);
        _ticker.Dispose();
        await Task.WhenAny(_ticking, deadline);
        var stopping = _relays.ToDictionary(entry => entry.Key, entry => GuardedAsync("stopping a frame builder", entry.Value.StopTakingAsync));
        await Task.WhenAny(Task.WhenAll(stopping.Values), deadline);
        List<string> unfinished = stopping.Where(entry => !entry.Value.IsCompleted).Select(entry => entry.Key.Path).ToList();
        if (unfinished.Count > 0)
        {
            _logger.LogError("Cluster: the last steps of {Count} plots did not end within {Seconds} s of the stop (the database or Redis does not answer); "
                + "what they had not applied is not saved: {Plots}", unfinished.Count, within.TotalSeconds, string.Join(" ", unfinished));
        }
    }

    /// <summary>Clean stop, after the saver's flush: gives up every builder key and inbox. Another node takes each plot over
    /// and reads from the store what this node applied; messages queued meanwhile wait there for it.</summary>
    public async Task LeaveAsync()
    {
        foreach (PlotRelay relay in _relays.Values)
        {
            await GuardedAsync("giving up a frame builder", relay.LeaveAsync);
        }
    }

    public void Dispose()
    {
        _ticker.Dispose();
        _ticking.Wait();
        _redis.Dispose();
    }

    // Redis away is reported once, by Lost, and the node stopping disposes what a late handler uses: what fails then is
    // expected and only logged for debugging.
    private void Failed(string what, Exception exception)
    {
        LogLevel level = (exception is RedisException or TimeoutException && !IsConnected) || exception is ObjectDisposedException ? LogLevel.Debug : LogLevel.Error;
        _logger.Log(level, "Cluster: handling {What} failed and was skipped: {Type}: {Message}", what, exception.GetType().Name, exception.Message);
    }

    // The token's newest connection is the one Redis was told of last: it takes the name of the one before, which is ended
    // wherever it is. Naming the older connection, not the newer, makes a late message harmless: it can only end a
    // connection that is already older.
    private async Task EndOlderConnectionAsync(string digest, string name)
    {
        if (!IsConnected)
        {
            return;
        }

        try
        {
            RedisValue older = await Database.StringSetAndGetAsync(ClusterKeys.NewestConnection(digest), name, ConnectionMemory);
            if (!older.IsNull && older != name)
            {
                Publish(ClusterKeys.Takeovers, $"{digest}\n{older}");
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            _logger.LogDebug("Cluster: could not tell the other nodes of a new connection: {Message}", exception.Message);
        }
    }

    // A newer device connection for the token started: the older one it names ends with 423 if it is here, as on one node.
    private void OnTakeover(RedisValue message)
    {
        string[] parts = ((string)message!).Split('\n');
        if (parts.Length == 2 && _plots.FindStreamByDigest(parts[0])?.ActiveConnection is IngestSession older
            && _connectionNames.TryGetValue(older, out string? name) && name == parts[1])
        {
            older.TakeOver();
        }
    }

    // Another node stored a plot: it is read back from the store, so this node finds it (its link, its tokens) too; then
    // the node says so (this one at once), and the node that stored it answers /clientresp. A plot this node has a relay
    // for is read under its drain gate (PlotRelay.ReloadStoredAsync): after a takeover's read of the store, not before it.
    private async Task OnPlotChangedAsync(RedisValue message)
    {
        string[] parts = ((string)message!).Split('\n');
        if (parts.Length != 4 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            return;
        }

        try
        {
            if (parts[0] != NodeId && await ReloadStoredAsync(parts[1], number) is (null, false))
            {
                _logger.LogWarning("Cluster: plot /~{Owner}/{Number} was stored by another node but cannot be read from the store", parts[1], number);
            }
        }
        finally
        {
            Publish(ClusterKeys.PlotsLoaded, parts[3]);
        }
    }

    // The plot as read, and whether its owner deleted it (then it has left this node too).
    private Task<(Plot? Plot, bool Deleted)> ReloadStoredAsync(string owner, int number)
    {
        if (_plots.Find(owner, number) is Plot plot && _relays.GetValueOrDefault(plot) is PlotRelay relay)
        {
            return relay.ReloadStoredAsync();
        }

        Plot? read = PlotLoader.Reload(_store, _plots, owner, number, out bool deleted);
        return Task.FromResult((read, deleted));
    }

    /// <inheritdoc/>
    public bool CanTellNodes => IsConnected;

    /// <inheritdoc/>
    public async Task LeaveIfDeletedAsync(Plot plot)
    {
        bool deleted;
        try
        {
            using var deadline = new CancellationTokenSource(WriteBehindPersister.SaveNowTimeout);
            deleted = await _store.IsDeletedAsync(plot.Owner, plot.Number, deadline.Token);
        }
        catch (Exception exception)
        {
            // The overwrite was saved; a delete that raced it still reaches this node by its notice.
            _logger.LogWarning("Cluster: could not read whether plot {Path} was deleted meanwhile ({Reason}); its overwrite is answered as saved",
                plot.Path, exception.Message);
            return;
        }

        if (deleted)
        {
            _plots.Delete(plot.Owner, plot.Number);
        }
    }

    /// <inheritdoc/>
    public void Removed(Plot plot)
    {
        if (_relays.TryRemove(plot, out PlotRelay? relay))
        {
            _ = GuardedAsync($"letting {plot.Path} go", relay.RemovedAsync);
        }
    }

    private void OnPlotLoaded(RedisValue message)
    {
        if (_loading.TryGetValue(message!, out LoadCount? loaded))
        {
            loaded.Add();
        }
    }

    private async Task TickAsync()
    {
        while (await _ticker.WaitForNextTickAsync())
        {
            // Also a first connection after a start without Redis, for which StackExchange.Redis reports no restore.
            if (Volatile.Read(ref _unreachable) == 1 && _redis.IsConnected)
            {
                Restored();
            }

            // Builder keys first, all at once, and nothing else on the way: a plot whose work waits (a takeover that reads a
            // hung store holds its drain) must not hold up another plot's renewal, or that key runs out while this node
            // still builds the plot, and a second node builds it too.
            await Task.WhenAll(_relays.Values.Select(relay => GuardedAsync("renewing a frame builder's key", relay.RenewAsync)));
            foreach (PlotRelay relay in _relays.Values)
            {
                relay.TickInTurn();
            }

            if (IsConnected)
            {
                await _streamStates.ShareAllAsync();
            }
        }
    }

    // Once this returns, the node hears every notice published after it: it serves (at start-up) or reads the plots stored
    // meanwhile (when Redis is back) only then (ClusterSubscriptions). Redis gone again was said once by Lost, and this
    // runs again when it is back.
    private async Task AwaitSubscriptionsAsync(string when)
    {
        if (await _subscriptions.ProveLiveAsync().ConfigureAwait(false) is string reason)
        {
            _logger.LogWarning("Cluster: Redis at {Address} did not confirm this node's subscriptions within {Seconds} s{Reason}: notices other "
                + "nodes sent {When} (a plot made or deleted, a token taken over) may not have reached this node, which may answer 404 for such a plot, "
                + "or still serve a deleted one, until it restarts or rejoins after losing Redis again",
                Address, ClusterSubscriptions.Wait.TotalSeconds, reason.Length > 0 ? $" ({reason})" : "", when);
        }
    }

    private void AttemptFailed(ConnectionAttemptCompletedEventArgs attempt)
    {
        // ConnectionDisposed: StackExchange.Redis abandoned an attempt to retry it; the retry says why.
        if (!attempt.IsSuccess && attempt.FailureType != ConnectionFailureType.ConnectionDisposed)
        {
            Lost(RedisFailure.Describe(attempt), refused: attempt.FailureType == ConnectionFailureType.AuthenticationFailure);
        }
    }

    // Logged once when Redis goes, and once more if it then refuses this node's password or certificate (which no waiting
    // mends), until Redis is back.
    private void Lost(string reason, bool refused = false)
    {
        bool first = Interlocked.Exchange(ref _unreachable, 1) == 0;
        bool firstRefusal = refused && Interlocked.Exchange(ref _refused, 1) == 0;
        if (first || firstRefusal)
        {
            _logger.LogWarning("Cluster: Redis at {Address} is unreachable ({Reason}): serving locally, each plot built where its streams are; "
                + "viewers on other nodes miss this node's streams until Redis returns. /healthz says \"redis unreachable\"", Address, reason);
        }
    }

    private void Restored()
    {
        if (_redis.IsConnected && Interlocked.Exchange(ref _unreachable, 0) == 1)
        {
            Interlocked.Exchange(ref _refused, 0);
            _logger.LogWarning("Cluster: Redis at {Address} is back: rejoined the cluster", Address);
            foreach (PlotRelay relay in _relays.Values)
            {
                Guarded("rejoining", relay.Rejoin);
            }

            // Only once this node hears every notice: a plot stored after the read is then heard of.
            _ = Task.Run(() => GuardedAsync("reading the plots stored while Redis was away", async () =>
            {
                await AwaitSubscriptionsAsync("as Redis came back");
                await ReadPlotsStoredMeanwhileAsync();
            }));
        }
    }

    // Plots stored or deleted on other nodes while this one was away from Redis sent it no notice: it drops those deleted,
    // and reads those it does not have, or has an older copy of, from the store, unless its copy is the one that goes on
    // (PlotRelay.ReloadUnlessCurrentAsync: it builds the plot, has a stream of it, or already mirrored the builder's figure).
    private async Task ReadPlotsStoredMeanwhileAsync()
    {
        int read = 0;
        foreach ((string owner, int number, long version, bool deleted) in _store.PlotVersions())
        {
            Plot? plot = _plots.Find(owner, number);
            if (deleted)
            {
                read += plot is null ? 0 : 1;
                _plots.Delete(owner, number); // also where it never was: its link answers "deleted", not "unknown"
            }
            else if (plot is null)
            {
                read += PlotLoader.Reload(_store, _plots, owner, number) is null ? 0 : 1;
            }
            else if (plot.Version < version && _relays.GetValueOrDefault(plot) is PlotRelay relay && await relay.ReloadUnlessCurrentAsync())
            {
                read++;
            }
        }

        if (read > 0)
        {
            _logger.LogInformation("Cluster: read {Count} plots stored by other nodes while Redis was away", read);
        }
    }
}
