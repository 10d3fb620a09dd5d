using HeartRateStreamer.Simulation.Ppg;
using HeartRateStreamer.VirtualDevice.Board;

namespace HeartRateStreamer.VirtualDevice.Tests.Board;

/// <summary>
/// `--source FILE.csv`: the recording's columns are found as the header check finds them, in any case, so a header the
/// check accepts is played (with its red channel) instead of being refused by the reader a moment later.
/// </summary>
public sealed class RecordingWaveformTests : IDisposable
{
    private readonly TemporaryFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("Time,IR,Red")]
    [InlineData("time,ir,RED")]
    public void AHeaderInAnotherCaseIsPlayedWithItsRedChannel(string header)
    {
        string csv = SyntheticRecording.Create(new SyntheticPpgSettings(), 3).Csv;
        string path = _files.Write("upper.csv", header + csv[csv.IndexOf('\n')..]);

        var recording = new RecordingWaveform(path);

        Assert.True(recording.HasRed, "the red column should be played, so the device streams SpO2");
    }

    [Fact]
    public void ACameraRecordingWithItsRedClippedSaysItPlaysGreen()
    {
        // The welltory camera's R saturated in every frame: G is played, which only analyze used to say.
        var settings = new SyntheticPpgSettings { SampleRateHz = 30.0 };
        string csv = SyntheticRecording.CreateCamera(settings, 5, light => (255.0, 100.0 * light, 10.0)).Csv;
        string path = _files.Write("camera.csv", csv);

        var recording = new RecordingWaveform(path);

        Assert.Matches(@"^.*camera\.csv, \d+ samples over 5\.0 s, played once from column 'G' \(R in 100\.0 % of the frames clipped \(at 0 or 255\); G read instead\)\.$", recording.Description);
    }

    [Fact]
    public void ARecordingHasNoFingerToLiftAndSaysSo()
    {
        string csv = SyntheticRecording.Create(new SyntheticPpgSettings(), 3).Csv;
        string path = _files.Write("lift.csv", "time,ir,red" + csv[csv.IndexOf('\n')..]);
        var world = new SensorWorld(new SensorScene { SourceFile = path }, new HeartRateStreamer.Simulation.ManualClock());

        var refused = Assert.Throws<InvalidOperationException>(() => world.FingerLifted = true);

        Assert.Contains("a recording has no finger to lift; lift it on the synthetic finger (--source synthetic)", refused.Message);
        Assert.False(world.FingerLifted);
        world.FingerLifted = false; // putting it back asks nothing of a recording
    }

    [Fact]
    public void TheRunLogsTheRecordingAndItsColumnsBeforeTheDeviceStarts()
    {
        string csv = SyntheticRecording.Create(new SyntheticPpgSettings(), 3).Csv;
        string path = _files.Write("finger.csv", "time,ir,red" + csv[csv.IndexOf('\n')..]);

        // Port 9 (discard) on loopback: nothing listens; the log's first lines are what is asked for.
        CommandRun run = CommandRun.Of("run", "--server", "http://127.0.0.1:9", "--token", "token-of-no-plot", "--source", path, "--duration", "1");

        Assert.Matches(@"\] Recording: .*finger\.csv, \d+ samples over 3\.0 s, played once from column 'ir' with 'red' as red\.\n", run.Output.ReplaceLineEndings("\n"));
        Assert.True(run.Output.IndexOf("Recording: ", StringComparison.Ordinal) < run.Output.IndexOf("starting.", StringComparison.Ordinal), run.Output);
    }
}
