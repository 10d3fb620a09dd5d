using HeartRateStreamer.StreamServer.Values;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>What one user's plots may hold together, set by configuration (StreamServerOptions), never by clients.
/// Each plot is bounded on its own (<see cref="ValueLimits"/>: 16 MiB of points, 1 MiB of layout and style); these
/// bound their number and their sum, so a user's memory is bounded however many plots they make.</summary>
public sealed record UserLimits
{
    /// <summary>Plots one user may own; /clientresp refuses a new one past it (overwriting an existing one still works).
    /// A thousand is far beyond one person's devices and costs at most a few MB of bookkeeping.</summary>
    public int Plots { get; init; } = 1000;

    /// <summary>Bytes of points, layout and style all plots of one user hold together (<see cref="UserByteBudget"/>).
    /// 256 MiB is room for 15 plots at the per-plot maximum, or thousands of device plots of a few hundred kB.</summary>
    public long PlotBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Bytes of unfinished streamed lines all stream connections to one user's plots hold together (each
    /// connection's line buffer beyond its first <see cref="Ingest.LineBuffer.InitialBytes"/>). A line may be up to
    /// --max-line-bytes, and a user may have thousands of tokens: without this, one user's connections each holding
    /// half a long line could take gigabytes. 64 MiB: 32 connections in the middle of a 1 MiB line at once.</summary>
    public long LineBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How many of the longest lines <see cref="LineBytes"/> must leave room for: a buffer doubles as it grows,
    /// so one line of --max-line-bytes may hold twice that, and a user needs at least two streams at once.</summary>
    public const int MinLongLines = 4;

    /// <summary>The smallest <see cref="PlotBytes"/> that still holds one plot at its own maximum.</summary>
    public const long MinPlotBytes = ValueLimits.MaxPlotDataBytes + ValueLimits.MaxPlotStyleBytes;

    public static UserLimits Default { get; } = new();
}
