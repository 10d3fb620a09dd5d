namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>The limits every ingest connection runs under. <paramref name="StaleTimeout"/> (--stale-seconds) is the one
/// limit on silence: between a stream's bytes, and before its request head is complete (Node sends the head with the
/// first write(), which may come a while after the stream was opened: Plotly allowed a minute).</summary>
public sealed record IngestSettings(TimeSpan StaleTimeout, int MaxLineBytes);
