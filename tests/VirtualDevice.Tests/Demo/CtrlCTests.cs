using HeartRateStreamer.VirtualDevice.Board;
using HeartRateStreamer.VirtualDevice.Demo;

namespace HeartRateStreamer.VirtualDevice.Tests.Demo;

/// <summary>
/// Ctrl+C ends the default command at once whatever the device is doing, here waiting for a server that never answers
/// its plot creation: the command used to wait out its 30 s plot wait (the creator's own 20 s deadline first), then
/// the threads' 10 s join, and then called the stop a failed plot with exit code 2. Over https it waited out the join while
/// the TLS handshake hung, and in both cases it logged "Streaming:" after the stop.
/// </summary>
public sealed class CtrlCTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // https: the server takes the TCP connection and never answers the TLS handshake
    public async Task CtrlCWhileThePlotIsBeingMadeEndsTheRunAtOnceWithExitCodeZero(bool https)
    {
        using var server = new SilentServer();
        using var stop = new ManualResetEventSlim();
        var output = new StringWriter();
        var error = new StringWriter();
        Task<int> run = Task.Run(() => DemoCommand.Run(
            ["--server", https ? server.HttpsUrl : server.Url, "--user", "demo", "--key", "demo-key"], TextWriter.Synchronized(output), TextWriter.Synchronized(error), stop));
        Assert.True(server.RequestReceived.Wait(TimeSpan.FromSeconds(30)), "the device should have sent its plot creation");

        stop.Set();
        int exitCode = await run.WaitAsync(TimeSpan.FromSeconds(90));

        // "At once" without a clock: a plot wait that ignored Ctrl+C ends at the creator's deadline as a failed plot
        // (exit code 2), and a connect or handshake the stop did not end leaves its thread for the join to give up on.
        Assert.True(exitCode == 0, $"exit code {exitCode}; errors: {error}\n{output}");
        Assert.DoesNotContain(RealTimeRun.ThreadsStillRunningLine, output.ToString());
        Assert.Equal("", error.ToString());

        // The plot was still being made at the stop, so no stream ever ran: the abandoned creation used to be logged as a
        // failed plot and followed by "Streaming: 5 streams to ...", from loops that ended at once.
        Assert.DoesNotContain("Streaming:", output.ToString());
        Assert.DoesNotContain("the virtual board is off", output.ToString());
    }
}
