using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Values;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>Saves plot changes in batches, once per interval, in one transaction. Streamed objects are appended
/// (a few bytes each) instead of rewriting the plot: rewriting a 45 MB plot for every point cost 92 MB/s of disk.
/// A plot is saved whole after any other change, and when its appended objects outgrow its last whole copy
/// (compaction, in this background loop). The loop never stops on an error: a plot that cannot be saved is logged
/// once with the reason, counted in <see cref="Health"/> (/healthz) and tried again; the others are saved.
/// A clean stop saves what it can; a crash loses at most the last interval's changes.
/// A database that does not answer costs bounded time and memory (tools/stream-server/README.md, "When the database does
/// not answer"): a pass tries its batch once and probes once, then keeps every plot of it for a whole save; waiting
/// streamed objects are bounded, past which a plot that streams is kept for a whole save instead; /clientresp's save and
/// a stop each wait at most their deadline.</summary>
public sealed class WriteBehindPersister : IPlotChangeListener, IAsyncDisposable
{
    /// <summary>Appended bytes below this never trigger a compaction: small plots are not rewritten every few seconds.</summary>
    public const long MinimumCompactionBytes = 256 * 1024;

    /// <summary>Streamed objects replayed at start-up stay bounded in number, however small they are.</summary>
    public const int MaximumAppendsBeforeCompaction = 50_000;

    /// <summary>Streamed objects held for the saver (queued, or in the pass under way), at most: 2.5 s of the 40,000 a
    /// second 2,000 streams send. Past it, or past <see cref="MaximumQueuedBytes"/>, a plot that streams is marked for a
    /// whole save instead of queueing, and the whole copy includes the object and those of the plot still queued (they
    /// are skipped then): memory stays bounded while the database does not answer, and nothing is lost once it does.</summary>
    public const int MaximumQueuedObjects = 100_000;

    /// <summary>The same bound on those objects' JSON text (a stream that replaces a 700 KB column five times a second
    /// queues 3.5 MB a second).</summary>
    public const long MaximumQueuedBytes = 16 * 1024 * 1024;

    /// <summary>How long /clientresp's save waits (for a pass under way, then for the database) before it fails, so
    /// /clientresp answers 503 while the device still waits for it (the firmware's NetworkTimeouts.PlotAnswerMilliseconds, 20 s);
    /// in a cluster, how long /clientresp waits for all its database work (Protocol/ClientRespEndpoint.cs).</summary>
    public static readonly TimeSpan SaveNowTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a stop waits for the saver (the pass under way, then the last one) before it ends the saves
    /// and logs what was not saved.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private const int MaximumDistinctFailuresLogged = 1000;

    private const int MaximumPlotsNamed = 50;

    private readonly ConcurrentDictionary<Plot, byte> _wholeChanged = new();
    private readonly ConcurrentDictionary<Plot, byte> _compactionDue = new(); // saved already, to be rewritten whole
    private readonly ConcurrentQueue<PendingAppend> _appends = new();
    private readonly ConcurrentDictionary<Plot, AppendedSinceWhole> _appended = new();
    private readonly ConcurrentDictionary<string, byte> _loggedFailures = new();
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    // Cancelled StopTimeout after a stop begins: saves under way end. Never disposed, so a /clientresp that Kestrel's
    // shutdown timeout left running still gets its 503 rather than an ObjectDisposedException.
    private readonly CancellationTokenSource _giveUp = new();
    private readonly IPlotStore _store;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private Task _loop = Task.CompletedTask;
    private volatile bool _disposed;
    private int _queuedObjects;
    private long _queuedBytes;
    private int _overBound; // 1 from the first object past the bound until a save succeeds: logged once per episode
    private volatile bool _stopCutSaves;
    private int _stopBegun;

    public WriteBehindPersister(IPlotStore store)
    {
        _store = store;
    }

    public PersistenceHealth Health { get; } = new();

