namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>A plots row exactly as SQLite returned it (DBNull, long, double, string or byte[] per column), before
/// <see cref="PlotLoader"/> checks it. <paramref name="Deleted"/>: its owner deleted the plot, and the row only keeps
/// its number taken (<see cref="IPlotStore.DeletePlotAsync"/>).</summary>
public sealed record PlotRow(long RowId, object Owner, object Number, object Filename, object DataJson, object LayoutJson, object Version, bool Deleted = false);
