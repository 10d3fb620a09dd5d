using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Values;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>What one plot holds in bytes, counted as it changes: its data column by column (so replacing a column never
/// re-measures it), its layout and style as a running bound, and the sum reported to its owner's
/// <see cref="UserByteBudget"/>. Says how far the data must shrink (<see cref="DataTarget"/>) and whether a style change
/// fits (<see cref="StyleProblem"/>), against <see cref="ValueLimits"/> and the owner's --user-plot-bytes. A type of
/// its own so that the plot's size is kept in one place. Used under the plot's lock (it takes none).</summary>
internal sealed class PlotByteBudget(UserByteBudget owner, string ownerName, string plotPath)
{
    private readonly Dictionary<(int Trace, string Path), long> _columnBytes = new();
    private long _styleBytes; // an upper bound, made exact again when it reaches the budget
    private long _heldBytes; // what this plot has reported to its owner's budget: DataBytes + _styleBytes when synced
    private bool _ownerOverReported;
    private bool _released; // the plot left the server: it reports nothing more

    public long DataBytes { get; private set; }

    /// <summary>The data and the style's bound: what the plot holds, about.</summary>
    public long Bytes => DataBytes + _styleBytes;

    /// <summary>The bytes this plot counts against its owner's budget.</summary>
    public long HeldBytes => _heldBytes;

    /// <summary>Measures the whole plot anew (a new figure).</summary>
    public void Measure(JsonArray data, JsonObject layout)
    {
        _columnBytes.Clear();
        DataBytes = 0;
        foreach ((int trace, string path, long bytes) in PlotBytes.ColumnsOf(data))
        {
            AddColumnBytes(trace, path, bytes);
        }

        _styleBytes = PlotBytes.StyleOf(data, layout);
        Sync();
    }

    /// <summary>Measures the layout and style anew (a change measured as it came).</summary>
    public void MeasureStyle(JsonArray data, JsonObject layout)
    {
        _styleBytes = PlotBytes.StyleOf(data, layout);
        Sync();
    }

    public long ColumnBytes(int trace, string path) => _columnBytes.GetValueOrDefault((trace, path));

    public void AddColumnBytes(int trace, string path, long bytes)
    {
        _columnBytes[(trace, path)] = _columnBytes.GetValueOrDefault((trace, path)) + bytes;
        DataBytes += bytes;
    }

    /// <summary>The trace whose columns hold the most bytes, and how many.</summary>
    public (int Trace, long Bytes) LargestTrace() =>
        _columnBytes.GroupBy(column => column.Key.Trace, column => column.Value)
            .Select(trace => (Trace: trace.Key, Bytes: trace.Sum())).MaxBy(trace => trace.Bytes);

    /// <summary>What the data may hold now that it has <paramref name="grown"/>: at most the plot's data budget, and while
    /// the owner's plots together are past theirs, no more than before it grew.</summary>
    public long DataTarget(long grown, ILogger logger)
    {
        Sync();
        long ownerTrim = Math.Min(Math.Max(0, grown), owner.Excess);
        ReportOwnerBudget(ownerTrim > 0, logger);
        return Math.Min(ValueLimits.MaxPlotDataBytes, DataBytes - ownerTrim);
    }

    /// <summary>Reports what the plot holds now to its owner's budget.</summary>
    public void Sync()
    {
        if (_released)
        {
            return; // released for good
        }

        long held = DataBytes + _styleBytes;
        owner.Add(held - _heldBytes);
        _heldBytes = held;
    }

    /// <summary>The plot left the server: what it held goes back to its owner, for good.</summary>
    public void Release()
    {
        _released = true;
        owner.Release(_heldBytes);
        _heldBytes = 0;
    }

    /// <summary>Whether <paramref name="copies"/> of a layout or style update would take the plot past the style budget or
    /// its owner's --user-plot-bytes: null when it fits, else why. The running bound grows by each update's bound and is
    /// measured exactly only when it reaches a budget, so a plot far from it costs nothing extra. With
    /// <paramref name="reserve"/>, the bound takes the update's growth when it passes.</summary>
    public string? StyleProblem(JsonObject update, int copies, bool reserve, JsonArray data, JsonObject layout)
    {
        long growth = copies * update.Sum(entry => JsonSize.OfUpdateEntry(entry.Key, entry.Value));
        if (_styleBytes + growth > ValueLimits.MaxPlotStyleBytes)
        {
            _styleBytes = PlotBytes.StyleOf(data, layout);
            if (_styleBytes + growth > ValueLimits.MaxPlotStyleBytes)
            {
                return $"the plot's layout and style would pass {ValueLimits.MaxPlotStyleBytes} bytes; remove something first (a null value removes a key)";
            }
        }

        if (owner.Used + growth > owner.Limit)
        {
            _styleBytes = PlotBytes.StyleOf(data, layout);
            Sync();
            if (owner.Used + growth > owner.Limit)
            {
                return $"the plots of user '{ownerName}' hold {owner.Used} bytes and would pass their {owner.Limit} "
                    + "(--user-plot-bytes); overwrite plots that are no longer needed, or remove something first";
            }
        }

        if (reserve)
        {
            _styleBytes += growth;
            Sync();
        }

        return null;
    }

    // Once per time the owner goes over, not once per point: the owner's plots are full, and what to do about it.
    private void ReportOwnerBudget(bool over, ILogger logger)
    {
        if (over && !_ownerOverReported)
        {
            logger.LogWarning("The plots of user {Owner} hold {Used} bytes, past their {Limit} (--user-plot-bytes): plot {Path} "
                + "no longer grows, its oldest points make room for new ones. Overwrite plots that are no longer needed, or raise the limit",
                ownerName, owner.Used, owner.Limit, plotPath);
        }

        _ownerOverReported = over;
    }
}
