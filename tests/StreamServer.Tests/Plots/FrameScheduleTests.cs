using HeartRateStreamer.StreamServer.Plots;

namespace HeartRateStreamer.StreamServer.Tests.Plots;

/// <summary>When a plot's next frame goes out (<see cref="Plot.FrameInstantAfter"/>): halfway between the lines of the
/// 50 ms wall-clock grid the viewers draw on, one frame per cell, and never waiting out a wall clock that stepped back.</summary>
public sealed class FrameScheduleTests
{
    [Theory]
    [InlineData(1000, 0, 1025)] // the next halfway instant
    [InlineData(1030, 0, 1075)]
    [InlineData(1000, 1025, 1075)] // a frame already went out in that cell (flushed early): the next cell
    [InlineData(1000, 1225, 1275)] // early flushes pushed the last frame a few cells ahead: still one per cell
    public void FramesGoOutHalfwayBetweenGridLinesOnePerCell(long now, long lastFrameInstant, long expected)
    {
        Assert.Equal(expected, Plot.FrameInstantAfter(now, lastFrameInstant));
    }

    [Theory]
    [InlineData(3_600_000L)] // NTP stepping back a clock that ran an hour ahead
    [InlineData(60L * 86_400_000)] // a VM restored two months back: the timer's 49.7-day limit
    public void AWallClockThatSteppedBackDoesNotHoldFramesBack(long step)
    {
        // The last frame went out at what the clock said before the step; now reads that much earlier.
        const long Now = 1_800_000_000_000;
        Assert.Equal(Now + 25 - (Now % 50), Plot.FrameInstantAfter(Now, Now + step));
        Assert.True(Plot.FrameInstantAfter(Now, Now + Plot.ClockStepBackMilliseconds) > Now + Plot.ClockStepBackMilliseconds, "within the bound, early flushes are respected");
    }
}
