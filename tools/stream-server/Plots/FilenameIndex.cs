namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>Each owner's plots by filename, so fileopt "overwrite" finds its plot and "new" names a copy
/// (" (1)", " (2)"...) without looking at every plot: a search per request grew with every plot of the same name
/// (175 ms at 5,000) while holding the registry's lock that every page needs. Not thread-safe: the registry locks.</summary>
public sealed class FilenameIndex
{
    private readonly Dictionary<(string Owner, string Filename), Plot> _plots = new();

    // Where the search for a free copy name resumes: each suffix is tried once per base name, so naming
    // N copies costs O(N) in all, O(1) per copy.
    private readonly Dictionary<(string Owner, string Filename), int> _nextSuffix = new();

    /// <summary>The owner's plot with this filename (the first one added when an old database holds two).</summary>
    public Plot? Find(string owner, string filename) => _plots.GetValueOrDefault((owner, filename));

    public void Add(Plot plot) => _plots.TryAdd((plot.Owner, plot.Filename), plot);

    /// <summary>Forgets the plot's filename, if it is this plot's.</summary>
    public void Remove(Plot plot)
    {
        if (Find(plot.Owner, plot.Filename) == plot)
        {
            _plots.Remove((plot.Owner, plot.Filename));
        }
    }

    /// <summary>The filename itself when the owner has no plot of that name, else the first free "filename (N)".</summary>
    public string Unique(string owner, string filename)
    {
        if (!_plots.ContainsKey((owner, filename)))
        {
            return filename;
        }

        int suffix = _nextSuffix.GetValueOrDefault((owner, filename), 1);
        while (_plots.ContainsKey((owner, $"{filename} ({suffix})")))
        {
            suffix++;
        }

        _nextSuffix[(owner, filename)] = suffix + 1;
        return $"{filename} ({suffix})";
    }
}
