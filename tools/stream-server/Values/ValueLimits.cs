namespace HeartRateStreamer.StreamServer.Values;

/// <summary>The documented bounds on every value the server accepts (README "Limits and safety").
/// Chosen so that whatever passes them, wherever it lands in a plot, stays within
/// <see cref="MaxDocumentDepth"/>, which System.Text.Json's default depth of 64 (the loader, the
/// writers, GET .json) always reads and writes.</summary>
public static class ValueLimits
{
    /// <summary>Nesting of one value (a point, a replacing array, a layout or style value): [[1]] is 2.</summary>
    public const int MaxValueDepth = 16;

    /// <summary>Nesting of a stored plot document (the data array, the layout object) and of a
    /// /clientresp args or kwargs field. A value of <see cref="MaxValueDepth"/> set at a path of
    /// <see cref="MaxPathParts"/> parts lands at most 26 deep, so the two limits never meet.</summary>
    public const int MaxDocumentDepth = 32;

    /// <summary>Parts of a dotted attribute path ("xaxis.rangeslider.range" has 3).</summary>
    public const int MaxPathParts = 8;

    /// <summary>Characters of a dotted attribute path.</summary>
    public const int MaxPathLength = 200;

    /// <summary>Bytes (as stored JSON) of one streamed point, and of each element of a replacing array.</summary>
    public const int MaxPointBytes = 4 * 1024;

    /// <summary>Bytes of one plot's data columns (the points of all its traces' windows). Past it,
    /// the oldest points of the largest trace are dropped, as maxpoints drops them by count.</summary>
    public const int MaxPlotDataBytes = 16 * 1024 * 1024;

    /// <summary>Bytes of everything else in a plot: its layout and its traces' style. A relayout or
    /// restyle that would pass it is refused.</summary>
    public const int MaxPlotStyleBytes = 1024 * 1024;
}
