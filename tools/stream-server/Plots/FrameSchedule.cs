namespace HeartRateStreamer.StreamServer.Plots;

/// <summary>When a plot's next frame goes out: on the wall-clock grid the viewers draw on, at most one frame per cell,
/// by a timer of the plot's own. A type of its own so that the grid's arithmetic and the timer's state are read in one
/// place. Used under the plot's lock (it takes none); the timer calls back outside it.</summary>
internal sealed class FrameSchedule : IDisposable
{
    /// <summary>Plotly's viewers updated "up to 20 times / second" (seed README).</summary>
    public const int IntervalMilliseconds = 50;

    /// <summary>How far ahead of now the last frame's instant may lie before it is taken for a wall clock that stepped
    /// back.</summary>
    public const long ClockStepBackMilliseconds = 1000;

    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private bool _scheduled;
    private long _lastInstant;

    /// <param name="time">The wall clock frames are timed on.</param>
    /// <param name="due">What the timer runs at a frame instant (outside the plot's lock).</param>
    public FrameSchedule(TimeProvider time, Action due)
    {
        _time = time;
        _timer = _time.CreateTimer(_ => due(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    // Frames go out halfway between the lines of the 50 ms wall-clock grid the viewers draw on (wwwroot/viewer.js),
    // so a frame reaches every viewer before the same line, whichever of them it reaches first, and all draw it together.
    public void Schedule()
    {
        if (_scheduled)
        {
            return;
        }

        _scheduled = true;
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        long next = InstantAfter(now, _lastInstant);
        _lastInstant = next;
        _timer.Change(TimeSpan.FromMilliseconds(next - now), Timeout.InfiniteTimeSpan);
    }

    /// <summary>A frame is going out: the next change schedules the one after it.</summary>
    public void Flushing() => _scheduled = false;

    /// <summary>When the next frame goes out: the next halfway instant of the grid after <paramref name="now"/>, and a cell
    /// after <paramref name="lastFrameInstant"/> (one frame per cell). A last instant more than
    /// <see cref="ClockStepBackMilliseconds"/> ahead means the wall clock stepped back (NTP stepping a clock that ran
    /// ahead, a restored VM): it is forgotten, where waiting for it froze every viewer for as long as the step (and a
    /// step of 50 days made the timer throw).</summary>
    public static long InstantAfter(long now, long lastFrameInstant)
    {
        long next = NextHalfwayInstant(now);
        return lastFrameInstant - now > ClockStepBackMilliseconds ? next : Math.Max(next, lastFrameInstant + IntervalMilliseconds);
    }

    public void Dispose() => _timer.Dispose();

    // The first instant after now that lies halfway between two grid lines.
    private static long NextHalfwayInstant(long now)
    {
        const long Halfway = IntervalMilliseconds / 2;
        return ((now - Halfway) / IntervalMilliseconds + 1) * IntervalMilliseconds + Halfway;
    }
}
