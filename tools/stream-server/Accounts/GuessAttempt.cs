using System.Net;

namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>One attempt that may be a guess (a key or a stream token tried), holding one of its address's attempts (and one
/// of its /48's) in <see cref="FailureRateLimiter"/> from the check on: a failure keeps them, <see cref="GiveBack"/> returns
/// them once the attempt turned out right or tried nothing. Giving back twice returns them once.</summary>
public sealed class GuessAttempt
{
    private readonly FailureRateLimiter _limiter;
    private readonly IPAddress _key;
    private readonly bool _address;
    private readonly bool _site;
    private int _settled;

    /// <param name="address">Whether the address's table counted it (a full table counts no newcomer).</param>
    /// <param name="site">Whether its /48's did.</param>
    internal GuessAttempt(FailureRateLimiter limiter, IPAddress key, bool address, bool site)
    {
        _limiter = limiter;
        _key = key;
        _address = address;
        _site = site;
        _settled = address || site ? 0 : 1;
    }

    /// <summary>The attempt failed nothing: its places go back to its address and its /48.</summary>
    public void GiveBack()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _limiter.GiveBack(_key, _address, _site);
        }
    }

    /// <summary>The attempt failed: its places stay taken (further calls to <see cref="GiveBack"/> do nothing).</summary>
    public void Fail() => Interlocked.Exchange(ref _settled, 1);
}