    /// <summary>Plots the saver keeps anything of (what it appended since their whole copy): every plot on this node, none
    /// that left it.</summary>
    internal int TrackedPlotCount => _appended.Count;

    // The plots a save under way writes (a pass, or SaveNowAsync; one at a time: _flushGate). Their marks are taken out
    // before their save is read, so a change made meanwhile marks them again; until the save ends they are still pending.
    private volatile Plot[] _saving = [];

    /// <summary>Plots with changes not yet saved: marked, or in a save under way (0 means all of them are in the store).</summary>
    public int PendingPlots => Marked.Concat(_saving).Distinct().Count();

    private IEnumerable<Plot> Marked => _wholeChanged.Keys.Concat(_compactionDue.Keys).Concat(_appends.Select(a => a.Plot));

    /// <summary>Streamed objects held for the saver: queued, or in the pass under way (at most <see cref="MaximumQueuedObjects"/>).</summary>
    public int QueuedObjects => Volatile.Read(ref _queuedObjects);

    /// <summary>Their JSON text, about (at most <see cref="MaximumQueuedBytes"/>).</summary>
    public long QueuedBytes => Volatile.Read(ref _queuedBytes);

    /// <summary>Starts saving every <paramref name="interval"/> (changes made before are kept until then).</summary>
    public void Start(TimeSpan interval, ILogger logger)
    {
        _logger = logger;
        _loop = RunAsync(interval);
    }

    /// <summary>A plot loaded at start-up: its whole copy's size decides when its appended objects are compacted.</summary>
    public void Loaded(Plot plot, StoredPlot whole) => _appended[plot] = new AppendedSinceWhole(whole.DataJson.Length + whole.LayoutJson.Length, 0, 0);

    public void Streamed(Plot plot, long version, IReadOnlyList<int> traceIndices, JsonObject streamed)
    {
        // Called under the plot's lock: only queue, within the bounds; serializing is the saver's work.
        if (_disposed)
        {
            return;
        }

        long bytes;
        try
        {
            bytes = JsonTextBytes(streamed);
        }
        catch (Exception)
        {
            bytes = 0; // a value that cannot be written (kept out at the door): the saver reports it when it serializes it
        }

        int objects = Interlocked.Increment(ref _queuedObjects);
        long queuedBytes = Interlocked.Add(ref _queuedBytes, bytes);
        if (objects > MaximumQueuedObjects || queuedBytes > MaximumQueuedBytes)
        {
            Interlocked.Decrement(ref _queuedObjects);
            Interlocked.Add(ref _queuedBytes, -bytes);
            _wholeChanged.TryAdd(plot, 0); // its whole copy will include this object
            if (Interlocked.Exchange(ref _overBound, 1) == 0)
            {
                _logger.LogWarning("Saving falls behind: {Objects} streamed objects ({Bytes} bytes of JSON) wait for the database, the most kept; "
                    + "plots that stream meanwhile are kept in memory to be saved whole instead (reported once until a save succeeds)", objects - 1, queuedBytes - bytes);
            }

            return;
        }

        _appends.Enqueue(new PendingAppend(plot, version, traceIndices.ToArray(), streamed, bytes));
    }

    public void Changed(Plot plot, long version) => _wholeChanged.TryAdd(plot, 0);

    /// <summary>Saves every change now. Never throws: failures are logged, counted and retried on the next call.</summary>
    public async Task FlushAsync()
    {
        await _flushGate.WaitAsync();
        try
        {
            await SaveChangesAsync(_giveUp.Token);
        }
        catch (Exception exception)
        {
            // A bug of ours rather than a bad plot; still no reason to stop saving the others on the next tick.
            Fail("*", "saving changes failed", exception);
        }
        finally
        {
            _flushGate.Release();
        }
    }

