using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>Told of every change to a plot, under the plot's lock, in the order the changes happen.
/// Each change has the plot's next version; a stored copy carries the version it includes, so the
/// store can append streamed objects instead of rewriting the plot (<see cref="Storage.WriteBehindPersister"/>).</summary>
public interface IPlotChangeListener
{
    /// <summary>A streamed object was applied to the given traces: replaying it on the previous
    /// version gives this one.</summary>
    void Streamed(Plot plot, long version, IReadOnlyList<int> traceIndices, JsonObject streamed);

    /// <summary>Any other change (owner edit, overwrite, a token moved away): the plot must be saved whole.</summary>
    void Changed(Plot plot, long version);

    /// <summary>The plot left this node (<see cref="PlotRegistry.Remove"/>): it is never saved again, and nothing of it is kept.</summary>
    void Removed(Plot plot);

    public static IPlotChangeListener None { get; } = new NoListener();

    private sealed class NoListener : IPlotChangeListener
    {
        public void Streamed(Plot plot, long version, IReadOnlyList<int> traceIndices, JsonObject streamed)
        {
        }

        public void Changed(Plot plot, long version)
        {
        }

        public void Removed(Plot plot)
        {
        }
    }
}
