using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.Json;
using HeartRateStreamer.StreamServer.Ingest;
using Microsoft.AspNetCore.Connections;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>Kestrel connection middleware on every endpoint, after the PROXY protocol header (whose address counts) and
/// before TLS (a handshake is work and a file descriptor too): counts each connection in <see cref="ConnectionLimits"/> for as
/// long as it is open, and refuses one past them. On plain HTTP the refusal is a 503 with Retry-After saying which limit;
/// on HTTPS nothing can be said before the handshake, so the connection is closed, as it is while
/// <see cref="ConnectionLimits.MaxLingeringRefusals"/> refusals wait for their clients already.</summary>
public sealed class ConnectionLimitMiddleware(ConnectionDelegate next, ConnectionLimits limits, bool plainHttp)
{
    /// <summary>Retry-After of a refused connection or event stream, and of a plot with all its viewer places taken:
    /// connections and streams end by the second (page polls, finished requests, closed pages).</summary>
    public const string RetryAfterSeconds = "10";

    // A refused client's request is read (and dropped) this long at most after the answer: closing with its bytes unread
    // would reset the connection, which can reach the client before the 503 does. Unlike a refused stream's
    // (Ingest/RefusalDrain), the end of this request is unknown: it is refused before anything of it is parsed (before TLS,
    // whatever the protocol), so it is read until the client closes its side, within these smaller bounds.
    private static readonly TimeSpan s_drainTime = TimeSpan.FromSeconds(1);
    private const int DrainBytes = 64 * 1024;

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        string? refusal = limits.TryOpen((connection.RemoteEndPoint as IPEndPoint)?.Address, out IPAddress key);
        if (refusal is not null)
        {
            if (plainHttp && limits.TryLinger())
            {
                try
                {
                    await RefuseAsync(connection, refusal);
                }
                finally
                {
                    limits.EndLingering();
                }
            }

            return;
        }

        try
        {
            await next(connection);
        }
        finally
        {
            limits.Close(key);
        }
    }

    private static async Task RefuseAsync(ConnectionContext connection, string refusal)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["error"] = refusal });
        string head = $"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nRetry-After: {RetryAfterSeconds}\r\nConnection: close\r\n\r\n";
        using var drain = new CancellationTokenSource(s_drainTime);
        try
        {
            PipeWriter output = connection.Transport.Output;
            await output.WriteAsync(Encoding.ASCII.GetBytes(head), drain.Token);
            await output.WriteAsync(body, drain.Token);
            await RefusalDrain.DrainAsync(connection.Transport.Input, new LengthBodyDecoder(null), DrainBytes, drain.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ConnectionResetException)
        {
            // The client did not read in time, or reset: it is closed all the same.
        }
    }
}
