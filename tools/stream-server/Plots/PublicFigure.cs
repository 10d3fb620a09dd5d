namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>A plot's public figure as JSON in UTF-8 (<see cref="Plot.PublicFigureUtf8Async"/>) and its filename at that moment.</summary>
public sealed record PublicFigure(string Filename, ReadOnlyMemory<byte> Json);
