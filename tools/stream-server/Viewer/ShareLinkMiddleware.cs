using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Plots;
using Microsoft.AspNetCore.Http;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>Before routing: /p/ID, /p/ID.json, /p/ID.embed, /p/ID/events, /p/ID/streams (and the owner's /p/ID/layout,
/// /p/ID/restyle, which still need the key) are served as the plot's /~OWNER/N paths, marked as reached through
/// its share link (<see cref="SharedPath"/>), which is what lets a viewer read it without credentials. An
/// unknown id counts as a failed token guess for the client's address; the id of a deleted plot answers 410.</summary>
public static class ShareLinkMiddleware
{
    private const string SharedPathItem = "ShareLinkPath";
    private static readonly string[] s_suffixes = [".json", ".embed", "/events", "/streams", "/layout", "/restyle"];

    /// <summary>The /p/ID path this request came through, or null when it named /~OWNER/N itself.</summary>
    public static string? SharedPath(HttpContext context) => context.Items[SharedPathItem] as string;

    /// <summary>The answer to a share link whose plot its owner deleted: found deleted here, or deleted after this request
    /// came through (<see cref="ViewerEndpoints.NoSuchPlot"/>).</summary>
    public static IResult Deleted(HttpContext context) =>
        RefusalPage.For(context, StatusCodes.Status410Gone, "the owner deleted this plot", "This plot was deleted",
            "Its link shows no other plot. Ask the person who gave you the link for the link of a new one.");

    /// <summary>"N seconds" for a wait under two minutes, else whole minutes (rounded up): "Wait 3600 seconds" read as a riddle.</summary>
    public static string Wait(TimeSpan wait) => wait.TotalSeconds < 120
        ? $"{(int)Math.Ceiling(wait.TotalSeconds)} seconds"
        : $"{(int)Math.Ceiling(wait.TotalMinutes)} minutes";

    public static async Task InvokeAsync(HttpContext context, Func<Task> next, ShareLinks links, FailureRateLimiter tokenGuesses)
    {
        string path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(ShareLinks.Prefix, StringComparison.Ordinal))
        {
            await next();
            return;
        }

        string rest = path[ShareLinks.Prefix.Length..];
        string suffix = s_suffixes.FirstOrDefault(s => rest.EndsWith(s, StringComparison.Ordinal)) ?? "";
        string id = rest[..^suffix.Length];
        if (tokenGuesses.TryReserve(context.Connection.RemoteIpAddress, out TimeSpan retryAfter, out string refused) is not GuessAttempt attempt)
        {
            context.Response.Headers.RetryAfter = KeyGuessLimitMiddleware.RetryAfterSeconds(retryAfter);
            await RefusalPage.For(context, StatusCodes.Status429TooManyRequests, $"too many unknown links from {refused}; try again later", "Too many unknown links",
                $"Wait {Wait(retryAfter)}, then open the link again; check that it was copied whole.").ExecuteAsync(context);
            return;
        }

        Plot? found = links.Find(id);
        if (found is not null || links.NamesADeletedPlot(id))
        {
            attempt.GiveBack(); // a known link guessed nothing
        }

        if (found is not Plot plot)
        {
            if (links.NamesADeletedPlot(id))
            {
                // A link someone was given, not a guess: its open pages ask again, and must not use up their address's limit.
                await Deleted(context).ExecuteAsync(context);
                return;
            }

            attempt.Fail();
            await RefusalPage.For(context, StatusCodes.Status404NotFound, "there is no plot at this link", "No such plot",
                "Check that the whole link was copied: it is the one the plot's page or the /clientresp answer gave, ending in the plot's id after /p/. "
                + "If it is, the plot was never made on this server: ask the person who gave you the link for it again.").ExecuteAsync(context);
            return;
        }

        context.Items[SharedPathItem] = ShareLinks.Prefix + id;
        context.Request.Path = plot.Path + suffix;
        await next();
    }
}
