using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Protocol;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>Kestrel connection middleware on every endpoint: a connection whose first request is
/// "POST / " is a Plotly stream and is served here, by our own HTTP/1.1 reading; every other
/// connection goes on to Kestrel's HTTP stack untouched. Kestrel itself cannot take these streams:
/// it answers 400 to Python's two Host headers before any application code runs, and fails the
/// body on Python's blank line before the last chunk (see README, "Why ingest bypasses Kestrel's HTTP").</summary>
public sealed class IngestConnectionMiddleware
{
    private static readonly byte[] s_ingestPrefix = "POST / "u8.ToArray();

    private readonly ConnectionDelegate _next;
    private readonly PlotRegistry _plots;
    private readonly IngestSettings _settings;
    private readonly ILogger _logger;
    private readonly FailureRateLimiter _tokenGuesses;

    public IngestConnectionMiddleware(ConnectionDelegate next, PlotRegistry plots, IngestSettings settings, ILogger logger, FailureRateLimiter tokenGuesses)
    {
        _tokenGuesses = tokenGuesses;
        _next = next;
        _plots = plots;
        _settings = settings;
        _logger = logger;
    }

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        CancellationToken serverStopping = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        PipeReader input = connection.Transport.Input;
        RequestHead? head;
        bool isStream = false;
        using (var headTimeout = CancellationTokenSource.CreateLinkedTokenSource(serverStopping))
        {
            headTimeout.CancelAfter(_settings.HeadTimeout);
            try
            {
                isStream = await StartsWithIngestRequestAsync(input, headTimeout.Token);
                if (isStream)
                {
                    _logger.LogDebug("Stream connection: reading its request head");
                }

                head = isStream ? await ReadHeadAsync(input, headTimeout.Token) : null;
            }
            catch (OperationCanceledException)
            {
                // Nothing (or no complete head) within the time allowed: this idle connection is closed, a stream's with 408,
                // as a stream gone silent after its head is. Closed at once: without a head there is no body's end to drain to.
                if (isStream && !serverStopping.IsCancellationRequested)
                {
                    _logger.LogInformation("Stream closed: its request head was not complete within {Seconds} s", _settings.HeadTimeout.TotalSeconds);
                    await IngestReply.WriteAsync(connection.Transport.Output, StreamStatus.Stale, 0, 0, 0,
                        $"the request head was not complete within {_settings.HeadTimeout.TotalSeconds} s (--stale-seconds, at most 60); send the head and "
                        + "a first object or a heartbeat ('\\n') within that time");
                }

                return;
            }
            catch (IOException exception)
            {
                // The client reset the connection (a device losing its network): nobody to answer, nothing to report
                // but a line; before any byte of a stream it is Kestrel's kind of noise.
                _logger.Log(isStream ? LogLevel.Information : LogLevel.Debug, "Stream connection closed by the client before its request head was complete: {Reason}", exception.Message);
                return;
            }
            catch (FormatException exception)
            {
                // Closed at once after the 400: a head that cannot be read says nothing of where its body ends.
                _logger.LogInformation("Stream refused: {Problem}", exception.Message);
                await IngestReply.WriteAsync(connection.Transport.Output, StreamStatus.MalformedRequest, 0, 0, 0,
                    $"{exception.Message}; send a request head of 'POST / HTTP/1.1', header lines 'Name: value' and a blank line");
                return;
            }
        }

        if (!isStream)
        {
            await _next(connection);
            return;
        }

        if (head is null)
        {
            return;
        }

        IPAddress? address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        if (_tokenGuesses.TryReserve(address, out TimeSpan retryAfter, out string refused) is not GuessAttempt attempt)
        {
            // Plotly's message says "this address", as the device's own table of statuses does: a /48 that has had too
            // many is named beside it.
            await IngestReply.WriteAsync(connection.Transport.Output, StreamStatus.TooManyGuesses, 0, 0, 0,
                detail: refused == FailureRateLimiter.ThisAddress ? null : "counted for " + refused,
                retryAfterSeconds: KeyGuessLimitMiddleware.RetryAfterSeconds(retryAfter));
            await RefusalDrain.SendAndDrainAsync(connection.Transport.Output, input, RefusalDrain.BodyAfterHead(head), _settings.RefusalDrainTime, serverStopping);
            return;
        }

        // The session gives the attempt back as soon as its token turns out known (or missing), not when the stream ends.
        var session = new IngestSession(input, connection.Transport.Output, head, _plots, _settings, _logger, attempt);
        await session.RunAsync(serverStopping);
    }

    /// <summary>Looks at the first bytes without consuming them, so Kestrel sees them too.</summary>
    private static async Task<bool> StartsWithIngestRequestAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult read = await input.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = read.Buffer;
            int length = (int)Math.Min(buffer.Length, s_ingestPrefix.Length);
            bool matchesSoFar = buffer.Slice(0, length).ToArray().AsSpan().SequenceEqual(s_ingestPrefix.AsSpan(0, length));
            if (!matchesSoFar || length == s_ingestPrefix.Length || read.IsCompleted)
            {
                // Consumed and examined nothing: the next reader gets the same bytes at once.
                input.AdvanceTo(buffer.Start);
                return matchesSoFar && length == s_ingestPrefix.Length;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>The request head, or null when the client closed before sending all of it.</summary>
    private static async Task<RequestHead?> ReadHeadAsync(PipeReader input, CancellationToken cancellationToken)
    {
        var parser = new RequestHeadParser();
        while (true)
        {
            ReadResult read = await input.ReadAsync(cancellationToken);
            if (parser.TryParse(read.Buffer, out RequestHead? head, out SequencePosition consumed))
            {
                input.AdvanceTo(consumed);
                return head;
            }

            input.AdvanceTo(consumed, read.Buffer.End);
            if (read.IsCompleted)
            {
                return null;
            }
        }
    }
}
