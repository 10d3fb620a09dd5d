using System.Net;
using System.Net.Sockets;

namespace HeartRateStreamer.VirtualDevice.Tests.Run;

/// <summary>
/// `run` against a server no stream ever reaches: it streams on and says why in its log, as a board does, and when it
/// ends it says so in its exit code (4, in the README), where it used to end with 0 as if the run had streamed.
/// </summary>
public sealed class UnreachableServerTests
{
    [Fact]
    public void AServerNoStreamEverReachedEndsTheRunWithExitCodeFour()
    {
        CommandRun run = CommandRun.Of("run", "--server", $"http://127.0.0.1:{ClosedPort()}", "--token", "token-of-no-server", "--duration", "2");

        Assert.True(run.ExitCode == 4, $"exit code {run.ExitCode}; log:\n{run.Output}");
        Assert.Contains("connection refused", run.Output);
        Assert.Contains("No stream reached the server in this run", run.Output);
    }

    // A loopback port that was free a moment ago: nothing listens there, so a connect is refused at once.
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
