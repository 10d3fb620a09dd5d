namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>One scripted fault: its name for the status line and when it is on.</summary>
public sealed record FaultWindow(string Name, long StartMilliseconds, long DurationMilliseconds)
{
    /// <summary>When the fault ends.</summary>
    public long EndMilliseconds => StartMilliseconds + DurationMilliseconds;

    /// <summary>True while the fault is on at <paramref name="nowMilliseconds"/>.</summary>
    public bool IsOn(long nowMilliseconds) => DurationMilliseconds > 0 && nowMilliseconds >= StartMilliseconds && nowMilliseconds < EndMilliseconds;
}
