using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>An HTTP response as read off a raw socket.</summary>
public sealed record RawResponse(string Text)
{
    public int Status => Text.Length >= 12 && Text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(Text.AsSpan(9, 3)) : 0;

    public string Body => Text.Contains("\r\n\r\n") ? Text[(Text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..] : "";

    public JsonObject Json => (JsonObject)JsonNode.Parse(Body)!;

    public long Count(string name) => (long)Json[name]!;
}
