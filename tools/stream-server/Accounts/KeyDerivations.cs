namespace HeartRateStreamer.StreamServer.Accounts;

/// <summary>The PBKDF2 derivations of keys not yet verified (<see cref="ApiKeyHash.Verify"/>) that run at once, server-wide:
/// at most <see cref="Capacity"/>. Every wrong key for a known user costs one (a core or more at 2,000 guessing addresses,
/// each within its own guess limit: README "Keys", the load benchmark's --key-flood), so without a bound a flood of wrong keys from many addresses takes
/// every core. A derivation that finds no slot within <see cref="Wait"/> is refused (<see cref="KeyCheckBusyException"/>,
/// answered 503 by <see cref="KeyGuessLimitMiddleware"/>). A key already verified is compared by its SHA-256 in
/// <see cref="UserDirectory"/> and never comes here.</summary>
public sealed class KeyDerivations(int capacity, TimeSpan wait)
{
    /// <summary>How long a derivation waits for a slot: the time of a few dozen derivations, so a burst of devices logging in
    /// after a restart takes turns instead of being refused, while a flood is turned away within a fraction of a second.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMilliseconds(200);

    /// <summary>Retry-After of a refused derivation: a slot frees within milliseconds once the flood eases.</summary>
    public const string RetryAfterSeconds = "1";

    private readonly SemaphoreSlim _slots = new(capacity, capacity);

    /// <summary>One per two processors (at least one): however many keys are guessed at once, half the cores stay with the
    /// streams and the viewers. A slot per processor would let a flood take them all.</summary>
    public static int DefaultCapacity => Math.Max(1, Environment.ProcessorCount / 2);

    public int Capacity { get; } = capacity;

    public TimeSpan Wait { get; } = wait;

    /// <summary>The derivations running now (tests wait for theirs).</summary>
    internal int Running => Capacity - _slots.CurrentCount;

    private long _derived;

    /// <summary>The derivations run since start (tests count a request's).</summary>
    internal long Derived => Interlocked.Read(ref _derived);

    /// <summary>Runs <paramref name="derive"/> in a slot, or throws <see cref="KeyCheckBusyException"/> when none frees within
    /// <see cref="Wait"/>.</summary>
    public async Task<bool> RunAsync(Func<bool> derive, CancellationToken cancellationToken)
    {
        // The request's token is not handed to the wait: registering each waiter on it cost a flood's answers about 0.2
        // of a core (the load benchmark's --key-flood, README). A request gone meanwhile is seen once it has the slot.
        if (!await _slots.WaitAsync(Wait))
        {
            throw new KeyCheckBusyException(Capacity);
        }

        try
        {
            cancellationToken.ThrowIfCancellationRequested(); // no derivation for a request nobody waits for
            Interlocked.Increment(ref _derived);
            return derive();
        }
        finally
        {
            _slots.Release();
        }
    }
}
