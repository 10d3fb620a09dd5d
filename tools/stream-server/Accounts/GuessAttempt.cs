using System.Net;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>One attempt that may be a guess (a key or a stream token tried), holding one of its address's attempts in
/// <see cref="FailureRateLimiter"/> from the check on: a failure keeps it, <see cref="GiveBack"/> returns it once the
/// attempt turned out right or tried nothing. Giving back twice returns it once.</summary>
public sealed class GuessAttempt
{
    private readonly FailureRateLimiter _limiter;
    private readonly IPAddress _key;
    private int _settled;

    internal GuessAttempt(FailureRateLimiter limiter, IPAddress key, bool counted)
    {
        _limiter = limiter;
        _key = key;
        _settled = counted ? 0 : 1;
    }

    /// <summary>The attempt failed nothing: its place goes back to its address.</summary>
    public void GiveBack()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _limiter.GiveBack(_key);
        }
    }

    /// <summary>The attempt failed: its place stays taken (further calls to <see cref="GiveBack"/> do nothing).</summary>
    public void Fail() => Interlocked.Exchange(ref _settled, 1);
}
