using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Plots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>The owner's live edits, authenticated with HTTP Basic (user name and API key):
/// POST /~USER/N/layout with a relayout object, POST /~USER/N/restyle with
/// {"update": {...}, "traces": [0]}. Every viewer gets the change at once; data is never touched.</summary>
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

        if (Validate(body!, refuseStreamKeys: false) is string problem)
        {
            return Failure(StatusCodes.Status400BadRequest, problem);
        }

        plot!.Relayout(body!);
        return Results.Json(new { error = "" });
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

        if (Validate(update, refuseStreamKeys: true) is string problem)
        {
            return Failure(StatusCodes.Status400BadRequest, problem);
        }

        List<int>? traces = null;
        if (body["traces"] is JsonArray indices)
        {
            if (indices.Any(i => i?.GetValueKind() != JsonValueKind.Number))
            {
                return Failure(StatusCodes.Status400BadRequest, "traces must be an array of trace indices such as [0, 1]");
            }

            traces = indices.Select(i => (int)i!.GetValue<double>()).ToList();
        }

        try
        {
            plot!.Restyle(update, traces);
        }
        catch (ArgumentException exception)
        {
            return Failure(StatusCodes.Status400BadRequest, exception.Message);
        }

        return Results.Json(new { error = "" });
    }

    private static string? Validate(JsonObject update, bool refuseStreamKeys)
    {
        foreach (string key in update.Select(entry => entry.Key))
        {
            if (!JsonPath.IsValidPath(key))
            {
                return $"'{key}' is not an attribute path like \"title.text\"";
            }

            if (refuseStreamKeys && DataColumns.IsReservedForStreams(key))
            {
                return $"'{key}' is data or stream settings; restyle changes style only (data comes through the stream token)";
            }
        }

        return null;
    }

    private static async Task<(Plot?, JsonObject?, IResult?)> AuthorizeAsync(string user, int number, HttpContext context, PlotRegistry plots, UserDirectory users)
    {
        if (plots.Find(user, number) is not Plot plot)
        {
            return (null, null, ViewerEndpoints.NoSuchPlot(user, number));
        }

        (string? name, string? key) = BasicCredentials(context.Request.Headers.Authorization.FirstOrDefault());
        if (name != plot.Owner || !users.Authenticate(name, key))
        {
            // No WWW-Authenticate header: a browser must not pop up its own login and remember the key.
            return (plot, null, Failure(StatusCodes.Status401Unauthorized, $"only the owner '{plot.Owner}' may edit this plot: send Authorization: Basic with the user name and API key"));
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (plot, null, Failure(StatusCodes.Status413PayloadTooLarge, $"the update is larger than {MaxBodyBytes} bytes"));
        }

        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            char[] buffer = new char[MaxBodyBytes + 1];
            int length = await reader.ReadBlockAsync(buffer, context.RequestAborted);
            if (length > MaxBodyBytes)
            {
                return (plot, null, Failure(StatusCodes.Status413PayloadTooLarge, $"the update is larger than {MaxBodyBytes} bytes"));
            }

            return JsonNode.Parse(new string(buffer, 0, length)) is JsonObject body
                ? (plot, body, null)
                : (plot, null, Failure(StatusCodes.Status400BadRequest, "the body must be a JSON object"));
        }
        catch (JsonException exception)
        {
            return (plot, null, Failure(StatusCodes.Status400BadRequest, $"the body is not valid JSON: {exception.Message}"));
        }
    }

    private static (string? Name, string? Key) BasicCredentials(string? authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out AuthenticationHeaderValue? header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return (null, null);
        }

        try
        {
            string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            int colon = decoded.IndexOf(':');
            return colon < 0 ? (null, null) : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

    private static IResult Failure(int status, string error) => Results.Json(new { error }, statusCode: status);
}
