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
/// A database that does not answer costs a pass one try of its batch and one probe, not a try per plot: every plot of
/// the batch is kept for a whole save. Waiting streamed objects are bounded, past which a plot that streams is kept for
/// a whole save instead. /clientresp's save waits at most its deadline.</summary>
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
    /// /clientresp answers 503 while the device still waits (it gives up on plot creation after 20 s).</summary>
    public static readonly TimeSpan SaveNowTimeout = TimeSpan.FromSeconds(10);

    private const int MaximumDistinctFailuresLogged = 1000;

    private readonly ConcurrentDictionary<Plot, byte> _wholeChanged = new();
    private readonly ConcurrentQueue<PendingAppend> _appends = new();
    private readonly ConcurrentDictionary<Plot, AppendedSinceWhole> _appended = new();
    private readonly ConcurrentDictionary<string, byte> _loggedFailures = new();
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly IPlotStore _store;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private Task _loop = Task.CompletedTask;
    private volatile bool _disposed;
    private int _queuedObjects;
    private long _queuedBytes;
    private int _overBound; // 1 from the first object past the bound until a save succeeds: logged once per episode

    public WriteBehindPersister(IPlotStore store)
    {
        _store = store;
    }

    public PersistenceHealth Health { get; } = new();

    /// <summary>Plots with changes not yet saved.</summary>
    public int PendingPlots => _wholeChanged.Count + _appends.Select(a => a.Plot).Distinct().Count(p => !_wholeChanged.ContainsKey(p));

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
            await SaveChangesAsync();
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
        using var deadline = new CancellationTokenSource(SaveNowTimeout);
        bool entered = false;
        try
        {
            await _flushGate.WaitAsync(deadline.Token);
            entered = true;
            var wholes = new Dictionary<Plot, StoredPlot>();
            foreach (Plot plot in plots)
            {
                _wholeChanged.TryRemove(plot, out _); // before reading, so a change made meanwhile marks it again
                wholes[plot] = plot.ToStored();
            }

            await WithinAsync(_store.SavePlotsAsync(wholes.Values, deadline.Token), deadline.Token);
            Saved(wholes, []);
        }
        catch (Exception exception)
        {
            foreach (Plot plot in plots)
            {
                _wholeChanged.TryAdd(plot, 0);
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"the database did not answer within {SaveNowTimeout.TotalSeconds:0} s", exception);
            }

            throw;
        }
        finally
        {
            if (entered)
            {
                _flushGate.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        await FlushAsync();
        _disposed = true;
        _stop.Dispose();
    }

    private async Task SaveChangesAsync()
    {
        var drained = new List<PendingAppend>();
        long drainedBytes = 0;
        while (_appends.TryDequeue(out PendingAppend? append))
        {
            drained.Add(append);
            drainedBytes += append.Bytes;
        }

        try
        {
            await SaveAsync(drained);
        }
        finally
        {
            // Counted against the bound until the pass ends: a pass that waits on the database holds them too.
            Interlocked.Add(ref _queuedObjects, -drained.Count);
            Interlocked.Add(ref _queuedBytes, -drainedBytes);
        }
    }

    private async Task SaveAsync(List<PendingAppend> drained)
    {

        var wholes = new Dictionary<Plot, StoredPlot>();
        foreach (Plot plot in _wholeChanged.Keys)
        {
            // Removed before reading, so a change made while we read marks it again.
            _wholeChanged.TryRemove(plot, out _);
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
            await _store.SaveAsync(wholes.Values, appends.Values.SelectMany(list => list).ToList());
            Saved(wholes, appends);
            return;
        }
        catch (Exception exception)
        {
            // A database that does not answer would cost each plot tried alone its own timeout: ask it once first.
            try
            {
                await _store.ProbeAsync(CancellationToken.None);
            }
            catch (Exception probeException)
            {
                KeepWhole(inBatch);
                Unreachable(inBatch.Count, exception, probeException);
                return;
            }

            // It answers, so one plot may be the cause (too big, say): save each alone, so the others are not held back by it.
            _logger.LogDebug(exception, "Saving {Count} plots in one transaction failed; saving each alone", inBatch.Count);
        }

        foreach (Plot plot in inBatch)
        {
            StoredPlot[] whole = wholes.TryGetValue(plot, out StoredPlot? stored) ? [stored] : [];
            List<StoredAppend> ofPlot = appends.GetValueOrDefault(plot) ?? [];
            try
            {
                await _store.SaveAsync(whole, ofPlot);
                Saved(whole.ToDictionary(_ => plot), new Dictionary<Plot, List<StoredAppend>> { [plot] = ofPlot });
            }
            catch (Exception plotException)
            {
                Fail(plot.Path, "could not be saved", plotException);
                _wholeChanged.TryAdd(plot, 0); // retried whole, which includes the objects not appended
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

    // Retried whole, which includes every object of theirs that was not saved.
    private void KeepWhole(IEnumerable<Plot> plots)
    {
        foreach (Plot plot in plots)
        {
            _wholeChanged.TryAdd(plot, 0);
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

    private void Saved(Dictionary<Plot, StoredPlot> wholes, Dictionary<Plot, List<StoredAppend>> appends)
    {
        foreach ((Plot plot, StoredPlot whole) in wholes)
        {
            _appended[plot] = new AppendedSinceWhole(whole.DataJson.Length + whole.LayoutJson.Length, 0, 0);
        }

        foreach ((Plot plot, List<StoredAppend> list) in appends)
        {
            AppendedSinceWhole since = _appended.GetValueOrDefault(plot) ?? new AppendedSinceWhole(0, 0, 0);
            since = since with { Bytes = since.Bytes + list.Sum(a => (long)a.ObjectJson.Length), Count = since.Count + list.Count };
            _appended[plot] = since;
            if (since.Bytes > Math.Max(MinimumCompactionBytes, since.WholeBytes) || since.Count > MaximumAppendsBeforeCompaction)
            {
                _wholeChanged.TryAdd(plot, 0); // compact: saved whole on the next tick
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
