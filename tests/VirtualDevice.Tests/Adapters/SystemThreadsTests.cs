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

        // The sleeping loop alone, once the last job's thread has finished its body (each takes itself off; before,
        // an ended thread stayed held until a later start found it ended, and before that every one of the 300 did).
        Assert.True(SpinWait.SpinUntil(() => threads.ThreadsHeld == 1, TimeSpan.FromSeconds(10)), $"threads held: {threads.ThreadsHeld}, not the sleeping loop alone");
        Assert.Empty(threads.Stop(TimeSpan.FromSeconds(10)));
        Assert.True(running.Stopped, "the stop should still end the loop that was running");
    }

    [Fact]
    public void AStopThatGivesUpWaitingNamesTheThreadsStillRunning()
    {
        using var release = new ManualResetEventSlim();
        using var threads = new SystemThreads();
        var blocked = new BlockedLoop(new DeviceLog(new SystemClock(), this), release);
        threads.Start(blocked);
        Assert.True(blocked.Entered.Wait(TimeSpan.FromSeconds(10)), "the loop should have started its pass");

        // Its pass waits on something the stop does not end (a hung native call on a board).
        Assert.Equal(["blocked"], threads.Stop(TimeSpan.FromMilliseconds(200)));

        release.Set();
        Assert.Empty(threads.Stop(TimeSpan.FromSeconds(10)));
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

    // A loop whose pass waits until released, whatever the stop says.
    private sealed class BlockedLoop(DeviceLog log, ManualResetEventSlim release) : DeviceLoop("blocked", log)
    {
        public ManualResetEventSlim Entered { get; } = new();

        protected override int Step()
        {
            Entered.Set();
            release.Wait();
            return DeviceLoop.Finished;
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
