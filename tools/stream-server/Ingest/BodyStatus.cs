namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>Where a body decoder stands after the bytes it was given.</summary>
public enum BodyStatus
{
    /// <summary>All given bytes used; the body goes on.</summary>
    NeedMoreData,

    /// <summary>The body ended cleanly (last chunk, or Content-Length reached).</summary>
    Done,

    /// <summary>The framing is broken; the stream ends with 400.</summary>
    Malformed,
}
