namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>A plot request that would take its owner past <see cref="UserLimits"/>; the message says which limit and
/// what to do.</summary>
public sealed class UserLimitException(string message) : Exception(message);
