using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace HeartRateStreamer.StreamServer.Tests.Infrastructure;

/// <summary>An HTTP response as read off a raw socket.</summary>
public sealed record RawResponse(string Text)
{
    public int Status => Text.Length >= 12 && Text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(Text.AsSpan(9, 3)) : 0;

    public string Head => Text.Contains("\r\n\r\n") ? Text[..Text.IndexOf("\r\n\r\n", StringComparison.Ordinal)] : Text;

    /// <summary>The body as sent, or, when Kestrel sent it chunked, its chunks' contents.</summary>
    public string Body => !Text.Contains("\r\n\r\n") ? ""
        : Head.Contains("\r\nTransfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) ? Unchunked(Text[(Head.Length + 4)..])
        : Text[(Head.Length + 4)..];

    public JsonObject Json => (JsonObject)JsonNode.Parse(Body)!;

    public long Count(string name) => (long)Json[name]!;

    private static string Unchunked(string chunked)
    {
        var body = new StringBuilder();
        int at = 0;
        while (at < chunked.Length)
        {
            int lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            int size = int.Parse(chunked.AsSpan(at, lineEnd - at), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            body.Append(chunked, lineEnd + 2, size); // the tests' answers are ASCII JSON: characters are bytes
            at = lineEnd + 2 + size + 2;
        }

        return body.ToString();
    }
}
