using System.Net;
using System.Net.Sockets;
using HeartRateStreamer.VirtualDevice.Board;
using HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

namespace HeartRateStreamer.VirtualDevice.Tests.Run;

/// <summary>
/// `run` against a server no stream ever reaches: it streams on and says why in its log, as a board does, and when it
/// ends it says so in its exit code (4, in the README), where it used to end with 0 as if the run had streamed. A server
/// that takes the TCP connection and then fails the TLS handshake is no reach either.
/// </summary>
public sealed class UnreachableServerTests(RealTimeEmbeddedServer server) : IClassFixture<RealTimeEmbeddedServer>
{
    [Fact]
    public void AServerNoStreamEverReachedEndsTheRunWithExitCodeFour()
    {
        CommandRun run = CommandRun.Of("run", "--server", $"http://127.0.0.1:{ClosedPort()}", "--token", "token-of-no-server", "--duration", "2");

        Assert.True(run.ExitCode == 4, $"exit code {run.ExitCode}; log:\n{run.Output}");
        Assert.Contains("connection refused", run.Output);
        Assert.Contains("No stream reached the server in this run", run.Output);
    }

    [Fact]
    public void AServerThatTakesTheConnectionButRefusesTlsIsNoReach()
    {
        // https:// to the plain-HTTP stream server: it takes every TCP connection, then answers the TLS hello with HTTP.
        CommandRun run = CommandRun.Of("run", "--server", $"https://127.0.0.1:{server.Host.HttpPort}", "--token", "token-of-no-tls", "--duration", "2");

        Assert.True(run.ExitCode == 4, $"exit code {run.ExitCode}; log:\n{run.Output}");
        Assert.Contains("No stream reached the server in this run", run.Output);
        Assert.Contains("could not connect to https://", run.Output);
        Assert.DoesNotContain("connection refused", run.Output);
    }

    [Fact]
    public void AConnectStillWaitingWhenTheRunEndsIsExitCodeFour()
    {
        // No account: the streams' first connect waits for an address that drops packets (20 s) longer than the run.
        using var blackHole = new BlackHoleServer();
        Assert.True(blackHole.DropsConnects(), "the test's black hole should drop connects");

        CommandRun run = CommandRun.Of("run", "--server", $"http://127.0.0.1:{blackHole.Port}", "--token", "token-of-no-server", "--duration", "1");

        // The waiting connect is ended with the run: the stop used to wait out the threads' 10 s join for it.
        Assert.DoesNotContain(RealTimeRun.ThreadsStillRunningLine, run.Output);
        Assert.True(run.ExitCode == 4, $"exit code {run.ExitCode}; log:\n{run.Output}");
        Assert.Contains("No stream reached the server in this run: a connect to it was still waiting for an answer when the run ended", run.Output);
    }

    [Fact]
    public void APlotCreationStillConnectingWhenTheRunEndsIsExitCodeFour()
    {
        // With an account the streams start only after the plot creation, whose connect waits here for 20 s.
        using var files = new TemporaryFiles();
        using var blackHole = new BlackHoleServer();
        Assert.True(blackHole.DropsConnects(), "the test's black hole should drop connects");
        string file = files.Write("device.json", "{ \"server\": { \"url\": \"http://127.0.0.1:" + blackHole.Port
            + "\", \"pulseToken\": \"pulse-token-1\", \"user\": \"demo\", \"apiKey\": \"demo-key\" } }");

        CommandRun run = CommandRun.Of("run", "--config", file, "--duration", "1");

        Assert.True(run.ExitCode == 4, $"exit code {run.ExitCode}; log:\n{run.Output}");
        Assert.Contains("No stream reached the server in this run: a connect to it was still waiting for an answer when the run ended", run.Output);
        Assert.DoesNotContain("Streaming:", run.Output);
    }

    // A loopback port that was free a moment ago: nothing listens there, so a connect is refused at once.
    internal static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
