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
}
