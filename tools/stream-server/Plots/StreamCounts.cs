namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>What a stream's connection received, as <see cref="StreamBinding"/> counts it: cluster mode shares it, so the
/// page on any node shows the stream of a device connected to another.</summary>
public readonly record struct StreamCounts(long Received, long Dropped, long Heartbeats);