    /// <summary>Saves these plots whole now (/clientresp answers after it), with what was streamed into them so far.</summary>
    /// <exception cref="TimeoutException">Not saved within <see cref="SaveNowTimeout"/> (a pass under way waits on a
    /// database that does not answer, or this save does): as below.</exception>
    /// <exception cref="Exception">The store refused them: they stay marked, so the saver retries them whole (and the
    /// objects streamed into them with them, never before them).</exception>
    public async Task SaveNowAsync(IReadOnlyCollection<Plot> plots)
    {
        try
        {
            await BetweenPassesAsync(async deadline =>
            {
                _saving = [.. plots];
                try
                {
                    var wholes = new Dictionary<Plot, StoredPlot>();
                    foreach (Plot plot in plots)
                    {
                        _wholeChanged.TryRemove(plot, out _); // before reading, so a change made meanwhile marks it again
                        _compactionDue.TryRemove(plot, out _);
                        wholes[plot] = plot.ToStored();
                    }

                    await WithinAsync(_store.SavePlotsAsync(wholes.Values, deadline), deadline);
                    Saved(wholes, []);
                }
                finally
                {
                    _saving = [];
                }
            });
        }
        catch
        {
            foreach (Plot plot in plots)
            {
                _wholeChanged.TryAdd(plot, 0);
            }

            throw;
        }
    }

    /// <summary>Deletes the plot in the store (its owner asked to) and never writes it again. Between passes, so no pass is
    /// writing it meanwhile; whatever was waiting to be saved of it is let go.</summary>
    /// <exception cref="TimeoutException">Not done within <see cref="SaveNowTimeout"/>: the plot is kept and saved as
    /// before (the store may still delete it when the database answers; asking again is harmless).</exception>
    /// <exception cref="Exception">The store failed: nothing changed.</exception>
    public Task DeleteAsync(Plot plot) => BetweenPassesAsync(async deadline =>
    {
        await WithinAsync(_store.DeletePlotAsync(plot.Owner, plot.Number, plot.Filename, deadline), deadline);
        Removed(plot);
    });

    /// <inheritdoc/>
    public void Removed(Plot plot)
    {
        plot.SaverAccess = SaverAccess.Dropped; // its queued objects are skipped, never written; a pass under way keeps nothing of it
        _wholeChanged.TryRemove(plot, out _);
        _compactionDue.TryRemove(plot, out _);
        _appended.TryRemove(plot, out _);
    }

