namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>The limits every ingest connection runs under. <paramref name="StaleTimeout"/> (--stale-seconds) is the one
/// limit on silence: between a stream's bytes, and before its request head is complete (Node sends the head with the
/// first write(), which may come a while after the stream was opened: Plotly allowed a minute).</summary>
public sealed record IngestSettings(TimeSpan StaleTimeout, int MaxLineBytes)
{
    /// <summary>Plotly's limit on a stream's silence, which its clients were written for.</summary>
    public static readonly TimeSpan PlotlyStaleTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The wait for a connection's first bytes and its request head: the stale limit, but never more than Plotly's minute.
    /// Before its head a connection is anyone's (no token yet), so a long --stale-seconds set for quiet devices must not
    /// let every idle connection be held that long.
    /// </summary>
    public TimeSpan HeadTimeout => StaleTimeout < PlotlyStaleTimeout ? StaleTimeout : PlotlyStaleTimeout;

    /// <summary>How long a refused client may go on sending the rest of its body (<see cref="RefusalDrain.Time"/>; a test
    /// that must not race the bound sets its own).</summary>
    public TimeSpan RefusalDrainTime { get; init; } = RefusalDrain.Time;
}
