using System.Text.RegularExpressions;

namespace HeartRateStreamer.VirtualDevice.Tests.EndToEnd;

/// <summary>
/// `virtual-device run` against the project's own stream server (in-process, as a user would start it), in real time:
/// its answers are the ones the device reads, where the stream writer's tests use a strict loopback server that checks
/// the framing byte by byte but answers in its own words.
/// </summary>
public sealed class RunCommandTests(RealTimeEmbeddedServer server) : IClassFixture<RealTimeEmbeddedServer>, IDisposable
{
    private readonly TemporaryFiles _files = new();

    private string ServerUrl => server.Host.HttpBaseUrl.GetLeftPart(UriPartial.Authority);

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task CreatesItsPlotStreamsAndEndsWithTheServersAnswer()
    {
        // A board's device.json with the demo account: the device creates its plot at start-up, then streams into it.
        string file = _files.Write("device.json", $$"""
            { "server": { "url": "{{ServerUrl}}", "user": "demo", "apiKey": "{{server.Key}}",
              "pulseToken": "{{Token("p")}}", "heartRateToken": "{{Token("h")}}" } }
            """);

        CommandRun run = CommandRun.Of("run", "--config", file, "--duration", "3");

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}; errors: {run.Error}\n{run.Output}");
        Assert.Contains("Stream pulse: ended with the last chunk; the server answered 200 OK", run.Output);
        Assert.Contains("Stream heart rate: ended with the last chunk; the server answered 200 OK", run.Output);
        string plot = Regex.Match(run.Output, @"Plot: (http://\S+/p/\S+) <-").Groups[1].Value;
        Assert.True(plot.Length > 0, "the log names the plot's link:\n" + run.Output);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        PlotJson pulse = PlotJson.Trace(await http.GetStringAsync(plot + ".json"), 0);
        // 3 s at 20 points/s, less the start-up: the server kept what the device sent.
        Assert.InRange(pulse.Y.Length, 20, 61);
    }

    [Fact]
    public void ATokenTheServerDoesNotKnowStopsWithExitCodeOneAndNamesIt()
    {
        CommandRun run = CommandRun.Of("run", "--server", ServerUrl, "--token", "token-of-no-plot", "--duration", "30");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("It does not know the token (16 characters)", run.Output);
        Assert.DoesNotContain("token-of-no-plot", run.Output); // a secret: anyone who has it writes to the plot
        Assert.Contains("Streaming: 1 stream to ", run.Output);
        // The advice once, for the refusal: ending the stream used to log it again after "ended while not connected".
        Assert.Contains("Stream pulse: ended while not connected (token refused", run.Output);
        Assert.Single(run.Output.Split('\n'), line => line.Contains("That stream tries its token again"));
    }

    // Stream tokens as the server accepts them: unguessable, one per trace and test run.
    private static string Token(string trace) => trace + Guid.NewGuid().ToString("N")[..16];
}
