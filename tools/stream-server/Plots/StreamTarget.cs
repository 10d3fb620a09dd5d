namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>Where a token's objects go: a plot and the traces in it that name the token.</summary>
public sealed record StreamTarget(Plot Plot, int[] TraceIndices);
