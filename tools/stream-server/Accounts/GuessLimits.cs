using Microsoft.Extensions.Logging;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>The server's two guess limiters: one for credentials (wrong user name or key on /clientresp and
/// the owner's requests), one for stream tokens (unknown tokens on streams). Separate, so a device whose
/// token was dropped does not lock its owner out of /clientresp, nor the other way round.</summary>
public sealed class GuessLimits(FailureRateLimiter keys, FailureRateLimiter tokens)
{
    public FailureRateLimiter Keys { get; } = keys;

    public FailureRateLimiter Tokens { get; } = tokens;

    public static GuessLimits Create(int burst, TimeSpan refill, ILoggerFactory loggers)
    {
        ILogger logger = loggers.CreateLogger("HeartRateStreamer.StreamServer.Accounts.GuessLimits");
        return new GuessLimits(new FailureRateLimiter("Wrong user names or keys", burst, refill, logger),
            new FailureRateLimiter("Unknown stream tokens", burst, refill, logger));
    }
}
