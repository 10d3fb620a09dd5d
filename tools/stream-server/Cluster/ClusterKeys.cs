using HeartRateStreamer.StreamServer.Plots;
using StackExchange.Redis;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>The names of everything the nodes share in Redis, in one place. All start with "hrs:" so the cluster can
/// share a Redis with other programs.</summary>
public static class ClusterKeys
{
    /// <summary>Pub/sub: "NODE\nDIGEST" when a device stream for the token with that digest starts on NODE.</summary>
    public static readonly RedisChannel Takeovers = RedisChannel.Literal("hrs:takeovers");

    /// <summary>Pub/sub: "NODE\nOWNER\nNUMBER" when /clientresp on NODE stored a plot.</summary>
    public static readonly RedisChannel PlotsChanged = RedisChannel.Literal("hrs:plots-changed");

    /// <summary>The plot's frame builder: the node id, with a time to live the builder renews (<see cref="PlotRelay"/>).</summary>
    public static RedisKey Builder(Plot plot) => $"hrs:plot:{plot.Owner}/{plot.Number}:builder";

    /// <summary>Pub/sub: the builder's events, in order, for the other nodes to mirror.</summary>
    public static RedisChannel Events(Plot plot) => RedisChannel.Literal($"hrs:plot:{plot.Owner}/{plot.Number}:events");

    /// <summary>Pub/sub: what other nodes hand the builder (streamed objects, owner edits, requests for the figure).</summary>
    public static RedisChannel Inbox(Plot plot) => RedisChannel.Literal($"hrs:plot:{plot.Owner}/{plot.Number}:inbox");
}
