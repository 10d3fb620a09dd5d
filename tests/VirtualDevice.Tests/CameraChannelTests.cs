using System.Text.Json;
using HeartRateStreamer.Simulation.Ppg;

namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>
/// `analyze --welltory` on phone-camera recordings whose red channel the exposure clipped: the pulse is read from the
/// channel that still carries it, and the tables say which and why.
/// </summary>
public sealed class CameraChannelTests : IDisposable
{
    private readonly TemporaryFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void AClippedRedChannelIsReplacedByGreen()
    {
        // subject_01 as most welltory records: the pulse in R, G dark. subject_02 as a camera whose exposure saturates
        // red (every frame at 255, as on two recordings of the collection): the pulse only in G.
        SyntheticRecording usual = Write("subject_01", 70.0, light => (200.0 * light, 0.0, 5.0));
        SyntheticRecording clipped = Write("subject_02", 80.0, light => (Math.Min(255.0, 300.0 * light), 60.0 * light, 2.0));

        CommandRun run = CommandRun.Of("analyze", "--welltory", _files.Directory, "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.LastOutputLine);
        JsonElement[] records = json.RootElement.GetProperty("records").EnumerateArray().ToArray();
        Assert.Equal("R", records[0].GetProperty("channel").GetString());
        Assert.Empty(records[0].GetProperty("notes").EnumerateArray());
        Assert.Equal("G", records[1].GetProperty("channel").GetString());
        Assert.Equal(["R in 100.0 % of the frames clipped (at 0 or 255); G read instead"], records[1].GetProperty("notes").EnumerateArray().Select(note => note.GetString()));
        foreach ((JsonElement record, SyntheticRecording truth) in records.Zip([usual, clipped]))
        {
            Assert.InRange(record.GetProperty("estimatedBpm").GetDouble(), truth.TrueMeanBeatsPerMinute - 1.0, truth.TrueMeanBeatsPerMinute + 1.0);
            Assert.Equal(100.0, record.GetProperty("foundPercent").GetDouble());
        }

        CommandRun table = CommandRun.Of("analyze", "--welltory", _files.Directory);
        Assert.Contains("subject_02: R in 100.0 % of the frames clipped (at 0 or 255); G read instead", table.Output);
        Assert.DoesNotContain("subject_01:", table.Output);
    }

    [Fact]
    public void WhenEveryChannelIsClippedTheLeastClippedIsReadAndSaidSo()
    {
        // R saturated, G dark, B at the edge of its range: its brightest frames (between beats) clip, its beats do not.
        Write("subject_01", 75.0, light => (255.0, 0.0, Math.Min(255.0, 256.0 * light)));

        CommandRun run = CommandRun.Of("analyze", "--welltory", _files.Directory, "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.LastOutputLine);
        JsonElement record = json.RootElement.GetProperty("records")[0];
        Assert.Equal("B", record.GetProperty("channel").GetString());
        Assert.Matches(@"^every channel clipped \(at 0 or 255\): R in 100\.0 %, G in 100\.0 %, B in \d+\.\d % of the frames; B, the least clipped, read$", record.GetProperty("notes")[0].GetString());
    }

    // A minute of a subject at `bpm`, its camera channels from `channels`, with the generator's onsets as RR.txt.
    private SyntheticRecording Write(string subject, double bpm, Func<double, (double R, double G, double B)> channels)
    {
        var settings = new SyntheticPpgSettings { HeartRateBeatsPerMinute = bpm, SampleRateHz = 30.0, NoiseRatio = 0.02, RespiratoryVariabilityFraction = 0.03 };
        SyntheticRecording recording = SyntheticRecording.CreateCamera(settings, 60.0, channels);
        _files.Write(Path.Combine(subject, "PPG.csv"), recording.Csv);
        _files.Write(Path.Combine(subject, "RR.txt"), recording.OnsetIntervalsText);
        return recording;
    }
}
