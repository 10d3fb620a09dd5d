namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>What became of one streamed object (<see cref="Plot.ApplyStreamObject"/>); the stream's answer counts it by this.</summary>
public enum StreamedOutcome
{
    /// <summary>Applied to the traces its token feeds (on one node, or on the node that builds the plot).</summary>
    Applied,

    /// <summary>Cluster mode: queued for the node that builds the plot, which applies it (or logs why it cannot).</summary>
    Forwarded,

    /// <summary>No trace names the stream's token any more: an overwrite took it away between the stream's reading of its
    /// trace indices and the plot's lock. The object landed nowhere (counted as dropped, not received).</summary>
    NoTrace,

    /// <summary>Refused: its layout would take the plot past its style budget, or its owner's plots past --user-plot-bytes
    /// (<see cref="StreamedResult.Problem"/> says which). Nothing of it was applied (413).</summary>
    OverBudget,

    /// <summary>Refused, cluster mode: the plot's lines waiting on this node for Redis, on their way to the node that builds
    /// it, are at their bound (<see cref="StreamedResult.Problem"/>). Nothing of it was applied or queued (503).</summary>
    QueueFull,
}

/// <summary>The outcome of one streamed object and, for a refusal, why (for the stream's answer).</summary>
public readonly record struct StreamedResult(StreamedOutcome Outcome, string? Problem = null)
{
    public static StreamedResult Applied => new(StreamedOutcome.Applied);

    public static StreamedResult Forwarded => new(StreamedOutcome.Forwarded);

    public static StreamedResult NoTrace => new(StreamedOutcome.NoTrace);

    public static StreamedResult OverBudget(string problem) => new(StreamedOutcome.OverBudget, problem);

    public static StreamedResult QueueFull(string problem) => new(StreamedOutcome.QueueFull, problem);
}
