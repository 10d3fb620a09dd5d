using HeartRateStreamer.StreamServer.Protocol;
using Microsoft.AspNetCore.Http;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>Counts every 401 to a request that tried a key (in its Authorization header, or in /clientresp's form: a
/// wrong user name or key) against the client's address, and refuses such requests from an address that has used up
/// its failures, with 429 and Retry-After; and answers 503 with Retry-After a request whose key could not be checked because
/// every slot of <see cref="KeyDerivations"/> stayed taken. Each such request takes one of its address's attempts before it is read
/// (<see cref="FailureRateLimiter.TryReserve"/>) and gives it back as soon as the key is found right
/// (<see cref="UserDirectory.AuthenticateAsync"/>), or else when it is answered with anything but 401. A request that tried no key guesses nothing: its 401 (an owner's page or
/// edit asking for the key, a header without a key in it) is not counted, and it is never refused here.</summary>
public static class KeyGuessLimitMiddleware
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next, FailureRateLimiter limiter)
    {
        // /clientresp carries un and key in its form (without a key it answers 400, so its 401 is always a wrong key);
        // every other request in its Authorization header, read as the endpoints read it: a header in which they find
        // no key (an empty one, another scheme, no base64) is answered 401 without any key having been tried.
        bool triesKey = BasicCredentials.CarriesKey(context.Request.Headers.Authorization.FirstOrDefault())
            || (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/clientresp"));
        if (!triesKey)
        {
            await next();
            return;
        }

        // The attempt is taken before the request is read (its body, the key's derivation): requests sent side by side,
        // their bodies held back, cannot all pass a check that no failure has reached yet.
        if (limiter.TryReserve(context.Connection.RemoteIpAddress, out TimeSpan retryAfter, out string refused) is not GuessAttempt attempt)
        {
            string seconds = RetryAfterSeconds(retryAfter);
            context.Response.Headers.RetryAfter = seconds;
            // The shape of a /clientresp answer (every field a string), which the owner's endpoints share.
            await Results.Json(ClientRespReply.Failure($"too many wrong user names or keys from {refused}; try again in {seconds} s"),
                statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
            return;
        }

        // Given back as soon as the key is found right (UserDirectory.AuthenticateAsync, through this request feature): what the
        // request does next (/clientresp's save, up to SaveNowTimeout; a delete waiting for the database) is no guess, and
        // right keys sent side by side (devices behind one NAT re-registering, a script plotting in parallel) must not use
        // up the burst. Otherwise settled when the answer starts, or when the request ends without one: a 401 is the
        // failure, anything else (a 400 for a form without a key, say) gives it back.
        context.Features.Set(attempt);
        context.Response.OnStarting(() =>
        {
            Settle(context, attempt);
            return Task.CompletedTask;
        });
        try
        {
            await next();
        }
        catch (KeyCheckBusyException busy) when (!context.Response.HasStarted)
        {
            // The key was not checked (Accounts/KeyDerivations): no guess, so the 503 gives the attempt back.
            context.Response.Headers.RetryAfter = KeyDerivations.RetryAfterSeconds;
            await Results.Json(ClientRespReply.Failure(busy.Message), statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
        }
        finally
        {
            Settle(context, attempt);
        }
    }

    private static void Settle(HttpContext context, GuessAttempt attempt)
    {
        if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            attempt.Fail();
        }
        else
        {
            attempt.GiveBack();
        }
    }

    /// <summary>Whole seconds, rounded up, at least 1: what Retry-After carries.</summary>
    public static string RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
