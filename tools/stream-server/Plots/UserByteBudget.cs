namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>Bytes that all plots of one user hold together, against a limit set by configuration: a user with many
/// plots cannot multiply a per-plot bound by their number. Used twice per user: for the plots' replay buffers
/// (<see cref="Viewer.ViewerLimits.UserReplayBytes"/>) and for what the plots themselves hold
/// (<see cref="UserLimits.PlotBytes"/>). Plots report what they hold as it changes and act when it is over.</summary>
public sealed class UserByteBudget
{
    private long _used;

    public UserByteBudget(long limit)
    {
        Limit = limit;
    }

    public long Limit { get; }

    public long Used => Interlocked.Read(ref _used);

    public bool IsOver => Used > Limit;

    /// <summary>How far the user is past the limit; 0 when within it.</summary>
    public long Excess => Math.Max(0, Used - Limit);

    public void Add(long bytes) => Interlocked.Add(ref _used, bytes);

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
