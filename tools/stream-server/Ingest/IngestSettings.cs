namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>The limits every ingest connection runs under.</summary>
public sealed record IngestSettings(TimeSpan StaleTimeout, int MaxLineBytes)
{
    /// <summary>Time for a new connection to send its request head; Kestrel's default
    /// RequestHeadersTimeout is the same 30 s.</summary>
    public static readonly TimeSpan RequestHeadTimeout = TimeSpan.FromSeconds(30);
}
