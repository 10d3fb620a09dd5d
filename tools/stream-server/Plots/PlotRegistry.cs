using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Values;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>All plots (held in memory, persisted by <see cref="WriteBehindPersister"/>) and the
/// binding of stream tokens to them.</summary>
public sealed class PlotRegistry : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Owner, int Number), Plot> _plots = new();
    private readonly TokenDirectory _tokens;
    private readonly Action<Plot> _changed;
    private ILogger _logger = NullLogger.Instance;

    public PlotRegistry(int throttleMilliseconds, Action<Plot> changed)
    {
        _tokens = new TokenDirectory(throttleMilliseconds);
        _changed = changed;
    }

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

    public IReadOnlyList<StreamBinding> StreamsOf(Plot plot) => _tokens.BindingsOf(plot);

    /// <summary>Restores a plot read from storage, with its token bindings, after the same
    /// validation as every value that enters (<see cref="ValueValidator.TryReadStoredPlot"/>).</summary>
    /// <exception cref="InvalidDataException">The stored plot does not pass; the message names it and says why.</exception>
    public void Load(StoredPlot stored)
    {
        if (!ValueValidator.TryReadStoredPlot(stored.DataJson, stored.LayoutJson, out JsonArray? data, out JsonObject? layout, out string? problem))
        {
            throw new InvalidDataException($"plot /~{stored.Owner}/{stored.Number}: {problem}");
        }

        var plot = new Plot(stored.Owner, stored.Number, stored.Filename, data, layout, _changed) { Logger = _logger };
        lock (_gate)
        {
            _plots[(plot.Owner, plot.Number)] = plot;
            Bind(plot);
        }
    }

    /// <summary>Creates or overwrites a plot of <paramref name="owner"/> and binds its tokens.
    /// Returns the plot and every other plot that lost a token to it (to be saved too).</summary>
    /// <exception cref="ArgumentException">A token feeds another user's plot.</exception>
    public (Plot Plot, IReadOnlyList<Plot> Detached) Save(string owner, PlotDefinition definition)
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

            Plot? plot = definition.FileOption == FileOption.Overwrite
                ? _plots.Values.FirstOrDefault(p => p.Owner == owner && p.Filename == definition.Filename)
                : null;
            if (plot is null)
            {
                int number = _plots.Keys.Where(key => key.Owner == owner).Select(key => key.Number + 1).DefaultIfEmpty(0).Max();
                plot = new Plot(owner, number, UniqueFilename(owner, definition.Filename), definition.Data, definition.Layout, _changed) { Logger = _logger };
                _plots.Add((owner, number), plot);
            }
            else
            {
                plot.Replace(definition.Filename, definition.Data, definition.Layout);
            }

            var detached = new List<Plot>();
            foreach (StreamBinding binding in _tokens.BindingsOf(plot).Where(b => !tokens.ContainsKey(b.Token)))
            {
                binding.Target = null;
            }

            foreach (string token in tokens.Keys)
            {
                Plot? previous = _tokens.Find(token)?.Target?.Plot;
                if (previous is not null && previous != plot)
                {
                    previous.DetachToken(token);
                    detached.Add(previous);
                }
            }

            Bind(plot);
            return (plot, detached);
        }
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
        foreach (KeyValuePair<string, int[]> token in plot.StreamTokens())
        {
            _tokens.GetOrAdd(token.Key).Target = new StreamTarget(plot, token.Value);
        }
    }

    private string UniqueFilename(string owner, string filename)
    {
        string candidate = filename;
        for (int suffix = 1; _plots.Values.Any(p => p.Owner == owner && p.Filename == candidate); suffix++)
        {
            candidate = $"{filename} ({suffix})";
        }

        return candidate;
    }
}
