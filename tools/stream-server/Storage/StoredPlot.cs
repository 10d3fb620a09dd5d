namespace HeartRateStreamer.StreamServer.Storage;

/// <summary>A plot as one SQLite row: the traces (style, stream settings with tokens, and the
/// current data windows) and the layout, each as JSON text.</summary>
public sealed record StoredPlot(string Owner, int Number, string Filename, string DataJson, string LayoutJson);
