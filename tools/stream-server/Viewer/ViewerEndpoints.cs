using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Hosting;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>What a viewer reads: the plot page, the embeddable page, the figure as JSON, the live
/// events, and the page's static files.</summary>
public static class ViewerEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/~{user}/{number:int}", (string user, int number, HttpContext context, PlotRegistry plots, UserDirectory users) => Page(user, number, context, plots, users, embed: false));
        app.MapGet("/~{user}/{number:int}.embed", (string user, int number, HttpContext context, PlotRegistry plots, UserDirectory users) => Page(user, number, context, plots, users, embed: true));
        app.MapGet("/~{user}/{number:int}.json", FigureJson);
        app.MapGet("/~{user}/{number:int}/events", EventsAsync);
        app.MapGet("/~{user}/{number:int}/streams", StreamsJson);
        app.MapGet("/static/{name}", (string name, HttpContext context) => EmbeddedAssets.Serve(context, name));

        // Plotly's stream host answered 405 to anything but POST on "/". A POST that reaches this point came over
        // HTTP/2 (curl picks it over HTTPS), which the stream reader does not speak, or named its target otherwise than
        // "/" (a query string, an absolute URL: the stream reader takes "POST / " only, as every real client sends it), or
        // came after another request on a kept-alive connection: streams need their own.
        app.Map("/", (HttpContext context) => StreamOnKestrel(context));
    }

    private static IResult StreamOnKestrel(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return Results.Json(new { status = StreamStatus.NotPost, message = StreamStatus.Message(StreamStatus.NotPost) }, statusCode: StreamStatus.NotPost);
        }

        if (!HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            return Results.Json(new { status = StatusCodes.Status505HttpVersionNotsupported, message = $"streams need HTTP/1.1, not {context.Request.Protocol}: e.g. curl --http1.1" },
                statusCode: StatusCodes.Status505HttpVersionNotsupported);
        }

        string target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        return target != "/"
            ? Results.Json(new { status = 400, message = $"a stream's request target must be exactly '/', not '{target}': send 'POST / HTTP/1.1' with no query string or absolute URL" }, statusCode: 400)
            : Results.Json(new { status = 400, message = "start each stream on a new connection" }, statusCode: 400);
    }

    // A browser opening /~USER/N sends no credentials (none are asked for), so it is answered 404 like a guesser: the page
    // sends the person to the share link. One that came by the share link found the plot there, so it was deleted since.
    public static IResult NoSuchPlot(HttpContext context, string user, int number) => ShareLinkMiddleware.SharedPath(context) is not null
        ? ShareLinkMiddleware.Deleted(context)
        : RefusalPage.For(context, StatusCodes.Status404NotFound, $"there is no plot /~{user}/{number}", "No such plot",
            $"A browser sees a plot by its share link (/p/ followed by the plot's id), which its owner gets in the /clientresp answer "
            + $"and on the plot's page; /~{user}/{number} serves only programs that send its owner's name and API key.");

    public static IResult PlotDeleted(HttpContext context, string user, int number) =>
        RefusalPage.For(context, StatusCodes.Status410Gone, $"the owner deleted the plot /~{user}/{number}", "This plot was deleted",
            "Its number is given to no other plot; a new plot gets a new number and share link.");

    /// <summary>The plot when this request may read it: it came through the plot's share link, or it carries
    /// the owner's name and key (HTTP Basic). Without credentials /~USER/N answers as if there were no plot, so
    /// the sequential numbers tell a guesser nothing; wrong credentials answer 401 (and count as a guess). The owner
    /// hears 404 for a plot they do not have, 410 for one they deleted.</summary>
    private static async Task<(Plot? Plot, IResult Failure)> ReadableAsync(string user, int number, HttpContext context, PlotRegistry plots, UserDirectory users)
    {
        // Failure is made only when it is the answer (Results.Empty otherwise): a refusal sets its response headers as it is made.
        Plot? plot = plots.Find(user, number);
        if (ShareLinkMiddleware.SharedPath(context) is not null)
        {
            return (plot, plot is null ? NoSuchPlot(context, user, number) : Results.Empty);
        }

        (string? name, string? key) = BasicCredentials.Parse(context.Request.Headers.Authorization.FirstOrDefault());
        if (name is null)
        {
            return (null, NoSuchPlot(context, user, number));
        }

        if (name != user || !await users.AuthenticateAsync(context, name, key))
        {
            return (null, Results.Json(new { error = $"only the owner may read /~{user}/{number} without its share link: send Authorization: Basic with the owner's name and key" },
                statusCode: StatusCodes.Status401Unauthorized));
        }

        return (plot, plot is not null ? Results.Empty : plots.WasDeleted(user, number) ? PlotDeleted(context, user, number) : NoSuchPlot(context, user, number));
    }

    /// <summary>The path the page reads from and gives out: the plot's share link, also on the owner's /~OWNER/N page,
    /// whose address serves no one else (its share box would hand out a 404) and whose event stream and status polls
    /// would carry no credentials (a browser sends none unasked: /~OWNER/N answers 404, not 401, without them).</summary>
    private static string PublicPath(HttpContext context, Plot plot) =>
        ShareLinkMiddleware.SharedPath(context) ?? context.RequestServices.GetRequiredService<ShareLinks>().PathOf(plot);

    private static async Task<IResult> Page(string user, int number, HttpContext context, PlotRegistry plots, UserDirectory users, bool embed)
    {
        (Plot? readable, IResult failure) = await ReadableAsync(user, number, context, plots, users);
        if (readable is not Plot plot)
        {
            return failure;
        }

        // The embeddable page may be framed by any site; the full page (with the edit form) only by itself.
        context.Response.Headers.ContentSecurityPolicy = ViewerPage.ContentSecurityPolicy + (embed ? "; frame-ancestors *" : "; frame-ancestors 'self'");
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-cache";
        TimeSpan? pingInterval = context.RequestServices.GetService<EventStreamPings>()?.Interval;
        return Results.Content(ViewerPage.Render(plot, PublicPath(context, plot), embed, pingInterval), "text/html; charset=utf-8");
    }

    /// <summary>The figure as JSON: the plot's cached public figure (<see cref="Plot.PublicFigureUtf8Async"/>, written once per
    /// change of the plot, outside its lock) with this request's fields written after it, never parsed again.</summary>
    private static async Task FigureJson(string user, int number, HttpContext context, PlotRegistry plots, UserDirectory users, ShareLinks links)
    {
        (Plot? readable, IResult failure) = await ReadableAsync(user, number, context, plots, users);
        if (readable is not Plot plot)
        {
            await failure.ExecuteAsync(context);
            return;
        }

        await plot.CatchUpAsync();
        PublicFigure figure = await plot.PublicFigureUtf8Async();
        var fields = new JsonObject
        {
            ["filename"] = figure.Filename,
            ["path"] = plot.Path, // the owner's address; it serves only the owner
        };
        if (ShareLinkMiddleware.SharedPath(context) is null)
        {
            // The owner asked by /~USER/N: tell them the link to share.
            fields["share"] = links.PathOf(plot);
        }

        fields["streams"] = await StreamsAsync(plots, plot);
        // {"data":..,"layout":..} and {"filename":..,...} make one object: the first without its "}", the second without its "{".
        byte[] tail = JsonSerializer.SerializeToUtf8Bytes(fields);
        ReadOnlyMemory<byte> head = figure.Json[..^1];
        HttpResponse response = context.Response;
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.CacheControl = "no-cache";
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = head.Length + 1 + (tail.Length - 1);
        await response.Body.WriteAsync(head, context.RequestAborted);
        await response.Body.WriteAsync(","u8.ToArray(), context.RequestAborted);
        await response.Body.WriteAsync(tail.AsMemory(1), context.RequestAborted);
    }

    /// <summary>{"streams":[...],"now":..} : the streams as in the figure JSON, what the page polls to show the stream's
    /// state (live, heartbeat only, disconnected) without the whole figure; and the server's wall clock (Unix ms), from
    /// which the page finds the server's frame grid in its own time (wwwroot/viewer.js).</summary>
    private static async Task<IResult> StreamsJson(string user, int number, HttpContext context, PlotRegistry plots, UserDirectory users)
    {
        (Plot? readable, IResult failure) = await ReadableAsync(user, number, context, plots, users);
        if (readable is not Plot plot)
        {
            return failure;
        }

        context.Response.Headers.CacheControl = "no-cache";
        JsonArray streams = await StreamsAsync(plots, plot);
        return Results.Text(new JsonObject { ["streams"] = streams, ["now"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }.ToJsonString(), "application/json; charset=utf-8");
    }

    /// <summary>Each stream of the plot: its traces, whether it is connected, and what this connection received (in a
    /// cluster, on whichever node the device is connected to).</summary>
    private static async Task<JsonArray> StreamsAsync(PlotRegistry plots, Plot plot)
    {
        var streams = new JsonArray();
        foreach (StreamBinding stream in plots.StreamsOf(plot))
        {
            StreamCounts? elsewhere = stream.IsConnected || plots.Cluster is not IPlotCluster cluster ? null : await cluster.StreamElsewhereAsync(stream);
            StreamCounts counts = elsewhere ?? new StreamCounts(stream.Received, stream.Dropped, stream.Heartbeats);
            streams.Add(new JsonObject
            {
                ["traces"] = new JsonArray(stream.Target?.TraceIndices.Select(i => (JsonNode)i).ToArray() ?? []),
                ["connected"] = stream.IsConnected || elsewhere is not null,
                ["received"] = counts.Received,
                ["dropped"] = counts.Dropped,
                ["heartbeats"] = counts.Heartbeats,
            });
        }

        return streams;
    }

    /// <summary>Server-Sent Events: a "figure" snapshot first (or, with Last-Event-ID, the events
    /// missed since), then "frame", "relayout", "restyle" and "figure" events, each with an id.</summary>
    private static async Task EventsAsync(string user, int number, HttpContext context, PlotRegistry plots, UserDirectory users)
    {
        (Plot? readable, IResult failure) = await ReadableAsync(user, number, context, plots, users);
        if (readable is not Plot plot)
        {
            await failure.ExecuteAsync(context);
            return;
        }

        ConnectionLimits limits = context.RequestServices.GetRequiredService<ConnectionLimits>();
        if (limits.TryOpenEventStream(context.Connection.RemoteIpAddress, out IPAddress address) is string refusal)
        {
            await TryAgainLaterAsync(context, refusal);
            return;
        }

        try
        {
            await SubscribeAndWriteAsync(plot, user, number, context);
        }
        finally
        {
            limits.CloseEventStream(address);
        }
    }

    // A 503 for an event stream the server cannot take now, with the wait the connection limits give too.
    private static Task TryAgainLaterAsync(HttpContext context, string error)
    {
        context.Response.Headers.RetryAfter = ConnectionLimitMiddleware.RetryAfterSeconds;
        return PlotOwner.Failure(StatusCodes.Status503ServiceUnavailable, error).ExecuteAsync(context);
    }

    private static async Task SubscribeAndWriteAsync(Plot plot, string user, int number, HttpContext context)
    {
        string? lastEventId = context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? context.Request.Query["lastEventId"].FirstOrDefault();
        if (await plot.SubscribeAsync(lastEventId) is not Subscription subscription)
        {
            if (plot.IsDisposed)
            {
                // Deleted while this request waited for the plot's history: the page asks why, and its link says so.
                await NoSuchPlot(context, user, number).ExecuteAsync(context);
                return;
            }

            await TryAgainLaterAsync(context, "this plot has as many viewers as the server allows; try again later");
            return;
        }

        await EventStreamWriter.WriteAsync(context, subscription);
    }
}
