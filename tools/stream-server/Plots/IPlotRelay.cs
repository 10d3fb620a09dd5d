using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Viewer;

namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>Cluster mode's hold on one plot (<see cref="Cluster.PlotRelay"/>): whether this node builds the plot's frames,
/// and what it does when it does not. A single node has none (<see cref="Plot.Relay"/> is null), so nothing here is called.</summary>
public interface IPlotRelay
{
    /// <summary>Null when this node applies the object itself (it builds the plot's frames); else
    /// <see cref="StreamedOutcome.Forwarded"/> (handed to the node that builds them: this node must not apply it), or
    /// <see cref="StreamedOutcome.QueueFull"/> with why (refused: what waits to be handed on is at its bound).</summary>
    StreamedResult? ForwardStreamed(IReadOnlyList<int> traceIndices, JsonObject streamed, string? token);

    /// <summary>True when an owner edit ("relayout" with its update, "restyle" with {"update","traces"}) was handed on: to the
    /// building node, or in turn behind what this node handed on before; called under the plot's lock after the edit passed
    /// its checks.</summary>
    bool ForwardEdit(string kind, JsonObject body);

    /// <summary>This node published <paramref name="item"/> (its JSON <paramref name="json"/>) to its viewers (under the plot's
    /// lock, in order): the builder relays it, and keeps it in the plot's history.</summary>
    void Published(SseEvent item, ReadOnlySpan<byte> json);

    /// <summary>Whether this node's copy is the plot's current one, which it may save whole: it holds the plot's builder key.
    /// Any other node's copy (a mirror, or the copy loaded at start) may lack the builder's newest points.</summary>
    bool SavesWhole { get; }

    /// <summary>A viewer subscribes on this node: from now on it mirrors the plot's events.</summary>
    void Viewing();

    /// <summary>The builder's events after <paramref name="lastEventId"/>, oldest first, from the plot's history; null when the
    /// history does not hold that event (too old, from before the history, or Redis away), and at once, reading nothing,
    /// when the id can name no event (<see cref="SseEventId.TryParseEvent"/>).</summary>
    Task<IReadOnlyList<SseEvent>?> HistoryAfterAsync(string lastEventId);

    /// <summary>Brings this node's copy up to the builder's before it is read whole (GET .json): mirrors the plot and waits
    /// (briefly) for the builder's figure, or, with no builder, reads the store's copy.</summary>
    Task CatchUpAsync();

    /// <summary>A viewer resumed from the history and waits for a figure to go on from (this node's own events did not follow
    /// on from the history's last): the builder sends every viewer one.</summary>
    void FigureWanted();
}

/// <summary>Cluster mode's hooks on the registry and ingest (<see cref="Cluster.ClusterNode"/>); null on a single node.</summary>
public interface IPlotCluster
{
    IPlotRelay RelayOf(Plot plot);

    /// <summary>A device stream for <paramref name="binding"/> started on this node: an older one on any node ends (423).</summary>
    void StreamConnected(StreamBinding binding, Plot plot);

    void StreamEnded(StreamBinding binding, Plot plot);

    /// <summary>The counts of the token's connection on another node, or null when no node has one (or Redis is away).</summary>
    Task<StreamCounts?> StreamElsewhereAsync(StreamBinding binding);

    /// <summary>A number for the owner's next new plot, at least <paramref name="atLeast"/>, that no node has given out (kept in
    /// PostgreSQL, so also while Redis is away).</summary>
    /// <exception cref="Exception">The database failed: no number was given.</exception>
    Task<int> ReservePlotNumberAsync(string owner, int atLeast);

    /// <summary>/clientresp is about to store the plot: its version goes above every version stored of it (the plot's
    /// builder on another node stored versions this node's copy did not count, and the store keeps a whole copy only over
    /// an older one).</summary>
    void ContinueAboveStored(Plot plot);

    /// <summary>/clientresp, before it saves <paramref name="plot"/>, in one transaction: stores it when it is new
    /// (<paramref name="created"/>) with a plain INSERT, and takes each token it took from another plot out of that plot's
    /// stored row (keeping the row's version, so the objects streamed into it since still apply). The other plots are not
    /// saved whole from this node: its copies of them may be older than their builders'. Returns <paramref name="detached"/>,
    /// each with <see cref="DetachedToken.StoredVersion"/> read in that transaction, for <see cref="TokensLeftAsync"/>; or null
    /// when the new plot's number is taken in the store: nothing is stored, and this node forgets the new plot and reads the
    /// stored one. The new plot's <see cref="Plot.SaverAccess"/> is open afterwards (also when this throws), or dropped when
    /// refused.</summary>
    Task<IReadOnlyList<DetachedToken>?> StoreAsync(Plot plot, bool created, IReadOnlyList<DetachedToken> detached);

    /// <summary>/clientresp saved the plot on this node, or its owner deleted it here (stored already): the other nodes read it
    /// from the store again before the request is answered (at most <see cref="Cluster.ClusterNode.LoadWait"/> in all).</summary>
    Task PlotStoredAsync(Plot plot);

    /// <summary>After an overwrite of <paramref name="plot"/> was saved and the nodes told, just before /clientresp answers: when
    /// its owner deleted it on another node meanwhile (before the save, which the store then refused, or after it), and that
    /// delete's notice is not here yet, the plot leaves this node now, as the notice would make it, and its
    /// <see cref="Plot.SaverAccess"/> is Dropped, so the overwrite is answered 409 as on one node.</summary>
    Task LeaveIfDeletedAsync(Plot plot);

    /// <summary>An overwrite that took <paramref name="detached"/> from the owner's other plots lost to a delete: those plots
    /// lost the tokens here and in the store, but no other node reads the overwrite, which is where they would drop them. Each
    /// node drops them from its copies of those plots before /clientresp answers: this waits at most
    /// <see cref="Cluster.ClusterNode.LoadWait"/> in all, the publish included. Returns whether every node said it did; false
    /// when Redis is unreachable, or does not answer in time, or a node did not answer within the wait: then some node may
    /// still take the tokens for those plots, and the 409 says so. <paramref name="detached"/> are those
    /// <see cref="StoreAsync"/> returned: each message carries the token's <see cref="DetachedToken.StoredVersion"/>, and no
    /// database is read here.</summary>
    Task<bool> TokensLeftAsync(IReadOnlyList<DetachedToken> detached);

    /// <summary>The plot left this node (<see cref="PlotRegistry.Remove"/>): its frame builder here stops and lets the plot go.</summary>
    void Removed(Plot plot);

    /// <summary>Whether this node can tell the others of a change now (Redis answers): a delete they never hear of would
    /// leave them serving the plot.</summary>
    bool CanTellNodes { get; }
}
