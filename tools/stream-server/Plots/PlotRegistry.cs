using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Values;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using HeartRateStreamer.StreamServer.Viewer;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>All plots (held in memory, persisted by <see cref="WriteBehindPersister"/>) and the
/// binding of stream tokens to them.</summary>
public sealed class PlotRegistry : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Owner, int Number), Plot> _plots = new();
    private readonly FilenameIndex _filenames = new();
    private readonly Dictionary<string, int> _nextNumbers = new(StringComparer.Ordinal);
    private readonly HashSet<(string Owner, int Number)> _deleted = new(); // their share links answer "deleted", not "unknown"
    private readonly List<(string Owner, int Number)> _added = new(); // each plot taken in, in order: share links to learn
    private readonly TokenDirectory _tokens;
    private readonly IPlotChangeListener _listener;
    private ILogger _logger = NullLogger.Instance;

    private readonly ViewerLimits? _viewerLimits;
    private readonly UserByteBudgets _replayBudgets;
    private readonly UserLimits _userLimits;
    private readonly UserByteBudgets _plotBudgets;
    private readonly UserByteBudgets _lineBudgets;
    private long _additions;

    public PlotRegistry(int throttleMilliseconds, IPlotChangeListener listener, ViewerLimits? viewerLimits = null, UserLimits? userLimits = null)
    {
        _viewerLimits = viewerLimits;
        _replayBudgets = new UserByteBudgets((viewerLimits ?? ViewerLimits.Default).UserReplayBytes);
        _userLimits = userLimits ?? UserLimits.Default;
        _plotBudgets = new UserByteBudgets(_userLimits.PlotBytes);
        _lineBudgets = new UserByteBudgets(_userLimits.LineBytes);
        _tokens = new TokenDirectory(throttleMilliseconds);
        _listener = listener;
    }

    /// <summary>What the stream connections to <paramref name="owner"/>'s plots hold of unfinished lines together
    /// (<see cref="UserLimits.LineBytes"/>).</summary>
    public UserByteBudget LineBudgetOf(string owner) => _lineBudgets.Of(owner);

    /// <summary>What the replay buffers of <paramref name="owner"/>'s plots hold together (<see cref="ViewerLimits.UserReplayBytes"/>).</summary>
    public UserByteBudget ReplayBudgetOf(string owner) => _replayBudgets.Of(owner);

    public IReadOnlyList<Plot> All
    {
        get
        {
            lock (_gate)
            {
                return _plots.Values.ToList();
            }
        }
    }

    /// <summary>Where plots report what they had to skip (a frame that could not be sent).</summary>
    public ILogger Logger
    {
        get => _logger;
        set
        {
            _logger = value;
            foreach (Plot plot in All)
            {
                plot.Logger = value;
            }
        }
    }

    public Plot? Find(string owner, int number)
    {
        lock (_gate)
        {
            return _plots.GetValueOrDefault((owner, number));
        }
    }

    public StreamBinding? FindStream(string token) => _tokens.Find(token);

    /// <summary>What each plot's viewers may hold (its replay buffer among them).</summary>
    public ViewerLimits ViewerLimits => _viewerLimits ?? ViewerLimits.Default;

    /// <summary>How many plots, and how many bytes in them, each user may have.</summary>
    public UserLimits UserLimits => _userLimits;

    /// <summary>Cluster mode's hooks (null on a single node); set before any plot is loaded.</summary>
    public IPlotCluster? Cluster { get; set; }

    /// <summary>The binding of a token known by its digest only (<see cref="StreamToken.Digest"/>).</summary>
    public StreamBinding? FindStreamByDigest(string digest) => _tokens.FindByDigest(digest);

    public IReadOnlyList<StreamBinding> StreamsOf(Plot plot) => _tokens.BindingsOf(plot);

    /// <summary>How many plots this node has taken in (made, loaded, read or known as deleted), ever: grows with each, and
    /// never shrinks.</summary>
    public long Additions => Interlocked.Read(ref _additions);

    /// <summary>The plots taken in after the first <paramref name="seen"/> of <see cref="Additions"/>, in order (a plot may
    /// be there more than once: taken back in a cluster and read again, or deleted). Lets <see cref="ShareLinks"/> learn
    /// the new plots' links alone.</summary>
    public IReadOnlyList<(string Owner, int Number)> AddedSince(long seen)
    {
        lock (_gate)
        {
            int from = (int)Math.Min(seen, _added.Count);
            return _added.GetRange(from, _added.Count - from);
        }
    }

    /// <summary>How many stream tokens this node knows (each feeds a plot).</summary>
    internal int TokenCount => _tokens.Count;

    /// <summary>
    /// Restores a plot read by <see cref="PlotLoader"/>, with its token bindings. The loader has already put the stored
    /// row through the same validation as every value that enters (<see cref="ValueValidator.TryReadStoredPlot"/>,
    /// in <see cref="StoredValueCheck"/>) and quarantined what did not pass.
    /// </summary>
    public void Load(StoredPlot stored, JsonArray data, JsonObject layout)
    {
        lock (_gate)
        {
            Bind(Create(stored, data, layout));
        }
    }

    private Plot Create(StoredPlot stored, JsonArray data, JsonObject layout)
    {
        var plot = new Plot(stored.Owner, stored.Number, stored.Filename, data, layout, _listener, stored.Version, _viewerLimits,
            _replayBudgets.Of(stored.Owner), _plotBudgets.Of(stored.Owner)) { Logger = _logger };
        plot.Relay = Cluster?.RelayOf(plot);
        _plots[(plot.Owner, plot.Number)] = plot;
        Add(plot);
        return plot;
    }

    // Checked before anything changes, so a refused plot leaves the user's plots as they were. Stored plots always load:
    // a lower limit set later leaves them as they are, and only stops them and new plots from growing.
    private void CheckUserLimits(string owner, PlotDefinition definition, Plot? replaced)
    {
        if (replaced is null && _plots.Keys.Count(key => key.Owner == owner) >= _userLimits.Plots)
        {
            throw new UserLimitException($"user '{owner}' already has {_userLimits.Plots} plots, the most this server keeps per user "
                + "(--max-plots-per-user); overwrite one of them (fileopt \"overwrite\" with its filename) instead of making a new one, or delete one (DELETE /~USER/N)");
        }

        UserByteBudget budget = _plotBudgets.Of(owner);
        long after = budget.Used - (replaced?.HeldBytes ?? 0) + PlotBytes.Of(definition.Data, definition.Layout);
        if (after > budget.Limit)
        {
            throw new UserLimitException($"user '{owner}''s plots would hold {after} bytes with this one, past their {budget.Limit} "
                + "(--user-plot-bytes); overwrite plots that are no longer needed, or send less data");
        }
    }

    // A plot saved by an older server may carry a token shorter than StreamToken.MinLength: the plot and its data load,
    // but the token feeds nothing, so it cannot be guessed; the owner is told how to give the trace a new one.
    private bool CanBind(Plot plot, string token)
    {
        if (StreamToken.IsValid(token))
        {
            return true;
        }

        _logger.LogWarning("Plot {Path}: its stream token of {Length} characters is no longer accepted ({Rule}); "
            + "create the plot again with /clientresp (fileopt overwrite) and a new token, and give the device that token",
            plot.Path, token.Length, StreamToken.ValidationMessage("(stored)"));
        return false;
    }

    /// <summary>The number the owner's next new plot gets on this node.</summary>
    public int NextNumber(string owner)
    {
        lock (_gate)
        {
            return _nextNumbers.GetValueOrDefault(owner);
        }
    }

    /// <summary>Keeps a plot number that could not be loaded (quarantined) from being given to a new plot, so its old
    /// link does not show another plot.</summary>
    public void ReserveNumber(string owner, int number)
    {
        lock (_gate)
        {
            TakeNumberLocked(owner, number);
        }
    }

    // The owner's next new plot is numbered above this one.
    private void TakeNumberLocked(string owner, int number) => _nextNumbers[owner] = Math.Max(_nextNumbers.GetValueOrDefault(owner), number + 1);

    /// <summary>Creates or overwrites a plot of <paramref name="owner"/> and binds its tokens.
    /// Returns the plot, whether it is new, and each token it took from another plot, with that plot (whose stored copy
    /// must lose it too).</summary>
    /// <exception cref="ArgumentException">A token feeds another user's plot.</exception>
    /// <exception cref="UserLimitException">The plot would take the owner past <see cref="UserLimits"/>.</exception>
    /// <param name="reservedNumber">Cluster mode: the number a new plot gets, reserved in PostgreSQL so no other node gives it.</param>
    public (Plot Plot, bool Created, IReadOnlyList<DetachedToken> Detached) Save(string owner, PlotDefinition definition, int? reservedNumber = null)
    {
        lock (_gate)
        {
            IReadOnlyDictionary<string, int[]> tokens = StreamSettings.TokensOf(definition.Data);
            foreach (string token in tokens.Keys)
            {
                Plot? current = _tokens.Find(token)?.Target?.Plot;
                if (current is not null && current.Owner != owner)
                {
                    throw new ArgumentException($"stream token '{token}' already feeds a plot of another user; use a token of your own");
                }
            }

            Plot? plot = definition.FileOption == FileOption.Overwrite ? _filenames.Find(owner, definition.Filename) : null;
            if (plot?.SaverAccess == SaverAccess.HeldForInsert)
            {
                throw new PlotStillStoringException($"the plot '{plot.Filename}' is still being stored for an earlier request (the database is "
                    + "slow to answer); nothing was changed, try again in a moment");
            }

            CheckUserLimits(owner, definition, replaced: plot);
            bool created = plot is null;
            if (plot is null)
            {
                int number = reservedNumber ?? _nextNumbers.GetValueOrDefault(owner);
                plot = new Plot(owner, number, _filenames.Unique(owner, definition.Filename), definition.Data, definition.Layout, _listener,
                    viewerLimits: _viewerLimits, userReplayBudget: _replayBudgets.Of(owner), userPlotBudget: _plotBudgets.Of(owner)) { Logger = _logger };
                plot.Relay = Cluster?.RelayOf(plot);
                if (Cluster is not null)
                {
                    plot.SaverAccess = SaverAccess.HeldForInsert; // IPlotCluster.StoreAsync makes its row, then opens it
                }

                _plots.Add((owner, number), plot);
                Add(plot);
                // Marked for a whole save before its tokens are bound: until /clientresp's save (WriteBehindPersister.SaveNowAsync)
                // succeeds, the saver writes what streams into it only together with it, never as objects without their plot.
                _listener.Changed(plot, plot.Version);
            }
            else
            {
                plot.Replace(definition.Filename, definition.Data, definition.Layout);
            }

            return (plot, created, Rebind(plot, tokens));
        }
    }

    /// <summary>Its owner deleted the plot, through this node or as the store says (at start-up, or another node's delete):
    /// it leaves this node if it is here (<see cref="Remove"/>), its number is never given again, and its share link says
    /// it was deleted.</summary>
    public void Delete(string owner, int number)
    {
        if (Find(owner, number) is Plot plot)
        {
            Remove(plot);
        }

        lock (_gate)
        {
            if (_deleted.Add((owner, number)))
            {
                TakeNumberLocked(owner, number);
                Added(owner, number); // a link to learn (ShareLinks) if it was never here
            }
        }
    }

    /// <summary>Whether the owner deleted this plot.</summary>
    public bool WasDeleted(string owner, int number)
    {
        lock (_gate)
        {
            return _deleted.Contains((owner, number));
        }
    }

    /// <summary>Takes a plot out of this node: its owner deleted it (<see cref="Delete"/>), or (cluster mode) the store
    /// refused a new plot because its number is taken there. Its link and tokens lead nowhere from now on, its viewers' streams end and its bytes no
    /// longer count against its owner; its number is never given again here.</summary>
    public void Remove(Plot plot)
    {
        lock (_gate)
        {
            if (_plots.GetValueOrDefault((plot.Owner, plot.Number)) != plot)
            {
                return;
            }

            _plots.Remove((plot.Owner, plot.Number));
            _filenames.Remove(plot);
            foreach (StreamBinding binding in _tokens.BindingsOf(plot))
            {
                _tokens.Unbind(binding);
            }
        }

        plot.Dispose();
        _listener.Removed(plot);
        Cluster?.Removed(plot);
    }

    /// <summary>Cluster mode: another node stored this plot (new or overwritten); this node takes it as stored, with its
    /// token bindings, without saving it again. A token it took from another plot leaves this node's copy of that plot
    /// too (saved whole only where that copy is the current one, <see cref="Plot.DetachToken"/>). Returns the plot.</summary>
    public Plot Refresh(StoredPlot stored, JsonArray data, JsonObject layout)
    {
        lock (_gate)
        {
            if (_plots.GetValueOrDefault((stored.Owner, stored.Number)) is not Plot plot)
            {
                plot = Create(stored, data, layout);
            }
            else
            {
                // Same owner and number: an overwrite, which keeps the filename (a new filename makes a new number).
                plot.Replace(stored.Filename, data, layout, stored.Version);
            }

            Rebind(plot, plot.StreamTokens());
            return plot;
        }
    }

    /// <summary>Cluster mode: an overwrite on another node took <paramref name="token"/> from this plot of the owner and then
    /// lost to a delete (<see cref="IPlotCluster.TokensLeftAsync"/>): this node's copy drops it, as reading the overwrite
    /// would have made it, and the token feeds nothing here. A token bound to another plot since is left alone, and so is a
    /// copy of version <paramref name="overwrittenFrom"/> or above: an overwrite of the plot stored after the token left it
    /// (<see cref="Cluster.ClusterNode.OverwrittenFrom"/>), which may have bound the token to it again (the 409's advice),
    /// and which a late message must not strip.</summary>
    public void TokenLeft(string owner, int number, string token, long overwrittenFrom)
    {
        lock (_gate)
        {
            if (_plots.GetValueOrDefault((owner, number)) is not Plot plot || plot.Version >= overwrittenFrom)
            {
                return;
            }

            StreamBinding? binding = _tokens.Find(token);
            if (binding?.Target?.Plot is Plot bound && bound != plot)
            {
                return;
            }

            if (binding is not null)
            {
                _tokens.Unbind(binding);
            }

            plot.DetachToken(token);
        }
    }

    // The plot's tokens now feed it alone: a token it lost feeds nothing, a token it took from another plot of the owner
    // leaves that plot as a static copy. Returns those tokens with their plots (whose stored copies must lose them too).
    private List<DetachedToken> Rebind(Plot plot, IReadOnlyDictionary<string, int[]> tokens)
    {
        var detached = new List<DetachedToken>();
        foreach (StreamBinding binding in _tokens.BindingsOf(plot).Where(b => !tokens.ContainsKey(b.Token)))
        {
            _tokens.Unbind(binding);
        }

        foreach (string token in tokens.Keys)
        {
            Plot? previous = _tokens.Find(token)?.Target?.Plot;
            if (previous is not null && previous != plot)
            {
                previous.DetachToken(token);
                detached.Add(new DetachedToken(previous, token));
            }
        }

        Bind(plot);
        return detached;
    }

    public void Dispose()
    {
        foreach (Plot plot in All)
        {
            plot.Dispose();
        }
    }

    private void Bind(Plot plot)
    {
        foreach (KeyValuePair<string, int[]> token in plot.StreamTokens().Where(token => CanBind(plot, token.Key)))
        {
            _tokens.GetOrAdd(token.Key).Target = new StreamTarget(plot, token.Value);
        }
    }

    private void Add(Plot plot)
    {
        Added(plot.Owner, plot.Number);
        _filenames.Add(plot);
        TakeNumberLocked(plot.Owner, plot.Number);
    }

    // Under _gate: the list and the count move together.
    private void Added(string owner, int number)
    {
        _added.Add((owner, number));
        Interlocked.Increment(ref _additions);
    }
}
