using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Protocol;
using HeartRateStreamer.StreamServer.Values;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Ingest;

/// <summary>One streaming connection after its request head: checks the token, then applies each
/// '\n'-terminated JSON object to the token's plot until the body ends (200) or something ends
/// it early (408 stale, 413, 422, 423 taken over, 403). Answers once, at the end.</summary>
public sealed class IngestSession
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly RequestHead _head;
    private readonly PlotRegistry _plots;
    private readonly IngestSettings _settings;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _takeover = new();
    private readonly CancellationTokenSource _stale = new();
    private readonly LineBuffer _lines = new();
    private UserByteBudget? _lineBudget; // the plot owner's, once the token is known
    private long _lineBytesHeld; // of _lineBudget: what _lines holds beyond LineBuffer.InitialBytes
    private long _received;
    private long _dropped;
    private long _heartbeats;
    private string? _detail; // what was wrong and what to do, for the answer
    private IBodyDecoder? _unreadBody; // the body while some of it may still come: what a refusal drains (RefusalDrain)
    private readonly GuessAttempt? _tokenGuess; // the address's attempt the token takes until it is known (Accounts/FailureRateLimiter)

    /// <param name="tokenGuess">The attempt <see cref="FailureRateLimiter.TryReserve"/> took for this connection: given back
    /// once the token turns out known or missing, kept for an unknown one.</param>
    public IngestSession(PipeReader input, PipeWriter output, RequestHead head, PlotRegistry plots, IngestSettings settings, ILogger logger,
        GuessAttempt? tokenGuess = null)
    {
        _tokenGuess = tokenGuess;
        _input = input;
        _output = output;
        _head = head;
        _plots = plots;
        _settings = settings;
        _logger = logger;
    }

    /// <summary>A newer connection with the same token ends this one (Plotly: "the oldest
    /// connection will be terminated").</summary>
    public void TakeOver()
    {
        try
        {
            _takeover.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream had ended already (a takeover from another node can come that late): nothing is left to end.
        }
    }

    /// <summary>The status this stream was answered with, once <see cref="RunAsync"/> has finished (null: no answer).</summary>
    public int? AnsweredStatus { get; private set; }

    public async Task RunAsync(CancellationToken serverStopping)
    {
        int? status;
        try
        {
            status = await StreamAsync(serverStopping);
        }
        catch (OperationCanceledException) when (serverStopping.IsCancellationRequested)
        {
            status = null; // stopping: no answer, as at any server restart (the 100-continue flush can be cancelled)
        }
        catch (IOException)
        {
            status = null; // the client is gone: nobody to answer
        }
        catch (Exception exception)
        {
            // A bug must cost this connection only: answered, logged with its plot, and the server goes on.
            _logger.LogError(exception, "Stream with token for {Plot} failed", _plots.FindStream(_head.Header("plotly-streamtoken")?.Trim() ?? "")?.Target?.Plot.Path ?? "no plot");
            status = StreamStatus.ServerError;
            _detail = "the server could not apply a line; the stream was ended";
            _unreadBody = null; // where the failure left the decoder and the pipe is unknown: closed, not drained

        }

        AnsweredStatus = status;
        try
        {
            if (status is int code)
            {
                await IngestReply.WriteAsync(_output, code, _received, _dropped, _heartbeats, _detail);
                await RefusalDrain.SendAndDrainAsync(_output, _input, _unreadBody, _settings.RefusalDrainTime, serverStopping);
            }
        }
        finally
        {
            // Only now: the line buffer is held until the drain ends, and counts in the owner's budget as long.
            _lineBudget?.Release(_lineBytesHeld);
            _lineBytesHeld = 0;
            _takeover.Dispose();
            _stale.Dispose();
        }
    }

    /// <summary>The status to answer with, or null when there is nobody to answer (the client
    /// vanished, or the server is stopping).</summary>
    private async Task<int?> StreamAsync(CancellationToken serverStopping)
    {
        string? token = _head.Header("plotly-streamtoken")?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            _tokenGuess?.GiveBack(); // nothing was tried
            _unreadBody = RefusalDrain.BodyAfterHead(_head);
            return Answer(StreamStatus.MissingToken, "send the stream token of one of the plot's traces (its stream.token in the /clientresp "
                + "request that made the plot) in the plotly-streamtoken header");
        }

        StreamBinding? binding = _plots.FindStream(token);
        if (binding?.Target is not StreamTarget target)
        {
            _tokenGuess?.Fail();
            _logger.LogDebug("Stream refused: unknown stream token"); // Accounts/FailureRateLimiter logs guessing once
            _unreadBody = RefusalDrain.BodyAfterHead(_head);
            return Answer(StreamStatus.UnknownToken, "no plot on this server has a trace with this stream token: make the plot with /clientresp, "
                + "giving the token as a trace's stream.token, then stream again");
        }

        _tokenGuess?.GiveBack();

        IBodyDecoder? decoder = IBodyDecoder.For(_head, out string? framingProblem);
        if (decoder is null)
        {
            return Refuse(StreamStatus.MalformedRequest, framingProblem!); // a framing the server cannot decode: its end cannot be found
        }

        if (string.Equals(_head.Header("Expect"), "100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await IngestReply.WriteContinueAsync(_output);
            await _output.FlushAsync(serverStopping);
        }

        _unreadBody = decoder;
        _lineBudget = _plots.LineBudgetOf(target.Plot.Owner);
        binding.Attach(this)?.TakeOver();
        _plots.Cluster?.StreamConnected(binding, target.Plot); // and on the other nodes too
        _logger.LogInformation("Stream to {Plot} traces [{Traces}] connected", target.Plot.Path, string.Join(",", target.TraceIndices));
        try
        {
            int? status = await ReadBodyAsync(binding, decoder, serverStopping);
            _logger.LogInformation("Stream to {Plot} ended with {Status}: {Received} objects, {Dropped} dropped (by the throttle, or landed in no trace), {Heartbeats} heartbeats",
                target.Plot.Path, status?.ToString() ?? "no answer", _received, _dropped, _heartbeats);
            return status;
        }
        finally
        {
            binding.Detach(this);
            _plots.Cluster?.StreamEnded(binding, target.Plot);
        }
    }

    private async Task<int?> ReadBodyAsync(StreamBinding binding, IBodyDecoder decoder, CancellationToken serverStopping)
    {
        _stale.CancelAfter(_settings.StaleTimeout);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(_stale.Token, _takeover.Token, serverStopping);
        var nothing = new SequenceReader<byte>(ReadOnlySequence<byte>.Empty);
        if (decoder.Decode(ref nothing, _lines) == BodyStatus.Done)
        {
            _unreadBody = null;
            return StreamStatus.HealthyDisconnect; // Content-Length: 0 ends here, whether or not the client closes
        }

        while (true)
        {
            ReadResult read;
            try
            {
                read = await _input.ReadAsync(ended.Token);
            }
            catch (OperationCanceledException)
            {
                if (!_takeover.IsCancellationRequested)
                {
                    _unreadBody = null; // stale: a client that has sent nothing for so long has nothing on its way to drain
                }

                return _takeover.IsCancellationRequested ? Answer(StreamStatus.TakenOver, "a newer connection streams with this token, and a "
                        + "token streams on one connection at a time (the oldest is ended); if two devices or programs share the token, give each its own")
                    : serverStopping.IsCancellationRequested ? null
                    : Answer(StreamStatus.Stale, $"nothing came for {_settings.StaleTimeout.TotalSeconds} s (--stale-seconds): send an object or a "
                        + "heartbeat ('\\n') at least that often");
            }
            catch (IOException)
            {
                return null;
            }

            long appendedBefore = _lines.BytesAppended;
            BodyStatus body = Decode(decoder, read.Buffer);
            if (body != BodyStatus.NeedMoreData || read.IsCompleted)
            {
                _unreadBody = null; // ended, or its framing broke (its end cannot be found), or the client closed its side
            }

            if (_lines.BytesAppended != appendedBefore)
            {
                // Any body byte shows the client is alive, a heartbeat or part of a long line sent slowly (a device
                // resending a 10,000-point window on a poor link can take more than --stale-seconds over one line).
                _stale.CancelAfter(_settings.StaleTimeout);
            }

            int? failure = HoldLineBytes() ?? HandleCompleteLines(binding);
            _lines.ShrinkWhenShort();
            HoldLineBytes();
            if (failure is not null)
            {
                return failure;
            }

            if (body == BodyStatus.Malformed)
            {
                return Refuse(StreamStatus.MalformedRequest, decoder.Problem!);
            }

            if (body == BodyStatus.Done || (read.IsCompleted && decoder.EndsWithConnection))
            {
                // A last object sent without its '\n' still counts.
                return _lines.PendingLength == 0 ? StreamStatus.HealthyDisconnect : HandleLine(binding, _lines.TakeRest()) ?? StreamStatus.HealthyDisconnect;
            }

            if (read.IsCompleted)
            {
                return null;
            }
        }
    }

    private BodyStatus Decode(IBodyDecoder decoder, ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        BodyStatus status = decoder.Decode(ref reader, _lines);
        _input.AdvanceTo(reader.Position, buffer.End);
        return status;
    }

    // Brings what this connection holds of its owner's line budget up to date with its buffer; a buffer that grew past
    // the budget (many connections of one user in the middle of long lines) ends this stream with 413.
    private int? HoldLineBytes()
    {
        long held = _lines.Capacity - LineBuffer.InitialBytes;
        long grown = held - _lineBytesHeld;
        if (grown == 0)
        {
            return null;
        }

        _lineBudget!.Add(grown);
        _lineBytesHeld = held;
        if (grown > 0 && _lineBudget.IsOver)
        {
            return Refuse(StreamStatus.LineTooLong, $"the streams to this user's plots hold {_lineBudget.Used} bytes of unfinished lines together, past the "
                + $"server's {_lineBudget.Limit} (--user-line-bytes): send shorter lines, or fewer long ones at once");
        }

        return null;
    }

    private int? HandleCompleteLines(StreamBinding binding)
    {
        while (_lines.TryReadLine(out ReadOnlySpan<byte> line))
        {
            if (HandleLine(binding, line) is int failure)
            {
                return failure;
            }
        }

        if (_lines.PendingLength <= _settings.MaxLineBytes)
        {
            return null;
        }

        // A chunk is held whole until the CRLF after it (ChunkedBodyDecoder), so a long one counts here with the line before it.
        return _lines.PendingLength - _lines.HeldLength > _settings.MaxLineBytes ? RefuseLongLine()
            : Refuse(StreamStatus.LineTooLong, $"a chunk is longer than {_settings.MaxLineBytes} bytes (--max-line-bytes) with the unfinished line before it; "
                + "the server holds each chunk until the CRLF after it shows its size was right: send smaller chunks");
    }

    private int? HandleLine(StreamBinding binding, ReadOnlySpan<byte> line)
    {
        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            // A stream that only keeps alive (a reading that does not change sends nothing else) hears too that its
            // token was dropped, or it would never make its plot again.
            if (binding.Target is null)
            {
                return TokenNoLongerBound();
            }

            _heartbeats++;
            binding.CountHeartbeat();
            return null;
        }

        if (line.Length > _settings.MaxLineBytes)
        {
            return RefuseLongLine();
        }

        // Everything is checked before the plot sees it: a refused line changes nothing.
        if (!ValueValidator.TryParse(line, StreamedObject.MaxLineDepth, out JsonNode? parsed, out string? problem))
        {
            return Refuse(StreamStatus.BadJson, problem);
        }

        if (parsed is not JsonObject streamed)
        {
            return Refuse(StreamStatus.BadJson, "a line must be one JSON object such as {\"x\":1,\"y\":2}");
        }

        if (StreamedObject.Problem(streamed) is string objectProblem)
        {
            return Refuse(StreamStatus.BadJson, objectProblem);
        }

        if (!binding.Throttle.TryAccept())
        {
            _dropped++;
            binding.CountDropped();
            return null;
        }

        if (binding.Target is not StreamTarget target)
        {
            return TokenNoLongerBound();
        }

        StreamedResult result = target.Plot.ApplyStreamObject(target.TraceIndices, streamed, binding.Token);
        switch (result.Outcome)
        {
            case StreamedOutcome.OverBudget:
                return Refuse(StreamStatus.LineTooLong, result.Problem!);
            case StreamedOutcome.QueueFull:
                return Refuse(StreamStatus.Unavailable, result.Problem!);
            case StreamedOutcome.NoTrace:
                // An overwrite took the token's traces away as it arrived: the object is in no plot, so not received. The
                // next line goes to the traces the overwrite bound the token to, or is answered 403 if it dropped the token.
                _dropped++;
                binding.CountDropped();
                return null;
        }

        _received++;
        binding.CountReceived();
        return null;
    }

    private int Refuse(int status, string detail)
    {
        _detail = detail;
        _logger.LogInformation("Stream line refused with {Status}: {Detail}", status, detail);
        return status;
    }

    // An answer that is not about a line: the caller has logged what it needs to.
    private int Answer(int status, string detail)
    {
        _detail = detail;
        return status;
    }

    private int TokenNoLongerBound() => Answer(StreamStatus.TokenNoLongerBound, "the plot no longer streams this token (a /clientresp "
        + "overwrite left it out, or the plot was deleted): make the plot again with the token as a trace's stream.token");

    private int RefuseLongLine() => Refuse(StreamStatus.LineTooLong,
        $"a line is longer than {_settings.MaxLineBytes} bytes (--max-line-bytes): end each JSON object with \\n and keep it shorter");
}
