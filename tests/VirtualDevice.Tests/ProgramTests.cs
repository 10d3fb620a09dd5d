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

    [Fact]
    public void AnalyzeHelpPrintsTheUsageAndSucceeds()
    {
        CommandRun run = CommandRun.Of("analyze", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--welltory DIR", run.Output);
        Assert.Equal("", run.Error);
    }
}
