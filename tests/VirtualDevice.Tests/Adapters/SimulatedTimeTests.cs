using HeartRateStreamer.Device;
using HeartRateStreamer.Device.Loops;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Tests.Adapters;

/// <summary>
/// What the simulated clock's threads hold for its stop: a one-shot job's thread (a reconnection, a plot made again) is
/// let go the moment its body ends in simulated time, not whenever the runtime marks it stopped and the next job starts,
/// so a soak that compares the threads held cycle by cycle compares the same thing every time.
/// </summary>
public sealed class SimulatedTimeTests : ILogOutput
{
    [Fact]
    public void AJobThreadIsHeldUntilItsBodyEndsInSimulatedTimeAndNotAfter()
    {
        using var time = new SimulatedTime();
        time.Start(new SleepingLoop(new DeviceLog(time, this)));
        time.Spawn("job", () => time.Sleep(5_000));

        time.RunUntil(4_999);
        Assert.Equal(["job", "sleeping"], time.ThreadsHeld.Order(StringComparer.Ordinal));

        // No other thread starts after it: nothing else could find it ended.
        time.RunUntil(5_000);
        Assert.Equal(["sleeping"], time.ThreadsHeld);

        time.Stop();
        Assert.Empty(time.ThreadsHeld);
    }

    void ILogOutput.WriteLine(string line)
    {
    }

    // A loop that sleeps a minute between passes, until the threads stop.
    private sealed class SleepingLoop(DeviceLog log) : DeviceLoop("sleeping", log)
    {
        protected override int Step() => 60_000;
    }
}
