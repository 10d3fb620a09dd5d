namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>A plots row exactly as SQLite returned it (DBNull, long, double, string or byte[] per column), before
/// <see cref="PlotLoader"/> checks it.</summary>
public sealed record PlotRow(long RowId, object Owner, object Number, object Filename, object DataJson, object LayoutJson, object Version);
