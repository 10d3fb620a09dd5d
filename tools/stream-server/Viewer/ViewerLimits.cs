using HeartRateStreamer.StreamServer.Plots;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>What viewers may cost the server, set by configuration (StreamServerOptions), never by
/// clients. A plot's events are encoded once and shared, so the memory of a plot's live view is about
/// its replay buffer plus one snapshot plus, per viewer, Kestrel's bounded output buffer.</summary>
public sealed record ViewerLimits
{
    /// <summary>Events a plot keeps for Last-Event-ID resume: a minute of frames at 20 per second.</summary>
    public int ReplayEvents { get; init; } = 1200;

    /// <summary>Bytes of events a plot keeps for resume; the oldest go first when either bound is reached.</summary>
    public long ReplayBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The rule of a plot's replay on a node: the oldest of <paramref name="events"/> kept (<paramref name="bytes"/>
    /// together, as viewers get them) goes while the plot alone keeps too much (<see cref="PlotReplayKeepsTooMuch"/>), or,
    /// unless it is the newest alone, while the replay buffers of all the owner's plots on the node are past
    /// <see cref="UserReplayBytes"/> (<paramref name="owner"/>). A node's replay buffer keeps it (<see cref="PlotEventStream"/>).</summary>
    public bool ReplayKeepsTooMuch(int events, long bytes, UserByteBudget owner) =>
        PlotReplayKeepsTooMuch(events, bytes) || (events > 1 && owner.IsOver);

    /// <summary>The rule for one plot's replay on its own: the oldest goes while they are more than <see cref="ReplayEvents"/>,
    /// or more than <see cref="ReplayBytes"/> and not the newest alone (within <see cref="UserReplayBytes"/>, which is never
    /// less). A cluster's history of the plot in Redis keeps it, applied to the history's own events
    /// (<see cref="Cluster.ClusterNode.PublishEvent"/>, two trims in Redis): the history is every node's, so neither what one
    /// builder's buffer holds (a new builder's holds only what it mirrored since it had viewers) nor the owner's other plots
    /// on that node (<see cref="UserReplayBytes"/> is a node's budget) may shrink it.</summary>
    public bool PlotReplayKeepsTooMuch(int events, long bytes) => events > ReplayEvents || (events > 1 && bytes > ReplayBytes);

    /// <summary>Bytes of replay buffers all plots of one user hold together (<see cref="UserByteBudget"/>).</summary>
    public long UserReplayBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Bytes of events queued for one viewer but not yet sent (what it started with, the shared
    /// snapshot or the catch-up from the replay buffer, is held by the plot anyway and not counted). A viewer that falls further behind is cut off; its browser reconnects
    /// with Last-Event-ID and resumes. Never more than <see cref="ReplayBytes"/>, so everything queued
    /// for any viewer is also in the replay buffer and costs nothing extra.</summary>
    public long ViewerQueueBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Events queued for one viewer; a viewer further behind is cut off as above.</summary>
    public int ViewerQueueEvents { get; init; } = 1200;

    /// <summary>Event streams open on one plot at once; more are answered 503.</summary>
    public int MaxViewersPerPlot { get; init; } = 1000;

    public static ViewerLimits Default { get; } = new();
}
