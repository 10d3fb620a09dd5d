namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>The trace attributes that hold data, by dotted path. A streamed number (or string, for
/// dates and labels) appends to them, an array replaces them; they are windowed by maxpoints.
/// Everything else in a trace is style, which only the owner changes.</summary>
public static class DataColumns
{
    private static readonly HashSet<string> s_paths = new(StringComparer.Ordinal)
    {
        "x", "y", "z", "text", "hovertext", "ids", "customdata",
        "r", "theta", "lat", "lon", "open", "high", "low", "close",
        "marker.size", "marker.color", "marker.opacity", "marker.symbol",
    };

    private static readonly HashSet<string> s_containers = new(StringComparer.Ordinal) { "marker" };

    public static IReadOnlyCollection<string> Paths => s_paths;

    public static bool IsColumn(string path) => s_paths.Contains(path);

    /// <summary>True for an object attribute (such as marker) that holds columns.</summary>
    public static bool IsContainer(string path) => s_containers.Contains(path);

    /// <summary>True when a restyle of this path would touch data or the stream settings: a column,
    /// a path through one ("x.0" would turn the column into an object), or the stream attribute.</summary>
    public static bool IsReservedForStreams(string path)
    {
        return s_paths.Contains(path) || s_paths.Any(column => path.StartsWith(column + ".", StringComparison.Ordinal))
            || path == "stream" || path.StartsWith("stream.", StringComparison.Ordinal);
    }
}
