using HeartRateStreamer.Configuration;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Board;

namespace HeartRateStreamer.VirtualDevice.Tests.Composition;

/// <summary>
/// A start-up that throws what none of its steps handles (here the platform refusing the sensor's I2C bus): the device
/// says so with the board's <c>REBOOT in N s</c> line and reboots after <c>supervision.rebootDelaySeconds</c>, on a PC as
/// on the board, where the exception used to escape the virtual device.
/// </summary>
public sealed class StartupFailureTests
{
    // Start-up fails before the device connects anywhere.
    private const string UnusedServer = "http://127.0.0.1:9";
    private const string BusProblem = "I2C1 cannot be routed to these pins";

    [Fact]
    public async Task ABusThatThrowsAtStartUpRebootsAfterTheDelayInsteadOfThrowing()
    {
        using var run = new SimulatedBoardRun(UnusedServer, "unused-key");
        run.Run.Board.I2cBusFault = new IOException(BusProblem);
        await Task.Run(() =>
        {
            run.Start();
            run.RunUntil(14_000);
        });

        Assert.False(run.Started, $"start-up should have failed; log:\n{run.Log}");
        Assert.Contains("REBOOT in 15 s: start-up failed: IOException: " + BusProblem, run.Log);
        Assert.Equal("", run.Run.Board.RebootReason);

        await Task.Run(() => run.RunUntil(16_000));
        Assert.Equal("start-up failed: IOException: " + BusProblem, run.Run.Board.RebootReason);
    }

    [Fact]
    public void ARealTimeRunWhoseStartUpThrowsEndsWithTheRebootExitCode()
    {
        var output = new StringWriter();
        var log = new TextLogOutput(TextWriter.Synchronized(output));
        var clock = new SystemClock();
        DeviceSettings settings = TestDeviceConfiguration.For(UnusedServer, "unused-key")
            .Set(ConfigurationKeys.SupervisionRebootDelaySeconds, 1, "test")
            .Load(clock, log);
        using var stop = new ManualResetEventSlim();

        int exitCode = RealTimeRun.Run(
            threads =>
            {
                var world = new SensorWorld(new SensorScene(), clock);
                var run = new VirtualDeviceRun(settings, world, FaultScript.None.For(world, settings), clock, threads, log);
                run.Board.I2cBusFault = new IOException(BusProblem);
                return run;
            },
            TimeSpan.FromSeconds(10),
            stop);

        Assert.True(exitCode == RealTimeRun.RebootExitCode, $"exit code {exitCode}; log:\n{output}");
        Assert.Contains("REBOOT in 1 s: start-up failed: IOException: " + BusProblem, output.ToString());
        Assert.Contains("The device asked for a reboot (start-up failed: IOException: " + BusProblem + "); a board would restart now.", output.ToString());
    }
}
