using HeartRateStreamer.StreamServer.Protocol;
using Microsoft.AspNetCore.Http;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>Counts every 401 (wrong user name or key) against the client's address, and refuses requests
/// that carry credentials (any POST, any Authorization header) from an address that has used up its
/// failures, with 429 and Retry-After. Viewers' GETs without credentials are never refused here.</summary>
public static class KeyGuessLimitMiddleware
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next, FailureRateLimiter limiter)
    {
        bool carriesCredentials = HttpMethods.IsPost(context.Request.Method) || context.Request.Headers.Authorization.Count > 0;
        if (carriesCredentials && limiter.IsLimited(context.Connection.RemoteIpAddress, out TimeSpan retryAfter))
        {
            string seconds = RetryAfterSeconds(retryAfter);
            context.Response.Headers.RetryAfter = seconds;
            // The shape of a /clientresp answer (every field a string), which the owner's endpoints share.
            await Results.Json(ClientRespReply.Failure($"too many wrong user names or keys from this address; try again in {seconds} s"),
                statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
            return;
        }

        await next();
        if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            limiter.RecordFailure(context.Connection.RemoteIpAddress);
        }
    }

    /// <summary>Whole seconds, rounded up, at least 1: what Retry-After carries.</summary>
    public static string RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
