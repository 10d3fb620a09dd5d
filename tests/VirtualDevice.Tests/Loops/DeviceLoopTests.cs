using HeartRateStreamer.Device;
using HeartRateStreamer.Device.Loops;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.VirtualDevice.Tests.Loops;

/// <summary>
/// A loop's pass that throws is logged and the loop goes on, but it is no progress for the watchdog: a loop that throws
/// on every pass is stalled, as one that hangs is, where it used to count as alive and log a line a second for ever.
/// </summary>
public sealed class DeviceLoopTests : ILogOutput
{
    private const int StallMilliseconds = 5_000;

    private readonly List<string> _lines = [];

    [Fact]
    public void ALoopThatThrowsOnEveryPassIsStalledAfterTheLimit()
    {
        var clock = new ManualClock(0);
        var monitor = new LoopMonitor(clock, 1);
        var loop = new FaultingLoop(new DeviceLog(clock, this), int.MaxValue);
        loop.WatchWith(monitor, StallMilliseconds);

        int stalled = RunPasses(loop, monitor, clock, StallMilliseconds + 2_000);

        Assert.Equal(0, stalled);
        Assert.Contains("faulting: unexpected InvalidOperationException: pass 1; the loop goes on.", _lines[0]);
    }

    [Fact]
    public void ALoopThatThrowsOnceThenRecoversIsNotStalled()
    {
        var clock = new ManualClock(0);
        var monitor = new LoopMonitor(clock, 1);
        var loop = new FaultingLoop(new DeviceLog(clock, this), 1);
        loop.WatchWith(monitor, StallMilliseconds);

        int stalled = RunPasses(loop, monitor, clock, 4 * StallMilliseconds);

        Assert.Equal(-1, stalled);
        Assert.Single(_lines);
    }

    void ILogOutput.WriteLine(string line) => _lines.Add(line);

    // Runs the loop as its thread does (each pass, then the wait it asks for) with the watchdog looking after each pass,
    // for the given time; returns the first loop found stalled, or -1.
    private static int RunPasses(DeviceLoop loop, LoopMonitor monitor, ManualClock clock, long milliseconds)
    {
        while (clock.Milliseconds < milliseconds)
        {
            int wait = loop.RunOnce();
            int stalled = monitor.FindStalledLoop();
            if (stalled >= 0)
            {
                return stalled;
            }

            clock.Advance(wait);
        }

        return -1;
    }

    // A loop whose first passes throw, then each pass does its work and asks to run again in a second.
    private sealed class FaultingLoop(DeviceLog log, int faultingPasses) : DeviceLoop("faulting", log)
    {
        protected override int Step()
        {
            if (PassCount <= faultingPasses)
            {
                throw new InvalidOperationException("pass " + PassCount);
            }

            return 1_000;
        }
    }
}
