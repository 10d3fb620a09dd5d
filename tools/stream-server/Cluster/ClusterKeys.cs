using HeartRateStreamer.StreamServer.Plots;
using StackExchange.Redis;

namespace HeartRateStreamer.StreamServer.Cluster;

/// <summary>The names of everything the nodes share in Redis, in one place. All start with "hrs:" so the cluster can
/// share a Redis with other programs.</summary>
public static class ClusterKeys
{
    /// <summary>Pub/sub: "DIGEST\nCONNECTION" when a newer device stream for the token with that digest started: the node
    /// holding CONNECTION ends it with 423.</summary>
    public static readonly RedisChannel Takeovers = RedisChannel.Literal("hrs:takeovers");

    /// <summary>The newest device connection of the token with that digest, as NODE:N (set and read in one SET ... GET).</summary>
    public static RedisKey NewestConnection(string digest) => $"hrs:stream:{digest}:connection";

    /// <summary>Hash: the node holding the token's connection and its counts (node, received, dropped, heartbeats),
    /// refreshed every tick, gone soon after the connection.</summary>
    public static RedisKey StreamState(string digest) => $"hrs:stream:{digest}:state";

    /// <summary>Pub/sub: "NODE\nOWNER\nNUMBER\nNOTICE" when /clientresp on NODE stored a plot.</summary>
    public static readonly RedisChannel PlotsChanged = RedisChannel.Literal("hrs:plots-changed");

    /// <summary>Pub/sub: "NODE\nOWNER\nNUMBER\nTOKEN[\nOWNER\nNUMBER\nTOKEN...]\nNOTICE" when an overwrite on NODE took those
    /// tokens from those plots and then lost to a delete: no node reads the overwrite, so each drops them from its copies.</summary>
    public static readonly RedisChannel TokensLeft = RedisChannel.Literal("hrs:tokens-left");

    /// <summary>Pub/sub: a node's "NOTICE" once it has read the plot of that <see cref="PlotsChanged"/> notice (or dropped the
    /// tokens of a <see cref="TokensLeft"/> one).</summary>
    public static readonly RedisChannel PlotsLoaded = RedisChannel.Literal("hrs:plots-loaded");

    /// <summary>The plot's frame builder: the node id, with a time to live the builder renews (<see cref="PlotRelay"/>).</summary>
    public static RedisKey Builder(Plot plot) => $"hrs:plot:{plot.Owner}/{plot.Number}:builder";

    /// <summary>Pub/sub: the builder's events (<see cref="ClusterEvent"/>), in order, for the other nodes to mirror.</summary>
    public static RedisChannel Events(Plot plot) => RedisChannel.Literal($"hrs:plot:{plot.Owner}/{plot.Number}:events");

    /// <summary>Stream: the builder's last events (<see cref="ClusterEvent"/>, field "e"), as many as a node's replay buffer
    /// holds (ids "OFFSET-BYTES", <see cref="ClusterNode.PublishEvent"/>), so a viewer resumes with Last-Event-ID on any node,
    /// also one that did not follow the plot then.</summary>
    public static RedisKey History(Plot plot) => $"hrs:plot:{plot.Owner}/{plot.Number}:history";

    /// <summary>Hash: each epoch (<see cref="Viewer.SseEventId"/>) of which <see cref="History"/> holds events, and the id of
    /// its last entry there; an epoch goes when its last entry does. A Last-Event-ID of any other epoch reads no history.</summary>
    public static RedisKey HistoryEpochs(Plot plot) => $"hrs:plot:{plot.Owner}/{plot.Number}:history-epochs";

    /// <summary>Pub/sub: the builder's wake-ups ("w": <see cref="Queue"/> has messages) and requests for the figure ("f");
    /// only the builder listens here.</summary>
    public static RedisChannel Inbox(Plot plot) => RedisChannel.Literal($"hrs:plot:{plot.Owner}/{plot.Number}:inbox");

    /// <summary>List: what other nodes hand the builder (streamed objects, owner edits), in order, until a builder takes them.</summary>
    public static RedisKey Queue(Plot plot) => $"hrs:plot:{plot.Owner}/{plot.Number}:queue";

    /// <summary>String: that a node's batch of messages went into <see cref="Queue"/> ("queued"), or that its sender, whose
    /// round trip failed, withdrew it ("withdrawn"): whichever is set first holds, so a batch goes in at most once
    /// (<see cref="PlotRelay"/>). Lives as long as a message in the queue.</summary>
    public static RedisKey Batch(Plot plot, string batchId) => $"hrs:plot:{plot.Owner}/{plot.Number}:batch:{batchId}";
}
