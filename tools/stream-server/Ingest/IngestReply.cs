using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using HeartRateStreamer.StreamServer.Protocol;

namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>The one response of a stream, sent when it ends or fails (the npm client's callback
/// fires on the response headers), followed by closing the connection.</summary>
public static class IngestReply
{
    private static readonly JsonSerializerOptions s_json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="detail">What exactly was wrong (a refused value), after Plotly's own message; null for none.</param>
    /// <param name="retryAfterSeconds">The Retry-After header of a 429 (Accounts/FailureRateLimiter); null for none.</param>
    public static async Task WriteAsync(PipeWriter output, int status, long received, long dropped, long heartbeats, string? detail = null, string? retryAfterSeconds = null)
    {
        // The detail right after the message: a client that keeps only the first few hundred bytes of an answer (the
        // device keeps 512) still has it whole, however large the counts.
        var fields = new Dictionary<string, object>
        {
            ["status"] = status,
            ["message"] = StreamStatus.Message(status),
        };
        if (detail is not null)
        {
            fields["detail"] = detail;
        }

        fields["received"] = received;
        fields["dropped"] = dropped;
        fields["heartbeats"] = heartbeats;

        string body = JsonSerializer.Serialize(fields, s_json);
        byte[] bodyBytes = Encoding.UTF8.GetBytes(body);
        string head = $"HTTP/1.1 {status} {StreamStatus.ReasonPhrase(status)}\r\nContent-Type: application/json\r\nContent-Length: {bodyBytes.Length}\r\n{(retryAfterSeconds is null ? "" : $"Retry-After: {retryAfterSeconds}\r\n")}Connection: close\r\n\r\n";
        await output.WriteAsync(Encoding.ASCII.GetBytes(head));
        await output.WriteAsync(bodyBytes);
    }

    /// <summary>The interim answer to "Expect: 100-continue" (curl sends it for chunked uploads).</summary>
    public static async Task WriteContinueAsync(PipeWriter output)
    {
        await output.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray());
    }
}
