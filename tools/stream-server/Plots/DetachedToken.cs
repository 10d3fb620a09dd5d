namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>A token that another plot of the same owner took from <paramref name="Plot"/>, which keeps its data as a static copy.</summary>
public sealed record DetachedToken(Plot Plot, string Token);