    // Work a request waits for (/clientresp's save, an owner's delete): between the saver's passes, within SaveNowTimeout
    // (a pass under way may wait on a database that does not answer, or the work itself may).
    private async Task BetweenPassesAsync(Func<CancellationToken, Task> work)
    {
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(_giveUp.Token);
        deadline.CancelAfter(SaveNowTimeout);
        bool entered = false;
        try
        {
            await _flushGate.WaitAsync(deadline.Token);
            entered = true;
            await work(deadline.Token);
        }
        catch (Exception exception) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"the database did not answer within {SaveNowTimeout.TotalSeconds:0} s", exception);
        }
        finally
        {
            if (entered)
            {
                _flushGate.Release();
            }
        }
    }

    /// <summary>A stop begins: saving every interval ends, and <see cref="StopTimeout"/> starts for every save from here on,
    /// the flushes a cluster node makes before it gives its plots up and the last one (<see cref="DisposeAsync"/>) alike.
    /// Counted once, from the first call.</summary>
    public void BeginStop()
    {
        if (Interlocked.Exchange(ref _stopBegun, 1) == 0)
        {
            _stop.Cancel();
            _giveUp.CancelAfter(StopTimeout);
        }
    }

    /// <summary>Stops saving every interval and saves what is left, waiting at most <see cref="StopTimeout"/> in all since
    /// <see cref="BeginStop"/>; what could not be saved by then is logged, plot by plot.</summary>
    public async ValueTask DisposeAsync()
    {
        BeginStop();
        await _loop;
        await FlushAsync();
        _disposed = true;
        ReportNotSaved();
        _stop.Dispose();
    }

    private async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        _saving = [.. Marked.Distinct()]; // before any mark is taken out
        var drained = new List<PendingAppend>();
        long drainedBytes = 0;
        while (_appends.TryDequeue(out PendingAppend? append))
        {
            drained.Add(append);
            drainedBytes += append.Bytes;
        }

        try
        {
            await SaveAsync(drained, cancellationToken);
        }
        finally
        {
            // Counted against the bound until the pass ends: a pass that waits on the database holds them too.
            Interlocked.Add(ref _queuedObjects, -drained.Count);
            Interlocked.Add(ref _queuedBytes, -drainedBytes);
            _saving = [];
        }
    }

    private async Task SaveAsync(List<PendingAppend> drained, CancellationToken cancellationToken)
    {
        var wholes = new Dictionary<Plot, StoredPlot>();
        var compactionOnly = new HashSet<Plot>(); // all of it is stored already: not saving it loses nothing
        foreach (Plot plot in _wholeChanged.Keys.Concat(_compactionDue.Keys).Distinct().ToList())
        {
            if (plot.SaverAccess == SaverAccess.HeldForInsert)
            {
                continue; // stays marked: written once its row is made (cluster mode)
            }

            if (plot.SaverAccess == SaverAccess.Dropped)
            {
                _wholeChanged.TryRemove(plot, out _);
                _compactionDue.TryRemove(plot, out _);
                continue;
            }

            // Removed before reading, so a change made while we read marks it again.
            if (!_wholeChanged.TryRemove(plot, out _) && _compactionDue.TryRemove(plot, out _))
            {
                compactionOnly.Add(plot);
            }

            _compactionDue.TryRemove(plot, out _);
            try
            {
                wholes[plot] = plot.ToStored();
            }
            catch (Exception exception)
            {
                Fail(plot.Path, "could not be serialized", exception);
            }
        }

        var appends = new Dictionary<Plot, List<StoredAppend>>();
        foreach (PendingAppend pending in drained)
        {
            if (pending.Plot.SaverAccess != SaverAccess.Open)
            {
                // Held: it stays marked whole, and that copy includes this object. Dropped: never written.
                continue;
            }

            compactionOnly.Remove(pending.Plot);
            if (wholes.TryGetValue(pending.Plot, out StoredPlot? whole) && pending.Version <= whole.Version)
            {
                continue; // the whole copy includes it
            }

            try
            {
                string json = pending.Streamed.ToJsonString();
                var append = new StoredAppend(pending.Plot.Owner, pending.Plot.Number, pending.Version, TraceListJson(pending.Traces), json);
                (appends.TryGetValue(pending.Plot, out List<StoredAppend>? list) ? list : appends[pending.Plot] = []).Add(append);
            }
            catch (Exception exception)
            {
                // Its replay would miss this object: save the plot whole instead, next time.
                Fail(pending.Plot.Path, "a streamed object could not be serialized", exception);
                _wholeChanged.TryAdd(pending.Plot, 0);
            }
        }

        if (wholes.Count == 0 && appends.Count == 0)
        {
            return;
        }

        List<Plot> inBatch = wholes.Keys.Union(appends.Keys).ToList();
        try
        {
            await WithinAsync(_store.SaveAsync(wholes.Values, appends.Values.SelectMany(list => list).ToList(), cancellationToken), cancellationToken);
            Saved(wholes, appends);
            return;
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested)
        {
            // A stop gave up waiting: kept, and named as not saved (DisposeAsync).
            _logger.LogDebug(exception, "Saving {Count} plots ended by the stop's deadline", inBatch.Count);
            _stopCutSaves = true;
            KeepWhole(inBatch, compactionOnly);
            return;
        }
        catch (Exception exception)
        {
            // A database that does not answer would cost each plot tried alone its own timeout: ask it once first.
            try
            {
                await WithinAsync(_store.ProbeAsync(cancellationToken), cancellationToken);
            }
            catch (Exception probeException)
            {
                KeepWhole(inBatch, compactionOnly);
                if (cancellationToken.IsCancellationRequested)
                {
                    _stopCutSaves = true;
                }
                else
                {
                    Unreachable(inBatch.Count, exception, probeException);
                }

                return;
            }

            // It answers, so one plot may be the cause (too big, say): save each alone, so the others are not held back by it.
            _logger.LogDebug(exception, "Saving {Count} plots in one transaction failed; saving each alone", inBatch.Count);
        }

        for (int i = 0; i < inBatch.Count; i++)
        {
            Plot plot = inBatch[i];
            StoredPlot[] whole = wholes.TryGetValue(plot, out StoredPlot? stored) ? [stored] : [];
            List<StoredAppend> ofPlot = appends.GetValueOrDefault(plot) ?? [];
            try
            {
                await WithinAsync(_store.SaveAsync(whole, ofPlot, cancellationToken), cancellationToken);
                Saved(whole.ToDictionary(_ => plot), new Dictionary<Plot, List<StoredAppend>> { [plot] = ofPlot });
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                _stopCutSaves = true;
                KeepWhole(inBatch.Skip(i), compactionOnly);
                return;
            }
            catch (Exception plotException)
            {
                Fail(plot.Path, "could not be saved", plotException);
                KeepWhole([plot], compactionOnly); // retried whole, which includes the objects not appended
            }
        }
    }

    // Npgsql does not end a query or a connection attempt to a server that does not answer when told to: it waits out
    // its own timeouts (a save on a hung server ended after 20 s, cancelled at 3 s or not). So a deadline stops the
    // waiting here, and the store call ends by itself later, its failure observed.
    private static async Task WithinAsync(Task work, CancellationToken cancellationToken)
    {
        try
        {
            await work.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!work.IsCompleted)
        {
            _ = work.ContinueWith(static ended => ended.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
            throw;
        }
    }

    // Retried whole, which includes every object of theirs that was not saved; a compaction stays only that.
    private void KeepWhole(IEnumerable<Plot> plots, HashSet<Plot> compactionOnly)
    {
        foreach (Plot plot in plots)
        {
            (compactionOnly.Contains(plot) ? _compactionDue : _wholeChanged).TryAdd(plot, 0);
        }
    }

    private void Unreachable(int plots, Exception batch, Exception probe)
    {
        string reason = $"{batch.GetType().Name}: {batch.Message}";
        string probeReason = $"{probe.GetType().Name}: {probe.Message}";
        Health.Failed($"the database did not answer: {reason}; probe: {probeReason}");
        if (_loggedFailures.Count < MaximumDistinctFailuresLogged && _loggedFailures.TryAdd($"*\nunreachable\n{reason}\n{probeReason}", 0))
        {
            _logger.LogError(batch, "The database did not answer a save ({Reason}) nor a probe after it ({ProbeReason}): {Plots} plot(s) kept in memory, "
                + "to be saved whole once it answers; tried again each interval (reported once per reason)", reason, probeReason, plots);
        }
        else
        {
            _logger.LogDebug("The database did not answer again: {Reason}; probe: {ProbeReason}; {Plots} plot(s) kept", reason, probeReason, plots);
        }
    }

    // At the end of a stop: every plot whose changes are still not in the database, by name (a compaction due is not one).
    private void ReportNotSaved()
    {
        List<PendingAppend> queued = [.. _appends];
        List<string> paths = _wholeChanged.Keys.Concat(queued.Select(append => append.Plot)).Distinct().Select(plot => plot.Path).Order(StringComparer.Ordinal).ToList();
        if (paths.Count == 0)
        {
            return;
        }

        string named = string.Join(", ", paths.Take(MaximumPlotsNamed)) + (paths.Count > MaximumPlotsNamed ? $" and {paths.Count - MaximumPlotsNamed} more" : "");
        string why = _stopCutSaves ? $"the database did not take them within {StopTimeout.TotalSeconds:0} s of the stop"
            : $"the last save failed: {Health.Snapshot(paths.Count).LastError}";
        _logger.LogError("Stopped with changes not saved: {Plots} ({Count} plot(s); {Objects} streamed object(s) still queued): {Why}; "
            + "their changes since their last save are lost", named, paths.Count, queued.Count, why);
    }

    private void Saved(Dictionary<Plot, StoredPlot> wholes, Dictionary<Plot, List<StoredAppend>> appends)
    {
        foreach ((Plot plot, StoredPlot whole) in wholes.Where(saved => saved.Key.SaverAccess != SaverAccess.Dropped))
        {
            _appended[plot] = new AppendedSinceWhole(whole.DataJson.Length + whole.LayoutJson.Length, 0, 0);
        }

        foreach ((Plot plot, List<StoredAppend> list) in appends.Where(saved => saved.Key.SaverAccess != SaverAccess.Dropped))
        {
            AppendedSinceWhole since = _appended.GetValueOrDefault(plot) ?? new AppendedSinceWhole(0, 0, 0);
            since = since with { Bytes = since.Bytes + list.Sum(a => (long)a.ObjectJson.Length), Count = since.Count + list.Count };
            _appended[plot] = since;
            if (since.Bytes > Math.Max(MinimumCompactionBytes, since.WholeBytes) || since.Count > MaximumAppendsBeforeCompaction)
            {
                _compactionDue.TryAdd(plot, 0); // compact: saved whole on the next tick
            }
        }

        Volatile.Write(ref _overBound, 0);
        Health.Saved();
    }

    private void Fail(string plot, string what, Exception exception)
    {
        string reason = $"{exception.GetType().Name}: {exception.Message}";
        Health.Failed($"{plot}: {what}: {reason}");
        // Once per plot and reason: a plot that fails every second must not flood the log. The set is bounded;
        // beyond it, failures are still counted and shown in /healthz, and logged at debug level.
        if (_loggedFailures.Count < MaximumDistinctFailuresLogged && _loggedFailures.TryAdd($"{plot}\n{what}\n{reason}", 0))
        {
            _logger.LogError(exception, "Plot {Plot} {What}: {Reason}; other plots are still saved, this one is retried (reported once)", plot, what, reason);
        }
        else
        {
            _logger.LogDebug("Plot {Plot} {What} again: {Reason}", plot, what, reason);
        }
    }

    private async Task RunAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await FlushAsync();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            _logger.LogDebug("Write-behind loop stopped");
        }
    }

    // Nearly every object feeds one trace of a few: those lists are written once, not per object.
    private static readonly string[] s_singleTraceJson = Enumerable.Range(0, 16).Select(index => $"[{index}]").ToArray();

    private static string TraceListJson(int[] traces) =>
        traces is [int only] && only >= 0 && only < s_singleTraceJson.Length ? s_singleTraceJson[only] : JsonSerializer.Serialize(traces);

    // About the length of the object's JSON text, without writing it (this runs under the plot's lock, for every object):
    // parsed numbers and plain strings by their raw text (JsonSize), and each key, quote, comma and bracket.
    private static long JsonTextBytes(JsonNode? node)
    {
        long bytes = 2;
        switch (node)
        {
            case JsonObject members:
                for (int i = 0; i < members.Count; i++)
                {
                    KeyValuePair<string, JsonNode?> member = members.GetAt(i);
                    bytes += member.Key.Length + 4 + JsonTextBytes(member.Value);
                }

                return bytes;
            case JsonArray items:
                for (int i = 0; i < items.Count; i++)
                {
                    bytes += 1 + JsonTextBytes(items[i]);
                }

                return bytes;
            default:
                return JsonSize.Of(node);
        }
    }

    private sealed record PendingAppend(Plot Plot, long Version, int[] Traces, JsonObject Streamed, long Bytes);

    private sealed record AppendedSinceWhole(long WholeBytes, long Bytes, int Count);
}
