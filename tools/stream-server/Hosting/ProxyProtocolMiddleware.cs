using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Hosting;

/// <summary>Kestrel connection middleware on the --proxy-protocol-port endpoint: every connection there starts with
/// HAProxy's PROXY protocol header (<see cref="ProxyProtocolHeader"/>), which is taken off, and the client address it
/// carries becomes the connection's remote address, so the guess, connection, event-stream and form limits and the logs
/// see each client, not HAProxy (it runs before <see cref="ConnectionLimitMiddleware"/>, which counts that address). A
/// connection without a valid header is closed: on this port the address would otherwise be HAProxy's, or whatever a
/// client that reached the port directly claims is not checked by anyone.</summary>
public sealed class ProxyProtocolMiddleware(ConnectionDelegate next, ILogger logger)
{
    /// <summary>How long a connection may take to send its header: HAProxy sends it with the connection's first bytes.</summary>
    public static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(5);

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        PipeReader input = connection.Transport.Input;
        using var timeout = new CancellationTokenSource(HeaderTimeout);
        try
        {
            while (true)
            {
                ReadResult read = await input.ReadAsync(timeout.Token);
                ReadOnlySequence<byte> buffer = read.Buffer;
                ProxyProtocolHeader.Status status = ProxyProtocolHeader.TryParse(buffer, out long consumed, out IPEndPoint? source, out string? problem);
                if (status == ProxyProtocolHeader.Status.Parsed)
                {
                    input.AdvanceTo(buffer.GetPosition(consumed));
                    if (source is not null)
                    {
                        connection.RemoteEndPoint = source;
                    }

                    break;
                }

                if (status == ProxyProtocolHeader.Status.Invalid || read.IsCompleted)
                {
                    input.AdvanceTo(buffer.End);
                    logger.LogInformation("A connection from {Address} to the PROXY protocol port was closed: {Problem}. This port is for HAProxy "
                        + "with send-proxy-v2 (deploy/haproxy.cfg.template); clients connect to HAProxy or to the node's --urls port",
                        connection.RemoteEndPoint, problem ?? "it ended before its PROXY protocol header did");
                    return;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (ConnectionResetException)
        {
            return; // gone before its header: HAProxy ends a health check it gave up on this way
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("A connection from {Address} to the PROXY protocol port sent no header within {Seconds} s and was closed",
                connection.RemoteEndPoint, HeaderTimeout.TotalSeconds);
            return;
        }

        await next(connection);
    }
}
