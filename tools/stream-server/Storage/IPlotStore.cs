namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>Where users and plots are kept: <see cref="SqliteStore"/> (a file in the data folder, the default) or
/// <see cref="PostgresStore"/> (a PostgreSQL database, for several nodes). Both keep the same guarantees, pinned by one
/// test suite (StoreContractTests): a whole copy replaces only an older one, streamed objects after it are kept in order
/// and replayed on it, and rows that cannot be loaded are moved aside with the reason, never lost.</summary>
public interface IPlotStore : IDisposable
{
    /// <summary>The users whose rows are usable; each unusable row is described in <paramref name="skipped"/>.</summary>
    List<StoredUser> LoadUsers(List<string> skipped);

    /// <summary>Creates the user or gives it a new key hash.</summary>
    void SaveUser(string name, string keyHash);

    /// <summary>Creates the user unless one of that name is stored: false then, and the stored key hash stays (two nodes of
    /// a cluster starting at once on an empty store each made a demo key; the later one must not replace the earlier's).</summary>
    bool AddUser(string name, string keyHash);

    /// <summary>Every plot row as stored, column values unchecked (a damaged row may hold NULL or a number where text
    /// belongs): <see cref="PlotLoader"/> checks each one.</summary>
    List<PlotRow> ReadPlotRows();

    /// <summary>One plot's row as stored (a deleted plot's too), or null (cluster mode reads a plot another node stored).</summary>
    PlotRow? ReadPlotRow(string owner, int number) => ReadPlotRows().FirstOrDefault(row => row.Owner as string == owner && row.Number is long n && n == number);

    /// <summary>Whether the plot's owner deleted it (its row is a marker). Cluster mode asks after an overwrite: a delete on
    /// another node may have taken the store first, and then the overwrite's save was refused.</summary>
    Task<bool> IsDeletedAsync(string owner, int number, CancellationToken cancellationToken) =>
        Task.FromResult(ReadPlotRow(owner, number)?.Deleted == true);

    /// <summary>The objects streamed into a plot after <paramref name="afterVersion"/>, oldest first.</summary>
    List<(long Version, StoredAppend? Append, string? Problem)> ReadAppends(string owner, int number, long afterVersion);

    /// <summary>Moves a plot row that cannot be loaded, with its streamed objects, to the quarantine tables.</summary>
    void QuarantinePlot(long rowId, string reason);

    /// <summary>Moves one streamed object that cannot be replayed to the quarantine table.</summary>
    void QuarantineAppend(string owner, int number, long version, string reason);

    /// <summary>Writes whole plots and streamed objects in one transaction: all or none. A whole copy replaces an
    /// older one only (a slower writer cannot put back an older version) and drops the streamed objects it includes;
    /// a streamed object already included in the stored copy is not written, nor is anything of a deleted plot. <paramref name="cancellationToken"/> ends a
    /// save the caller no longer waits for (nothing of it is kept).</summary>
    Task SaveAsync(IReadOnlyCollection<StoredPlot> plots, IReadOnlyCollection<StoredAppend> appends, CancellationToken cancellationToken = default);

    /// <summary>Writes whole plots in one transaction: all of them or none.</summary>
    Task SavePlotsAsync(IReadOnlyCollection<StoredPlot> plots, CancellationToken cancellationToken = default) => SaveAsync(plots, [], cancellationToken);

    /// <summary>Deletes a plot its owner no longer wants, in one transaction: its figure and streamed objects go, and its
    /// row stays as a marker (<see cref="PlotRow.Deleted"/>), so its number is never given to another plot (a share link
    /// names owner and number) and no later save of it, from this node or another, puts it back. Also marks a plot that
    /// was never saved. Deleting a deleted plot changes nothing.</summary>
    Task DeletePlotAsync(string owner, int number, string filename, CancellationToken cancellationToken);

    /// <summary>Returns when the database would take a write now; throws when it cannot be reached, does not answer or
    /// is locked. The saver asks after a failed batch, to tell a database that is down (nothing to gain from trying each
    /// plot alone) from one that refused one plot.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
