using System.Buffers;
using System.IO.Pipelines;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Storage;
using HeartRateStreamer.StreamServer.Viewer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Protocol;

/// <summary>POST /clientresp: Plotly's plot-creation call, as the npm plotly client and Plotly's
/// Arduino library send it (HTTP or HTTPS, with or without a form Content-Type).</summary>
public static class ClientRespEndpoint
{
    public const int MaxBodyBytes = 2 * 1024 * 1024;

    /// <summary>Retry-After of a form refused while too many forms' bytes are under way: a form takes seconds at most.</summary>
    public const string RetryAfterSeconds = "5";

    public static async Task<IResult> HandleAsync(HttpContext context, UserDirectory users, PlotRegistry plots, WriteBehindPersister persister, ServerAddresses addresses, ShareLinks shareLinks,
        ILoggerFactory loggers, FormBytesInFlight forms)
    {
        // Before a byte of it is read; past MaxBodyBytes it is refused below, reading nothing.
        long size = Math.Min(context.Request.ContentLength ?? MaxBodyBytes, MaxBodyBytes);
        if (forms.TryReserve(context.Connection.RemoteIpAddress, size, out System.Net.IPAddress address, out string? refusal) is bool addressFull)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            return Reply(addressFull ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable, ClientRespReply.Failure(refusal!));
        }

