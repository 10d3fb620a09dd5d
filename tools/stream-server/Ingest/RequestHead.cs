namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>The request line and headers of an ingest request. Repeated headers (Python's client
/// sends Host twice) keep their first value.</summary>
public sealed record RequestHead(string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
