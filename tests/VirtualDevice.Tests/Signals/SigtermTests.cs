using System.Diagnostics;
using HeartRateStreamer.VirtualDevice.Tests.EndToEnd;
using Xunit.Abstractions;

namespace HeartRateStreamer.VirtualDevice.Tests.Signals;

/// <summary>
/// SIGTERM (kill, timeout, systemd, docker stop) ends the default command and `run` as Ctrl+C does: every stream ends
/// with its last chunk and the server's answer, the embedded server's temporary folder is deleted, exit code 0. The
/// default command used to stream on until SIGKILL (its embedded server's host took the signal for itself) and left its
/// folder behind, and a SIGINT after it did not stop it either; `run` died at once without ending its streams.
/// Real processes and real signals; the margins are wide, for a loaded machine.
/// </summary>
public sealed class SigtermTests(RealTimeEmbeddedServer server, ITestOutputHelper log) : IClassFixture<RealTimeEmbeddedServer>, IDisposable
{
    private const int Sigint = 2;
    private const int Sigterm = 15;

    // Start-up of a process, its server and five streams on two busy cores.
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);

    // Ctrl+C ends a run in a second or two; the old SIGTERM never did.
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(45);

    private readonly TemporaryFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(new[] { Sigterm })]
    [InlineData(new[] { Sigterm, Sigterm })] // a second signal while the run is stopping: the stop goes on
    [InlineData(new[] { Sigterm, Sigint })]
    public void SigtermEndsTheDefaultCommandsStreamsAndServerAndDeletesItsFolder(int[] signals)
    {
        using VirtualDeviceProcess device = VirtualDeviceProcess.Start("--duration", "600");
        string folder = Path.Combine(Path.GetTempPath(), "heartratestreamer-demo-" + device.Pid);
        try
        {
            EndsCleanly(device, folder, signals);
        }
        finally
        {
            // A process that had to be killed leaves its folder: not this test's to keep.
            device.Dispose();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private void EndsCleanly(VirtualDeviceProcess device, string folder, int[] signals)
    {
        Assert.True(device.WaitForLines(lines => lines.Count(line => line.Contains(": connected to http", StringComparison.Ordinal)) >= 5, s_startTimeout),
            "the five streams should have connected:\n" + device.Output);
        Assert.Contains("data in " + folder, device.Output);
        Assert.True(Directory.Exists(folder), $"the embedded server's folder '{folder}' should exist while it runs:\n{device.Output}");

        var clock = Stopwatch.StartNew();
        foreach (int signal in signals)
        {
            device.Signal(signal);
        }

        bool exited = device.WaitForExit(s_stopTimeout);
        log.WriteLine($"signal to exit: {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(exited, $"still running {s_stopTimeout.TotalSeconds} s after SIGTERM:\n{Tail(device.Output)}");
        Assert.True(device.ExitCode == 0, $"exit code {device.ExitCode}:\n{Tail(device.Output)}");
        foreach (string stream in new[] { "pulse", "heart rate", "SpO2", "RMSSD", "SDNN" })
        {
            Assert.Contains($"Stream {stream}: ended with the last chunk; the server answered 200 OK", device.Output);
        }

        Assert.False(Directory.Exists(folder), $"the embedded server's folder '{folder}' was left behind");
    }

    [Fact]
    public void SigtermEndsRunsStreamsWithTheLastChunk()
    {
        string url = server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority);
        string file = _files.Write("device.json", $$"""
            { "server": { "url": "{{url}}", "user": "demo", "apiKey": "{{server.Key}}",
              "pulseToken": "{{Token("p")}}", "heartRateToken": "{{Token("h")}}" } }
            """);
        using VirtualDeviceProcess device = VirtualDeviceProcess.Start("run", "--config", file, "--duration", "600");
        Assert.True(device.WaitForLines(lines => lines.Count(line => line.Contains(": connected to http", StringComparison.Ordinal)) >= 2, s_startTimeout),
            "both streams should have connected:\n" + device.Output);

        device.Signal(Sigterm);

        Assert.True(device.WaitForExit(s_stopTimeout), $"still running {s_stopTimeout.TotalSeconds} s after SIGTERM:\n{Tail(device.Output)}");
        Assert.True(device.ExitCode == 0, $"exit code {device.ExitCode}:\n{Tail(device.Output)}");
        Assert.Contains("Stream pulse: ended with the last chunk; the server answered 200 OK", device.Output);
        Assert.Contains("Stream heart rate: ended with the last chunk; the server answered 200 OK", device.Output);
    }

    private static string Token(string trace) => trace + Guid.NewGuid().ToString("N")[..16];

    private static string Tail(string output) => string.Join("\n", output.Split('\n').TakeLast(30));
}
