using HeartRateStreamer.VirtualDevice.Demo;
using HeartRateStreamer.VirtualDevice.Run;

namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>
/// --duration has one range for the default command and run, both timed by the same real-time run: the default command
/// used to refuse under 1 s what run took from 0.1 s, each range written in its own place with nothing behind the 1.
/// </summary>
public sealed class DurationOptionTests
{
    private static readonly string[] s_run = ["run", "--server", "http://127.0.0.1:9", "--token", "token-of-no-plot"];

    [Fact]
    public void BothCommandsTakeTheShortestDurationARunCanKeep()
    {
        // The run's tick: it looks at its clock every 0.1 s. The demo's plot link does not need more: the run waits for it first.
        Assert.Equal(TimeSpan.FromSeconds(0.1), DemoOptions.Parse(["--duration", "0.1"]).Duration);
        Assert.Equal(TimeSpan.FromSeconds(0.1), RunOptions.Parse([.. s_run[1..], "--duration", "0.1"]).Duration);
    }

    [Theory]
    [InlineData("0.05")]
    [InlineData("604801")]
    public void BothCommandsRefuseADurationOutOfRangeInTheSameWordsSayingWhy(string seconds)
    {
        CommandRun demo = CommandRun.Of("--duration", seconds);
        CommandRun run = CommandRun.Of([.. s_run, "--duration", seconds]);

        string expected = $"--duration '{seconds}' must be a number from 0.1 to 604800: seconds, no fewer than the 0.1 s between a run's looks at its clock "
            + "(it cannot end sooner), no more than a week (to run longer, leave --duration out and end the run with Ctrl+C).";
        Assert.Equal(2, demo.ExitCode);
        Assert.Contains("virtual-device: " + expected, demo.Error);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("run: " + expected, run.Error);
    }
}
