using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Plots;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>Loads every stored plot into the registry at start-up. One bad row must not keep the server (or the
/// other plots) from starting: a row that cannot be loaded is moved to quarantined_plots with the reason and
/// reported; a streamed object that cannot be replayed is moved to quarantined_appends and the plot loads without it.
/// A plot with streamed objects is replayed and saved whole again (compacted), so the next start reads one row.</summary>
public static class PlotLoader
{
    /// <summary>Loads what can be loaded; returns one line per quarantined plot or object, naming it and why.</summary>
    public static List<string> Load(IPlotStore store, PlotRegistry registry, WriteBehindPersister persister, ILogger logger)
    {
        var quarantined = new List<string>();
        foreach (PlotRow row in store.ReadPlotRows())
        {
            if (row.Deleted)
            {
                // Its number stays taken: its old share link must not show another plot.
                if (row.Owner is string owner && row.Number is long number and >= 0 and < int.MaxValue)
                {
                    registry.Delete(owner, (int)number);
                }

                continue;
            }

            string name = NameOf(row);
            try
            {
                StoredPlot stored = Checked(row);
                stored = Replayed(store, stored, quarantined);
                (var data, var layout) = StoredValueCheck.Figure(stored);
                registry.Load(stored, data, layout);
                persister.Loaded(registry.Find(stored.Owner, stored.Number)!, stored);
            }
            catch (Exception exception) when (exception is InvalidDataException or FormatException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
            {
                store.QuarantinePlot(row.RowId, exception.Message);
                if (row.Owner is string owner && row.Number is long number and >= 0 and < int.MaxValue)
                {
                    registry.ReserveNumber(owner, (int)number);
                }

                quarantined.Add($"plot {name} (row {row.RowId}): {exception.Message}");
            }
        }

        foreach (string line in quarantined)
        {
            logger.LogError("Not loaded, kept in the quarantine tables of the database for inspection: {What}", line);
        }

        return quarantined;
    }

    /// <summary>Cluster mode: loads (or refreshes) one plot as stored, with the objects streamed into it since (another node
    /// stored it, or this node takes over building it); a plot its owner deleted leaves this node too. Returns the plot,
    /// or null when the store has no row for it or the plot was deleted.</summary>
    public static Plot? Reload(IPlotStore store, PlotRegistry registry, string owner, int number) => Reload(store, registry, owner, number, out _);

    /// <inheritdoc cref="Reload(IPlotStore, PlotRegistry, string, int)"/>
    public static Plot? Reload(IPlotStore store, PlotRegistry registry, string owner, int number, out bool deleted)
    {
        PlotRow? row = store.ReadPlotRow(owner, number);
        deleted = row?.Deleted == true;
        if (row is null || deleted)
        {
            if (deleted)
            {
                registry.Delete(owner, number);
            }

            return null;
        }

        StoredPlot stored = Replayed(store, Checked(row), new List<string>());
        (var data, var layout) = StoredValueCheck.Figure(stored);
        return registry.Refresh(stored, data, layout);
    }

    private static StoredPlot Checked(PlotRow row)
    {
        string owner = row.Owner as string ?? throw new InvalidDataException("owner is NULL or not text");
        if (!UserName.IsValid(owner))
        {
            throw new InvalidDataException("owner is not a valid user name");
        }

        int number = row.Number is long n && n is >= 0 and <= int.MaxValue ? (int)n : throw new InvalidDataException("number is NULL or not a plot number");
        string filename = row.Filename as string ?? throw new InvalidDataException("filename is NULL or not text");
        string data = row.DataJson as string ?? throw new InvalidDataException("data_json is NULL or not text");
        string layout = row.LayoutJson as string ?? throw new InvalidDataException("layout_json is NULL or not text");
        long version = row.Version is long v && v >= 0 ? v : throw new InvalidDataException("version is NULL or not a whole number");
        return new StoredPlot(owner, number, filename, data, layout, version);
    }

    // Applies the objects streamed after the whole copy, as the running server applied them, then saves the result
    // whole: the plot is then one row again.
    private static StoredPlot Replayed(IPlotStore store, StoredPlot stored, List<string> quarantined)
    {
        List<(long Version, StoredAppend? Append, string? Problem)> appends = store.ReadAppends(stored.Owner, stored.Number, stored.Version);
        if (appends.Count == 0)
        {
            return stored;
        }

        (var data, var layout) = StoredValueCheck.Figure(stored);
        using var plot = new Plot(stored.Owner, stored.Number, stored.Filename, data, layout, IPlotChangeListener.None, stored.Version);
        long version = stored.Version;
        foreach ((long appendVersion, StoredAppend? append, string? problem) in appends)
        {
            string? reason = problem;
            version = appendVersion;
            if (append is not null)
            {
                try
                {
                    (int[] traces, var streamed) = StoredValueCheck.Streamed(append);
                    reason = plot.ApplyStreamObject(traces, streamed).Problem;
                }
                catch (Exception exception) when (exception is InvalidDataException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
                {
                    reason = exception.Message;
                }
            }

            if (reason is not null)
            {
                store.QuarantineAppend(stored.Owner, stored.Number, appendVersion, reason);
                quarantined.Add($"a streamed object of plot /~{stored.Owner}/{stored.Number} (version {appendVersion}): {reason}");
            }
        }

        StoredPlot replayed = plot.ToStored() with { Version = version };
        store.SavePlotsAsync([replayed]).GetAwaiter().GetResult();
        return replayed;
    }

    private static string NameOf(PlotRow row) => $"/~{row.Owner as string ?? "?"}/{(row.Number is long n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")}";
}
