using System.Text.Json;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Plots;
using HeartRateStreamer.StreamServer.Values;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>The owner's live edits, authenticated with HTTP Basic (user name and API key):
/// POST /~USER/N/layout with a relayout object, POST /~USER/N/restyle with
/// {"update": {...}, "traces": [0]} (traces: an index or an array of them, as plotly.js's restyle takes; absent for all). Every viewer gets the change at once; data is never touched.</summary>
public static class OwnerEditEndpoints
{
    public const int MaxBodyBytes = 64 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/~{user}/{number:int}/layout", Relayout);
        app.MapPost("/~{user}/{number:int}/restyle", Restyle);
    }

    private static async Task<IResult> Relayout(string user, int number, HttpContext context, PlotRegistry plots, UserDirectory users)
    {
        (Plot? plot, JsonObject? body, IResult? failure) = await AuthorizeAsync(user, number, context, plots, users);
        if (failure is not null)
        {
            return failure;
        }

        if (body!.Select(entry => AttributePath.Problem(entry.Key)).FirstOrDefault(problem => problem is not null) is string problem)
        {
            return Failure(StatusCodes.Status400BadRequest, problem);
        }

        string? refused;
        try
        {
            refused = plot!.Relayout(body!);
        }
        catch (PlotRemovedException)
        {
            return Removed(plot!, plots);
        }

        return refused is null ? Results.Json(new { error = "" }) : Failure(StatusCodes.Status413PayloadTooLarge, refused);
    }

    private static async Task<IResult> Restyle(string user, int number, HttpContext context, PlotRegistry plots, UserDirectory users)
    {
        (Plot? plot, JsonObject? body, IResult? failure) = await AuthorizeAsync(user, number, context, plots, users);
        if (failure is not null)
        {
            return failure;
        }

        if (body!["update"] is not JsonObject update)
        {
            return Failure(StatusCodes.Status400BadRequest, "the body must be {\"update\": {\"line.color\": \"red\"}, \"traces\": [0]} (traces optional: all)");
        }

        JsonObject paths = StyleUpdate.Normalize(update, out string? problem);
        if (problem is not null)
        {
            return Failure(StatusCodes.Status400BadRequest, problem);
        }

        // As plotly.js's restyle takes them: absent (or null) for every trace, one index, or an array of them.
        List<int>? traces = null;
        if (body["traces"] is JsonNode named)
        {
            List<int?> whole = named is JsonArray indices ? indices.Select(TraceIndex).ToList() : [TraceIndex(named)];
            if (whole.Any(i => i is null))
            {
                return Failure(StatusCodes.Status400BadRequest,
                    $"traces must be a trace index such as 0, or an array of trace indices such as [0, 1] (leave it out for every trace), not {Kind(named)}");
            }

            traces = whole.Select(i => i!.Value).ToList();
        }

        string? refused;
        try
        {
            refused = plot!.Restyle(paths, traces);
        }
        catch (PlotRemovedException)
        {
            return Removed(plot!, plots);
        }
        catch (ArgumentException exception)
        {
            return Failure(StatusCodes.Status400BadRequest, exception.Message);
        }

        return refused is null ? Results.Json(new { error = "" }) : Failure(StatusCodes.Status413PayloadTooLarge, refused);
    }

    // Numbers only, and whole ones in int range: "1", 1e999 or 0.5 name no trace.
    private static int? TraceIndex(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out double d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue
            ? (int)d
            : null;

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Array => "an array with something other than trace indices in it",
        JsonValueKind.Number => "a number that is no trace index",
        JsonValueKind.String => "a string",
        JsonValueKind.Object => "an object",
        JsonValueKind kind => kind.ToString().ToLowerInvariant(),
    };

    private static async Task<(Plot?, JsonObject?, IResult?)> AuthorizeAsync(string user, int number, HttpContext context, PlotRegistry plots, UserDirectory users)
    {
        (Plot? plot, IResult? refused) = await PlotOwner.AuthorizeAsync(user, number, context, plots, users, "edit");
        if (plot is null)
        {
            return (null, null, refused);
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (plot, null, Failure(StatusCodes.Status413PayloadTooLarge, $"the update is larger than {MaxBodyBytes} bytes"));
        }

        try
        {
            // Read as bytes and checked as bytes, so invalid UTF-8 is refused as in a stream line, not replaced with U+FFFD.
            byte[] buffer = new byte[MaxBodyBytes + 1];
            int length = 0;
            int read;
            while (length < buffer.Length && (read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted)) > 0)
            {
                length += read;
            }

            if (length > MaxBodyBytes)
            {
                return (plot, null, Failure(StatusCodes.Status413PayloadTooLarge, $"the update is larger than {MaxBodyBytes} bytes"));
            }

            // The restyle body wraps its values in {"update": ...}: one level more than a relayout's.
            if (!ValueValidator.TryParse(buffer.AsSpan(0, length), ValueLimits.MaxValueDepth + 2, out JsonNode? parsed, out string? problem))
            {
                return (plot, null, Failure(StatusCodes.Status400BadRequest, $"the body is refused: {problem}"));
            }

            return parsed is JsonObject body
                ? (plot, body, null)
                : (plot, null, Failure(StatusCodes.Status400BadRequest, "the body must be a JSON object"));
        }
        catch (IOException exception)
        {
            return (plot, null, Failure(StatusCodes.Status400BadRequest, $"the body could not be read: {exception.Message}"));
        }
    }

    // The plot was found, then left the server while the body was read (a DELETE in between): 410 as its link answers now.
    private static IResult Removed(Plot plot, PlotRegistry plots) =>
        Failure(StatusCodes.Status410Gone, plots.WasDeleted(plot.Owner, plot.Number)
            ? $"the owner deleted the plot {plot.Path} while this edit was on its way; nothing was changed"
            : $"the plot {plot.Path} left this server while this edit was on its way; nothing was changed: "
                + $"list the plots that are here with GET /~{plot.Owner}");

    private static IResult Failure(int status, string error) => PlotOwner.Failure(status, error);
}
