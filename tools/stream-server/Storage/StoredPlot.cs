namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>A plot as one SQLite row: the traces (style, stream settings with tokens, and the
/// current data windows) and the layout, each as JSON text, and the plot's version they include
/// (<see cref="StoredAppend"/>s of later versions are replayed on it when it is loaded).</summary>
public sealed record StoredPlot(string Owner, int Number, string Filename, string DataJson, string LayoutJson, long Version);
