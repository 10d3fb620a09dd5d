using System.Globalization;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.VirtualDevice.Adapters;
using HeartRateStreamer.VirtualDevice.Run;

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
    [InlineData("--duration 'NaN' must be a number from 0.1 to 604800: seconds", "--duration", "NaN")]
    [InlineData("--bpm '-nan' must be a number from 30 to 240.", "--bpm", "-nan", "--duration", "1")]
    public void RunRefusesANumberThatIsNotANumber(string expected, params string[] options)
    {
        // NaN passes no comparison, so a range check of "below the minimum or above the maximum" let it through.
        CommandRun run = CommandRun.Of(["run", "--server", "http://127.0.0.1:9", "--token", "token-of-no-plot", .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
    }

    [Theory]
    [InlineData("30.7")]
    [InlineData("60")]
    [InlineData("0")]
    [InlineData("NaN")]
    public void RunJudgesHeartbeatSecondsAsTheFirmwareJudgesTheSameNumberInDeviceJson(string seconds)
    {
        // --heartbeat-seconds stands for server.heartbeatSeconds: a fraction (once cut to a whole number without a word)
        // or a number out of range is refused in the firmware's own words, with the usage and exit code 2; where the
        // firmware's warning goes on to what a board does then ("Using the default 30." for 60 and 0, "It is ignored and
        // the default is used." for 30.7 and NaN), the command refuses instead and uses nothing.
        var reader = new ConfigurationReader();
        reader.Apply(ConfigurationKeys.ServerHeartbeatSeconds, double.Parse(seconds, CultureInfo.InvariantCulture));
        string firmwareWords = reader.GetProblem(0).Problem;
        Assert.NotEqual("", reader.GetProblem(0).Consequence);

        CommandRun run = CommandRun.Of("run", "--server", "http://127.0.0.1:9", "--token", "token-of-no-plot", "--heartbeat-seconds", seconds, "--duration", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--heartbeat-seconds '{seconds}': {firmwareWords}", run.Error);
        Assert.DoesNotContain("Using the default", run.Error);
        Assert.DoesNotContain("default is used", run.Error);
        Assert.DoesNotContain("Using the default", run.Output); // nor the board's warning before the refusal
        Assert.Contains("Usage:", run.Error);
    }

    [Theory]
    [InlineData("--bpm-token", "a b", "Heart rate is not streamed")]
    [InlineData("--token", "short", "The device cannot stream without it")]
    public void RunRefusesABadTokenWithoutWhatABoardWouldDoWithoutIt(string option, string token, string boardConsequence)
    {
        // A board goes on without the trace (or cannot stream); the command refuses the option and does neither.
        string[] arguments = option == "--token"
            ? ["run", "--server", "http://127.0.0.1:9", "--token", token, "--duration", "1"]
            : ["run", "--server", "http://127.0.0.1:9", "--token", "token-of-no-plot", option, token, "--duration", "1"];
        CommandRun run = CommandRun.Of(arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{option} '{token}': is not a stream token", run.Error);
        Assert.DoesNotContain(boardConsequence, run.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(boardConsequence, run.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RunTakesAWholeHeartbeatWrittenWithADecimalPoint()
    {
        DeviceSettings settings = RunOptions.Parse(["--server", "http://127.0.0.1:9", "--token", "token-of-no-plot", "--heartbeat-seconds", "20.0"])
            .Configuration.Load(new SystemClock(), new TextLogOutput(TextWriter.Null));

        Assert.Equal(20, settings.HeartbeatSeconds);
    }

    [Fact]
    public void RunStreamsRmssdAndSdnnToTheTokensItIsGiven()
    {
        DeviceSettings settings = RunOptions.Parse(["--server", "http://127.0.0.1:9", "--token", "token-of-no-plot",
                "--rmssd-token", "rmssd-stream-token", "--sdnn-token", "sdnn-stream-token"])
            .Configuration.Load(new SystemClock(), new TextLogOutput(TextWriter.Null));

        Assert.Equal(("rmssd-stream-token", "sdnn-stream-token"), (settings.RmssdToken, settings.SdnnToken));
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
