using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Plots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>GET /~USER, by that user (HTTP Basic): every plot they own, in number order, with its owner path, share link
/// and bytes held, and how much of their limits they use. What an owner reads to find the plots to delete
/// (DELETE /~USER/N), since Plotly clients make a new one on every run unless told to overwrite.</summary>
public static class OwnerPlotsEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/~{user}", List);

    private static async Task<IResult> List(string user, HttpContext context, PlotRegistry plots, UserDirectory users, ShareLinks links)
    {
        (string? name, string? key) = BasicCredentials.Parse(context.Request.Headers.Authorization.FirstOrDefault());
        if (name != user || !await users.AuthenticateAsync(context, name, key))
        {
            // The same answer whether the user exists or not: only their own key lists their plots.
            return PlotOwner.Failure(StatusCodes.Status401Unauthorized, $"only '{user}' may list their plots: send Authorization: Basic with the user name and API key");
        }

        List<Plot> owned = plots.All.Where(plot => plot.Owner == user).OrderBy(plot => plot.Number).ToList();
        var list = new JsonArray();
        foreach (Plot plot in owned)
        {
            list.Add(new JsonObject
            {
                ["number"] = plot.Number,
                ["filename"] = plot.Filename,
                ["path"] = plot.Path,
                ["share"] = links.PathOf(plot),
                ["bytes"] = plot.HeldBytes,
            });
        }

        UserLimits limits = plots.UserLimits;
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Text(new JsonObject
        {
            ["user"] = user,
            ["plots"] = list,
            ["limits"] = new JsonObject
            {
                ["plots"] = limits.Plots,
                ["bytes"] = limits.PlotBytes,
                ["bytesUsed"] = owned.Sum(plot => plot.HeldBytes),
            },
        }.ToJsonString(), "application/json; charset=utf-8");
    }
}
