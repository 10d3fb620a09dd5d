namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>A token that another plot of the same owner took from <paramref name="Plot"/>, which keeps its data as a static copy.</summary>
/// <param name="StoredVersion">Cluster mode: the version of the plot's stored row as the store took the token out of it, in
/// that transaction (<see cref="IPlotCluster.StoreAsync"/>; 0 when it has no row); null until then. The nodes are told it
/// when the taking plot loses to a delete (<see cref="IPlotCluster.TokensLeftAsync"/>).</param>
public sealed record DetachedToken(Plot Plot, string Token, long? StoredVersion = null);
