namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>The dispatcher: a known command runs, anything else is a usage error listing the commands.</summary>
public sealed class ProgramTests
{
    [Fact]
    public void NoCommandIsAUsageError()
    {
        CommandRun run = CommandRun.Of();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("No command given.", run.Error);
        Assert.Contains("one of: analyze", run.Error);
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
