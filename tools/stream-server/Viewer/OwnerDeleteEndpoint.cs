using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>DELETE /~USER/N, by the owner (HTTP Basic, as the owner's edits): the plot leaves the store and every node. Its
/// viewers' streams end, its link and share link lead nowhere, its tokens feed nothing (a device streaming with one is
/// answered 403, then 404, and makes its plot again), and its number is never given to another plot. Plotly clients make
/// a new plot on every run unless told to overwrite, so this is how an owner stays under --max-plots-per-user.</summary>
public static class OwnerDeleteEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app.MapDelete("/~{user}/{number:int}", DeleteAsync);

    private static async Task<IResult> DeleteAsync(string user, int number, HttpContext context, PlotRegistry plots, UserDirectory users,
        WriteBehindPersister persister, ILoggerFactory loggers)
    {
        (Plot? plot, IResult? refused) = await PlotOwner.AuthorizeAsync(user, number, context, plots, users, "delete");
        if (plot is null)
        {
            return refused!;
        }

        ILogger logger = loggers.CreateLogger(typeof(OwnerDeleteEndpoint));
        if (plots.Cluster is IPlotCluster { CanTellNodes: false })
        {
            return PlotOwner.Failure(StatusCodes.Status503ServiceUnavailable,
                "the plot was not deleted: this node cannot reach the cluster's Redis now, so the other nodes would not hear of it; try again in a moment");
        }

        try
        {
            // The store first: when it fails, the plot stays as it was everywhere.
            await persister.DeleteAsync(plot);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            string reason = $"{exception.GetType().Name}: {exception.Message}";
            logger.LogError("Plot {Path} '{Filename}' could not be deleted: {Reason}", plot.Path, plot.Filename, reason);
            return PlotOwner.Failure(StatusCodes.Status503ServiceUnavailable,
                $"the plot could not be deleted now ({reason}); ask again in a moment (asking twice is harmless)");
        }

        plots.Delete(plot.Owner, plot.Number);
        if (plots.Cluster is IPlotCluster cluster)
        {
            await cluster.PlotStoredAsync(plot); // every node reads it as deleted before the owner hears it is gone
        }

        logger.LogInformation("Plot {Path} '{Filename}' deleted by its owner", plot.Path, plot.Filename);
        return Results.Json(new { error = "", message = $"plot {plot.Path} '{plot.Filename}' was deleted; its number is not given again" });
    }
}
