namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>An owner's edit reached a plot that has left the server (<see cref="Plot.IsDisposed"/>: deleted by its owner,
/// or taken back on a cluster node) after the request found it: nothing was changed and nothing was published.</summary>
public sealed class PlotRemovedException(string path)
    : InvalidOperationException($"the plot {path} left this server while the edit was on its way; nothing was changed")
{
    public string PlotPath { get; } = path;
}
