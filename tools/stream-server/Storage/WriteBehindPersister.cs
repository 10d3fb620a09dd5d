using System.Collections.Concurrent;
using HeartRateStreamer.StreamServer.Plots;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>Saves changed plots in batches: streamed points change plots up to 20 times a second
/// per stream, so they are written at most once per interval, in one transaction. A clean stop
/// flushes; a crash loses at most the last interval's changes.</summary>
public sealed class WriteBehindPersister : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Plot, byte> _dirty = new();
    private readonly SqliteStore _store;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly SemaphoreSlim _flushGate = new(1, 1);

    public WriteBehindPersister(SqliteStore store, TimeSpan interval, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _loop = RunAsync(interval);
    }

    public void MarkChanged(Plot plot) => _dirty.TryAdd(plot, 0);

    /// <summary>Writes every changed plot now.</summary>
    public async Task FlushAsync()
    {
        await _flushGate.WaitAsync();
        var plots = new List<Plot>();
        try
        {
            var batch = new List<StoredPlot>();
            foreach (Plot plot in _dirty.Keys)
            {
                // Removed before reading, so a change made while we read marks it dirty again.
                _dirty.TryRemove(plot, out _);
                plots.Add(plot);
                batch.Add(plot.ToStored());
            }

            await _store.SavePlotsAsync(batch);
        }
        catch
        {
            plots.ForEach(MarkChanged);
            throw;
        }
        finally
        {
            _flushGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        await FlushAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await FlushAsync();
                }
                catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or IOException)
                {
                    // The plots stay in memory and are retried on the next tick.
                    _logger.LogError(exception, "Saving plots failed; retrying in {Interval}", interval);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            _logger.LogDebug("Write-behind loop stopped");
        }
    }
}
