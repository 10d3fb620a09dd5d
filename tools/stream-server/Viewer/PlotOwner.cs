using HeartRateStreamer.StreamServer.Accounts;
using HeartRateStreamer.StreamServer.Plots;
using Microsoft.AspNetCore.Http;

namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>Who may change or delete a plot: its owner, by HTTP Basic with the user name and API key. No
/// WWW-Authenticate header is sent: a browser must not pop up its own login and remember the key.</summary>
internal static class PlotOwner
{
    /// <summary>The plot, when the request carries its owner's credentials; otherwise the answer to give (404, 401).</summary>
    public static async Task<(Plot? Plot, IResult? Failure)> AuthorizeAsync(string user, int number, HttpContext context, PlotRegistry plots, UserDirectory users, string action)
    {
        (string? name, string? key) = BasicCredentials.Parse(context.Request.Headers.Authorization.FirstOrDefault());
        if (plots.Find(user, number) is not Plot plot)
        {
            // Its owner hears that it was deleted (a client that lost the answer to its DELETE asks again).
            return (null, name == user && plots.WasDeleted(user, number) && await users.AuthenticateAsync(context, name, key)
                ? ViewerEndpoints.PlotDeleted(context, user, number)
                : ViewerEndpoints.NoSuchPlot(context, user, number));
        }

        return name == plot.Owner && await users.AuthenticateAsync(context, name, key)
            ? (plot, null)
            : (null, Failure(StatusCodes.Status401Unauthorized, Refusal(plot.Owner, name, key, action)));
    }

    // What was wrong with the credentials, and what to send: the owner's name with a key that is not the owner's (the
    // page's edit form sends the owner's name, so the key is all its user can have got wrong), another user's name, or none.
    private static string Refusal(string owner, string? name, string? key, string action) =>
        name == owner && !string.IsNullOrEmpty(key)
            ? $"the API key is wrong for '{owner}': only the owner '{owner}' may {action} this plot; send {owner}'s API key (the one the server was given for '{owner}') and try again"
            : name is not null && name != owner
                ? $"only the owner '{owner}' may {action} this plot, not '{name}': send Authorization: Basic with {owner}'s user name and API key"
                : $"only the owner '{owner}' may {action} this plot: send Authorization: Basic with the user name and API key";

    public static IResult Failure(int status, string error) => Results.Json(new { error }, statusCode: status);
}
