namespace HeartRateStreamer.StreamServer.Viewer;

/// <summary>The bytes of replay buffers one user's plots hold together, bounded by
/// <see cref="ViewerLimits.UserReplayBytes"/>: a user with many plots cannot multiply --replay-bytes by their
/// number. A plot that publishes while its owner is over the budget trims its own replay buffer first.</summary>
public sealed class UserReplayBudget
{
    private long _used;

    public UserReplayBudget(long limit)
    {
        Limit = limit;
    }

    public long Limit { get; }

    public long Used => Interlocked.Read(ref _used);

    public bool IsOver => Used > Limit;

    public void Add(long bytes) => Interlocked.Add(ref _used, bytes);

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
