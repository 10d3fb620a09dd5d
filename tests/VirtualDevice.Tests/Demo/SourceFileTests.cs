namespace HeartRateStreamer.VirtualDevice.Tests.Demo;

/// <summary>
/// `--source FILE.csv` is checked with the other options, before the embedded server starts: a recording that is not
/// there or cannot be played, or a device.json whose sensor cannot play one, is named with exit code 2, where it used to
/// be found only after the server had started. Without the usage: it is about a file, not the command line, and the
/// usage used to bury the message.
/// </summary>
public sealed class SourceFileTests : IDisposable
{
    private readonly TemporaryFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ARecordingThatIsNotThereIsNamedBeforeTheServerStarts()
    {
        CommandRun run = CommandRun.Of("--source", "missing.csv", "--duration", "1");

        AssertNamedBeforeTheServer(run, "virtual-device: --source missing.csv: no such file; give a CSV recording or 'synthetic'.");
    }

    // A file that is there and may be read but whose reading fails (here the kernel's EIO) crashed the command.
    [Fact]
    public void ARecordingWhoseReadingFailsIsNamedBeforeTheServerStarts()
    {
        CommandRun run = CommandRun.Of("--source", "/proc/self/mem", "--duration", "1");

        AssertNamedBeforeTheServer(run, "virtual-device: /proc/self/mem could not be read (Input/output error");
        Assert.Contains("give an ordinary file.", run.Error);
    }

    [Fact]
    public void ARecordingWithoutDataRowsIsNamedBeforeTheServerStarts()
    {
        string csv = _files.Write("header-only.csv", "time,ir,red\n");

        CommandRun run = CommandRun.Of("--source", csv, "--duration", "1");

        AssertNamedBeforeTheServer(run, "the header on line 1 is followed by no data rows");
    }

    [Fact]
    public void ARecordingSeparatedBySemicolonsSaysSoBeforeTheServerStarts()
    {
        string csv = _files.Write("export.csv", "time;ir;red\n0;1000;900\n10;1010;910\n");

        CommandRun run = CommandRun.Of("--source", csv, "--duration", "1");

        AssertNamedBeforeTheServer(run, "The header is separated by ';', not commas");
    }

    [Fact]
    public void AnAnalogSensorInDeviceJsonWithARecordingIsNamedBeforeTheServerStarts()
    {
        string csv = _files.Write("recording.csv", "time,ir\n0,1000\n10,1010\n20,1000\n");
        string config = _files.Write("device.json", """{ "server": { "url": "http://192.168.1.20:8080", "pulseToken": "pulse-token-1" }, "sensor": { "type": "analog" } }""");

        CommandRun run = CommandRun.Of("--config", config, "--source", csv, "--duration", "1");

        AssertNamedBeforeTheServer(run, "a recording is played through the simulated MAX30102");
    }

    // Both halves on the command line: its mistake, so the usage follows (the same sensor from device.json is the file's, above).
    [Fact]
    public void AnAnalogSensorOptionWithARecordingIsACommandLineMistake()
    {
        string csv = _files.Write("recording.csv", "time,ir\n0,1000\n10,1010\n20,1000\n");

        foreach (string[] command in (string[][])[[], ["run", "--server", "http://192.168.1.20:8080", "--token", "pulse-token-1"]])
        {
            CommandRun run = CommandRun.Of([.. command, "--sensor", "analog", "--source", csv, "--duration", "1"]);

            Assert.True(run.ExitCode == 2, $"{string.Join(' ', command)}: exit code {run.ExitCode}; errors: {run.Error}\n{run.Output}");
            Assert.Contains("--sensor analog with --source FILE.csv: a recording is played through the simulated MAX30102; leave out --sensor", run.Error);
            Assert.Contains("Usage:", run.Error);
            Assert.DoesNotContain("stream server (embedded)", run.Output);
        }
    }

    private static void AssertNamedBeforeTheServer(CommandRun run, string expected)
    {
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}; errors: {run.Error}\n{run.Output}");
        Assert.Contains(expected, run.Error);
        Assert.DoesNotContain("stream server (embedded)", run.Output);
        Assert.DoesNotContain("Usage:", run.Error);
        Assert.DoesNotContain("Options:", run.Error);
    }
}
