namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>The dispatcher: a known command runs, anything else is a usage error listing the commands.</summary>
public sealed class ProgramTests
{
    [Fact]
    public void OptionsWithoutACommandGoToTheWholeSystemCommand()
    {
        CommandRun run = CommandRun.Of("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--faults", run.Output);
    }

    [Fact]
    public void AnUnknownCommandIsNamed()
    {
        CommandRun run = CommandRun.Of("analyse", "x.csv");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unknown command 'analyse'.", run.Error);
    }

    [Theory]
    [InlineData("--duration 'NaN' must be a number from 0.1 to 604800.", "--duration", "NaN")]
    [InlineData("--heartbeat-seconds 'NaN' must be a number from 1 to 59.", "--heartbeat-seconds", "NaN", "--duration", "1")]
    [InlineData("--bpm '-nan' must be a number from 30 to 240.", "--bpm", "-nan", "--duration", "1")]
    public void RunRefusesANumberThatIsNotANumber(string expected, params string[] options)
    {
        // NaN passes no comparison, so a range check of "below the minimum or above the maximum" let it through.
        CommandRun run = CommandRun.Of(["run", "--server", "http://127.0.0.1:9", "--token", "token-of-no-plot", .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
    }

    [Fact]
    public void AnalyzeHelpPrintsTheUsageAndSucceeds()
    {
        CommandRun run = CommandRun.Of("analyze", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--welltory DIR", run.Output);
        Assert.Equal("", run.Error);
    }
}
