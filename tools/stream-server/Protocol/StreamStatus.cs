namespace HeartRateStreamer.StreamServer.Protocol;

/// <summary>The stream server's status codes with Plotly's own messages (statusmsgs.json of the npm
/// plotly package 1.0.6), which clients show to their users.</summary>
public static class StreamStatus
{
    public const int HealthyDisconnect = 200;
    public const int MalformedRequest = 400;
    public const int TokenNoLongerBound = 403;
    public const int UnknownToken = 404;
    public const int NotPost = 405;
    public const int MissingToken = 406;
    public const int Stale = 408;
    public const int LineTooLong = 413;
    public const int BadJson = 422;
    public const int TakenOver = 423;
    public const int ServerError = 500;
    public const int DatabaseError = 503;

    /// <summary>Plotly's 503, whose message speaks of the database; a stream gets it in a cluster when Redis (the cluster's
    /// database) passes its plot's lines on slower than they come (the answer's detail says so).</summary>
    public const int Unavailable = DatabaseError;

    /// <summary>Not Plotly's: this address sent too many unknown tokens (Accounts/FailureRateLimiter).</summary>
    public const int TooManyGuesses = 429;

    public static string Message(int status) => status switch
    {
        HealthyDisconnect => "healthy endpoint disconnect",
        MalformedRequest => "invalid or malformed request syntax",
        TokenNoLongerBound => "stream token no longer associated with this plot",
        UnknownToken => "streamtoken not registered or valid",
        NotPost => "bad request method: use POST for streaming",
        MissingToken => "bad request header: missing 'plotly-streamtoken'",
        Stale => "timeout on active data",
        LineTooLong => "line too long: stream newline separated JSON objects of sane size",
        BadJson => "json parse error: please stream newline seperated JSON",
        TakenOver => "connection limit associated with this token has been reached",
        DatabaseError => "internal database error",
        TooManyGuesses => "too many unknown stream tokens from this address: try again after Retry-After seconds",
        _ => "internal server error",
    };

    public static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        100 => "Continue",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        413 => "Content Too Large",
        422 => "Unprocessable Entity",
        423 => "Locked",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
}
