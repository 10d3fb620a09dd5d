using System.Diagnostics;
using HeartRateStreamer.StreamServer.Tests.Infrastructure;
using Xunit.Abstractions;

namespace HeartRateStreamer.StreamServer.Tests.LoadBenchmark;

/// <summary>The load benchmark works end to end, in its smallest form (5 streams, 1 viewer each, 1 s): it starts
/// the server, the minimal sink and Mosquitto as processes, the generator as another, and prints a measured row for
/// each and the summary. What it checks is that everything was answered and counted, not how fast: the figures
/// come from the benchmark's own runs (tests/StreamServer.LoadBenchmark/README.md).</summary>
[Trait("Category", "LoadBenchmark")]
[Trait("Category", MeasurementCollection.Category)]
[Collection(MeasurementCollection.Name)]
public sealed class LoadBenchmarkSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ASweepOfOneSmallStepMeasuresEveryTargetAndCountsEveryHeartbeat()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "HeartRateStreamer.StreamServer.LoadBenchmark.dll"),
            "--steps", "5", "--viewers", "1", "--seconds", "1", "--heartbeat-seconds", "1", "--silent-seconds", "1.5", "--targets", "server,sink,mosquitto",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using Process benchmark = Process.Start(start)!;
        Task<string> errors = benchmark.StandardError.ReadToEndAsync();
        string text = await benchmark.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(5));
        await benchmark.WaitForExitAsync();
        output.WriteLine(text + await errors);

        Assert.Equal(0, benchmark.ExitCode);
        string[] lines = text.Split('\n');
        foreach (string target in new[] { "server", "sink", "mosquitto" })
        {
            string row = Assert.Single(lines, line => line.StartsWith(target + " ", StringComparison.Ordinal));
            Assert.DoesNotContain("skipped: needs", row); // a step the open-files limit does not allow
            Assert.DoesNotContain("unanswered", row);
            Assert.DoesNotContain("heartbeats counted", row); // each device sent at least one during its silence
        }

        Assert.Contains(lines, line => line.StartsWith("  1 viewers: server ", StringComparison.Ordinal));
    }
}
