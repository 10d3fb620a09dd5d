using HeartRateStreamer.Configuration;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Board;
using HeartRateStreamer.VirtualDevice.Tests.Composition;
using HeartRateStreamer.VirtualDevice.Tests.Demo;

namespace HeartRateStreamer.VirtualDevice.Tests.Board;

/// <summary>
/// A real-time run stopped while the device is still making its plot (a server that never answers): the stop abandons
/// the plot creation, and the device starts no stream after it. It used to start every stream's loop, which ended at
/// once, and log "Streaming:" (the commands' log hides what loops write after the stop; this one shows all).
/// </summary>
public sealed class RealTimeRunStopTests
{
    [Fact]
    public async Task AStopWhileThePlotIsBeingMadeStartsNoStream()
    {
        using var server = new SilentServer();
        var output = new StringWriter();
        var log = new TextLogOutput(TextWriter.Synchronized(output));
        var clock = new SystemClock();
        DeviceSettings settings = TestDeviceConfiguration.For(server.Url, "demo-key").Load(clock, log);
        using var stop = new ManualResetEventSlim();
        VirtualDeviceRun? run = null;
        Task<int> running = Task.Run(() => RealTimeRun.Run(
            threads =>
            {
                var world = new SensorWorld(new SensorScene(), clock);
                run = new VirtualDeviceRun(settings, world, FaultScript.None.For(world, settings), clock, threads, log);
                return run;
            },
            duration: null,
            stop));
        if (!server.RequestReceived.Wait(TimeSpan.FromSeconds(30)))
        {
            // Read only on failure: the device's threads are still writing to it (a StringWriter read while written throws).
            Assert.Fail("the device should have sent its plot creation; log:\n" + output);
        }

        stop.Set();
        await running.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.False(run!.Device.IsStreaming, "the device started its streams after the stop; log:\n" + output);
        Assert.DoesNotContain("Streaming:", output.ToString());
    }
}
