using HeartRateStreamer.Device;
using HeartRateStreamer.Device.Loops;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.VirtualDevice.Tests.Adapters;

/// <summary>
/// The real-time runs' threads over a long run: a device offline for a night starts a Wi-Fi reconnection job a minute
/// (and one that has lost its plot a plot creation a minute), each on a thread of its own that ends. The run used to
/// keep every ended thread on its list until it stopped, so a run left for weeks held more and more of them.
/// </summary>
public sealed class SystemThreadsTests : ILogOutput
{
    private const int Jobs = 300;

    [Fact]
    public void EndedJobThreadsAreLetGoWhileALoopStillRunningIsKeptForTheStop()
    {
        using var threads = new SystemThreads();
        var log = new DeviceLog(new SystemClock(), this);
        var running = new SleepingLoop(log);
        threads.Start(running);

        for (int i = 0; i < Jobs; i++)
        {
            var job = new EmptyJob(log);
            threads.Start(job);
            Assert.True(SpinWait.SpinUntil(() => job.IsDone, TimeSpan.FromSeconds(10)), $"job {i} should have run");
        }

        // The sleeping loop and the last job or two whose threads were still ending when the next one started.
        Assert.InRange(threads.ThreadsHeld, 1, 5);
        threads.Stop(TimeSpan.FromSeconds(10));
        Assert.True(running.Stopped, "the stop should still end the loop that was running");
    }

    // The jobs log nothing; what a job that threw would say is not this test's concern.
    void ILogOutput.WriteLine(string line)
    {
    }

    // A one-shot job that returns at once, as a reconnection that finds the network back does.
    private sealed class EmptyJob(DeviceLog log) : OneShot("empty job", log)
    {
        protected override void Run()
        {
        }
    }

    // A loop that sleeps a minute between passes, until the threads stop; Stopped once its thread has ended.
    private sealed class SleepingLoop(DeviceLog log) : DeviceLoop("sleeping", log)
    {
        private volatile Thread? _thread;

        public bool Stopped => _thread is { IsAlive: false };

        protected override int Step()
        {
            _thread = Thread.CurrentThread;
            return 60_000;
        }
    }
}