        try
        {
            return await HandleReservedAsync(context, users, plots, persister, addresses, shareLinks, loggers, forms.ReadTime);
        }
        finally
        {
            forms.Release(address, size);
        }
    }

    private static async Task<IResult> HandleReservedAsync(HttpContext context, UserDirectory users, PlotRegistry plots, WriteBehindPersister persister, ServerAddresses addresses,
        ShareLinks shareLinks, ILoggerFactory loggers, TimeSpan readTime)
    {
        ILogger logger = loggers.CreateLogger(typeof(ClientRespEndpoint));
        byte[]? body;
        // Kestrel's minimum data rate is averaged over the whole body, so a client that sent most of a form at once could
        // hold its reserved bytes for hours: the form must be read whole by this deadline.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(readTime);
        try
        {
            // By its Content-Length first: past Kestrel's own limit, reading would throw before our check could answer.
            body = context.Request.ContentLength > MaxBodyBytes ? null : await ReadBodyAsync(context.Request.BodyReader, deadline.Token);
        }
        catch (BadHttpRequestException exception)
        {
            return Reply(exception.StatusCode, ClientRespReply.Failure($"the form could not be read: {exception.Message}; send it again with a correct Content-Length or chunked framing"));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
            {
                context.Response.Headers.Connection = "close"; // the rest of the body is not waited for (HTTP/2 resets the stream)
            }

            return Reply(StatusCodes.Status408RequestTimeout, ClientRespReply.Failure(
                $"the form did not arrive whole within {readTime.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s; send it again, all at once"));
        }

        if (body is null)
        {
            return Reply(StatusCodes.Status413PayloadTooLarge, ClientRespReply.Failure($"the form is larger than {MaxBodyBytes} bytes; send less data in one plot and stream the rest"));
        }

        ClientRespRequest request;
        try
        {
            request = ClientRespRequest.From(ClientRespForm.Parse(body));
        }
        catch (FormatException exception)
        {
            return Reply(StatusCodes.Status400BadRequest, ClientRespReply.Failure($"bad plot request: {exception.Message}"));
        }

        // The npm and Arduino clients send the key as it is, not URL-encoded, so a '+' in it (a base64 key has them)
        // reads as a space. No key has a space (ApiKey.Validate), so a space can only have been a '+', and the key as sent
        // is not derived at all: one derivation per request, never two.
        if (!await users.AuthenticateAsync(context, request.User, request.Key.Replace(' ', '+')))
        {
            // The key is never logged, not even a wrong one; guessing is logged once per address by Accounts/FailureRateLimiter.
            logger.LogDebug("Plot request refused: wrong user name or key for user '{User}'", request.User);
            return Reply(StatusCodes.Status401Unauthorized, ClientRespReply.Failure($"user '{request.User}' does not exist or the key is wrong; use the name and key the server printed at start-up"));
        }

        // In a cluster every database step waits under one deadline: each alone is bounded only by Npgsql's timeouts (about
        // 20 s on a hung server, three steps in a row), and the device gives up after 20 s without the 503 that says why.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        int? number = null;
        if (plots.Cluster is IPlotCluster numbering)
        {
            // In a cluster a new plot's number comes from PostgreSQL, so two nodes never give one number to two plots.
            Task<int> reserving = numbering.ReservePlotNumberAsync(request.User, plots.NextNumber(request.User));
            if (!await EndsWithinAsync(reserving, DatabaseWait - waited.Elapsed))
            {
                // Not cancelled: the statement only takes a number, and one taken late stays unused (a gap, never a clash).
                _ = reserving.ContinueWith(late => logger.LogDebug("A plot number reserved after /clientresp's deadline ({Outcome}) stays unused",
                    late.IsCompletedSuccessfully ? late.Result.ToString(System.Globalization.CultureInfo.InvariantCulture) : late.Exception?.GetBaseException().Message),
                    TaskScheduler.Default);
                logger.LogError("Plot request of user {User} refused: no plot number was reserved within {Seconds} s", request.User, DatabaseWait.TotalSeconds);
                return Reply(StreamStatus.DatabaseError, ClientRespReply.Failure($"{StreamStatus.Message(StreamStatus.DatabaseError)}: "
                    + $"{DidNotAnswer}; no plot was made or changed, {TryAgain}"));
            }

            try
            {
                number = await reserving;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                string reason = $"{exception.GetType().Name}: {exception.Message}";
                logger.LogError("Plot request of user {User} refused: no plot number could be reserved in the database: {Reason}", request.User, reason);
                return Reply(StreamStatus.DatabaseError, ClientRespReply.Failure($"{StreamStatus.Message(StreamStatus.DatabaseError)}: "
                    + $"the database did not answer ({reason}); nothing was changed, try again in a moment"));
            }
        }

        Plot plot;
        bool created;
        IReadOnlyList<DetachedToken> detached;
        try
        {
            (plot, created, detached) = plots.Save(request.User, request.Plot, number);
        }
        catch (ArgumentException exception)
        {
            return Reply(StatusCodes.Status403Forbidden, ClientRespReply.Failure(exception.Message));
        }
        catch (UserLimitException exception)
        {
            logger.LogInformation("Plot request of user {User} refused: {Reason}", request.User, exception.Message);
            return Reply(StatusCodes.Status403Forbidden, ClientRespReply.Failure(exception.Message));
        }
        catch (PlotStillStoringException exception)
        {
            logger.LogInformation("Plot request of user {User} refused: {Reason}", request.User, exception.Message);
            return Reply(StreamStatus.DatabaseError, ClientRespReply.Failure($"{StreamStatus.Message(StreamStatus.DatabaseError)}: {exception.Message}"));
        }

        // Read now: once the answer is sent the request is gone, and in a cluster the steps below may outlast it.
        string viewerBase = addresses.BaseUrlFor(context.Request.IsHttps, context.Request.Host.Value ?? "");
        if (plots.Cluster is null)
        {
            return await SaveAndAnswerAsync(plots, persister, shareLinks, logger, request, plot, created, detached, viewerBase);
        }

        // Past the deadline the answer is a 503 while the steps go on: a transaction is not cut off mid-way, and what they
        // come to is handled as it would have been (the plot stored and the nodes told, or the saver retrying it whole, or
        // it dropped when the store holds another plot under its number); the device's retry overwrites it.
        Task<IResult> saving = Task.Run(() => SaveAndAnswerAsync(plots, persister, shareLinks, logger, request, plot, created, detached, viewerBase));
        if (await EndsWithinAsync(saving, DatabaseWait - waited.Elapsed))
        {
            return await saving;
        }

        _ = saving.ContinueWith(late => logger.LogInformation("Plot {Path} '{Filename}': its /clientresp was answered 503 at the deadline; its save then ended {Outcome}",
            plot.Path, plot.Filename, late.IsCompletedSuccessfully ? $"with {(late.Result as IStatusCodeHttpResult)?.StatusCode}" : late.Exception?.GetBaseException().Message),
            TaskScheduler.Default);
        logger.LogError("Plot {Path} '{Filename}' not stored within {Seconds} s; answered 503, the server keeps it and stores it once the database answers",
            plot.Path, plot.Filename, DatabaseWait.TotalSeconds);
        return Reply(StreamStatus.DatabaseError, ClientRespReply.Failure($"{StreamStatus.Message(StreamStatus.DatabaseError)}: {DidNotAnswer}, so the plot "
            + $"'{plot.Filename}'{(created ? "" : " as this request overwrote it")} is not stored yet. This server keeps it and stores it once the database "
            + $"answers (the cluster's other servers learn of it then); {TryAgain}"));
    }

    // How long /clientresp in a cluster waits for all its database work (the plot's number, its row, its save) before it
    // answers 503: the save's own bound, set so that the device still waits for the answer.
    private static TimeSpan DatabaseWait => WriteBehindPersister.SaveNowTimeout;

    private static string DidNotAnswer => $"the database did not answer within {DatabaseWait.TotalSeconds:0} s";

    private const string TryAgain = "try again in a moment (with fileopt \"overwrite\", so the plot is replaced, not copied)";

    // Whether the task ended within the wait; it is never cancelled, and its outcome is left to the caller.
    private static async Task<bool> EndsWithinAsync(Task task, TimeSpan wait)
    {
        using var timer = new CancellationTokenSource(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        await Task.WhenAny(task, Task.Delay(Timeout.Infinite, timer.Token));
        return task.IsCompleted;
    }

    // The plot's save and the answer: the request's HttpContext is not read here (in a cluster this may end after the answer).
    private static async Task<IResult> SaveAndAnswerAsync(PlotRegistry plots, WriteBehindPersister persister, ShareLinks shareLinks, ILogger logger,
        ClientRespRequest request, Plot plot, bool created, IReadOnlyList<DetachedToken> detached, string viewerBase)
    {
        // Plot definitions are written before the answer, so an acknowledged plot survives a crash.
        try
        {
            if (plots.Cluster is IPlotCluster cluster)
            {
                // A plot that lost a token is not saved whole from here: this node's copy of it may be older than its
                // builder's (its points would be replaced). Its stored row loses the token instead.
                if (await cluster.StoreAsync(plot, created, detached) is not IReadOnlyList<DetachedToken> takenOut)
                {
                    return Reply(StreamStatus.DatabaseError, ClientRespReply.Failure($"{StreamStatus.Message(StreamStatus.DatabaseError)}: "
                        + $"the plot number {plot.Number} was given to another plot at the same time; nothing was changed, try again"));
                }

                detached = takenOut; // with the versions their plots' rows had as the tokens were taken out (for TokensLeftAsync)

                cluster.ContinueAboveStored(plot);
                await persister.SaveNowAsync([plot]);
            }
            else
            {
                await persister.SaveNowAsync(detached.Select(d => d.Plot).Distinct().Append(plot).ToList());
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The plot stays: the saver keeps it marked (from PlotRegistry.Save on) and retries it whole, with what
            // streams into it, in one transaction; so no streamed object is stored without its plot.
            string reason = $"{exception.GetType().Name}: {exception.Message}";
            logger.LogError("Plot {Path} '{Filename}' could not be saved: {Reason}; the saver retries it", plot.Path, plot.Filename, reason);
            return Reply(StreamStatus.DatabaseError, ClientRespReply.Failure($"{StreamStatus.Message(StreamStatus.DatabaseError)}: "
                + $"the plot '{plot.Filename}' could not be saved ({reason}). The server keeps it and saves it once the database takes it; "
                + TryAgain));
        }
        // Every node reads the plot; one that had a token of it on another plot drops it from its copy of that plot
        // (PlotRegistry.Refresh). The plots that lost a token are not read again: a builder's copy would go back to the store's.
        if (plots.Cluster is IPlotCluster notified)
        {
            await notified.PlotStoredAsync(plot);
            if (!created)
            {
                // Last, just before the answer, as on one node: a delete on another node that reached the store before now,
                // before this save or after it (while the nodes read it), has not always sent its notice here yet.
                await notified.LeaveIfDeletedAsync(plot);
            }
        }

        if (plot.SaverAccess == SaverAccess.Dropped)
        {
            // Its owner deleted it while this request overwrote it (the delete reached the store before this answer, on this
            // node or another): the plot is gone. The tokens it took from other plots are not given back; every node drops them.
            // Whether every node said so: otherwise the answer does not claim it.
            bool everywhere = detached.Count == 0 || plots.Cluster is not IPlotCluster told || await told.TokensLeftAsync(detached);
            return Reply(StatusCodes.Status409Conflict, ClientRespReply.Failure(DeletedWhileOverwritten(plot, detached, everywhere)));
        }

        logger.LogInformation("Plot {Path} '{Filename}' saved with {Streams} stream token(s)", plot.Path, plot.Filename, plot.StreamTokens().Count);

        string url = viewerBase + shareLinks.PathOf(plot); // unguessable: plot numbers are sequential
        return Reply(StatusCodes.Status200OK, new ClientRespReply
        {
            StreamStatus = "All Streams Go!",
            StreamHost = viewerBase,
            Url = url,
            Filename = plot.Filename,
            Message = $"High five! Your plot is at {url} where it is named '{plot.Filename}'. Stream to {viewerBase} with a plotly-streamtoken header.",
            Warning = string.Join("; ", request.Warnings),
        });
    }

    // What is left of an overwrite that lost to a delete: the tokens it took from the owner's other plots were taken out of
    // them (in the store too) before the delete was known, and are not given back (a cluster's nodes drop them as well,
    // IPlotCluster.TokensLeftAsync), so the answer names those plots rather than saying that nothing was kept. Only when
    // every node said it dropped them (<paramref name="everywhere"/>) does it say they are out of them all; otherwise a node
    // may still feed those plots with them, until the tokens are bound again: the request sent once the cluster is reachable.
    private static string DeletedWhileOverwritten(Plot plot, IReadOnlyList<DetachedToken> detached, bool everywhere)
    {
        string deleted = $"the plot '{plot.Filename}' was deleted while this request overwrote it";
        if (detached.Count == 0)
        {
            return deleted + ", and nothing of the request was kept; send it again to make the plot anew";
        }

        string left = string.Join(", ", detached.GroupBy(d => d.Plot).Select(g => $"{g.Key.Path} '{g.Key.Filename}' ({g.Count()} token{(g.Count() == 1 ? "" : "s")})"));
        if (!everywhere)
        {
            return deleted + $": the plot is gone with this request's traces and layout, but the stream tokens it took from your other plots "
                + $"were taken out of them in the store and on this server, and are not given back: {left}. Not every server of the cluster "
                + "confirmed it dropped them (the cluster's Redis is unreachable or a server did not answer in time), so on some server those "
                + "plots may still take the tokens and show what a device streams to them. Send the request again once the cluster is "
                + "reachable: the plot is made anew with them on every server";
        }

        return deleted + $": the plot is gone with this request's traces and layout, but the stream tokens it took from your other plots "
            + $"were taken out of them all the same, and are not given back: {left}. Send the request again to make the plot anew with "
            + "them, or overwrite a plot they left with its tokens to stream to it again";
    }

    private static IResult Reply(int status, ClientRespReply reply) => Results.Json(reply, statusCode: status);

    /// <summary>The whole body, or null when it is over <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult read = await reader.ReadAsync(cancellationToken);
            if (read.Buffer.Length > MaxBodyBytes)
            {
                reader.AdvanceTo(read.Buffer.Start);
                return null;
            }

            if (read.IsCompleted)
            {
                byte[] body = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return body;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }
}
