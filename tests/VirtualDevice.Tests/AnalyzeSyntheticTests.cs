using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HeartRateStreamer.Simulation.Ppg;

namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>analyze over synthetic recordings with a known truth, read back through the one-line JSON result.</summary>
public sealed class AnalyzeSyntheticTests : IDisposable
{
    private readonly TemporaryFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void JsonIsOneObjectOnTheLastLineWithTheTruthInIt()
    {
        var settings = new SyntheticPpgSettings { HeartRateBeatsPerMinute = 72.0, SampleRateHz = 100.0, TimestampJitterFraction = 0.3, RatioOfRatios = 0.6, WanderRatio = 0.5, NoiseRatio = 0.05 };
        SyntheticRecording recording = SyntheticRecording.Create(settings, 90.0);
        string path = _files.Write("finger.csv", recording.Csv);

        CommandRun run = CommandRun.Of("analyze", path, "--time-column", "time_ms", "--ir-column", "ir", "--red-column", "red", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        using JsonDocument json = JsonDocument.Parse(run.LastOutputLine);
        JsonElement root = json.RootElement;
        Assert.Equal(path, root.GetProperty("file").GetString());
        Assert.InRange(root.GetProperty("durationSeconds").GetDouble(), 89.5, 90.0);
        Assert.InRange(root.GetProperty("meanBpm").GetDouble(), recording.TrueMeanBeatsPerMinute - 1.0, recording.TrueMeanBeatsPerMinute + 1.0);
        Assert.InRange(root.GetProperty("medianBpm").GetDouble(), 72.0 * 0.95, 72.0 * 1.05);
        Assert.InRange(root.GetProperty("spo2").GetDouble(), MaximCurve(0.6) - 1.0, MaximCurve(0.6) + 1.0);
        Assert.InRange(root.GetProperty("validPercent").GetDouble(), 80.0, 100.0);

        // Every beat is in beatTimesMs, in order; about 72 per minute after the first two seconds of learning.
        int beats = root.GetProperty("beats").GetInt32();
        double[] times = root.GetProperty("beatTimesMs").EnumerateArray().Select(element => element.GetDouble()).ToArray();
        Assert.Equal(beats, times.Length);
        Assert.InRange(beats, (int)(recording.TrueMeanBeatsPerMinute * 88.0 / 60.0), (int)(recording.TrueMeanBeatsPerMinute * 90.0 / 60.0) + 1);
        Assert.True(times.Zip(times.Skip(1), (earlier, later) => later > earlier).All(ascending => ascending), "beat times ascend");
        Assert.Equal(["file", "durationSeconds", "beats", "meanBpm", "medianBpm", "spo2", "validPercent", "beatTimesMs"], root.EnumerateObject().Select(property => property.Name).ToArray());
        Assert.Equal(run.LastOutputLine, run.Output.Trim());
    }

    [Fact]
    public void EvenlySpacedRowsAfterAPreambleNeedOnlyTheSampleRate()
    {
        var settings = new SyntheticPpgSettings { HeartRateBeatsPerMinute = 100.0, SampleRateHz = 50.0, NoiseRatio = 0.05 };
        SyntheticRecording recording = SyntheticRecording.Create(settings, 60.0, preamble: "device: test rig\nsampled at 50 Hz\n\n", withTime: false);
        string path = _files.Write("preamble.csv", recording.Csv);

        CommandRun run = CommandRun.Of("analyze", path, "--sample-rate", "50", "--skip-lines", "3", "--signal-column", "ir", "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.LastOutputLine);
        Assert.InRange(json.RootElement.GetProperty("meanBpm").GetDouble(), recording.TrueMeanBeatsPerMinute - 1.0, recording.TrueMeanBeatsPerMinute + 1.0);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("spo2").ValueKind);
    }

    [Fact]
    public void InvertReadsASignalThatRisesWithEachBeat()
    {
        var settings = new SyntheticPpgSettings { HeartRateBeatsPerMinute = 64.0, SampleRateHz = 100.0, NoiseRatio = 0.05, DicroticWaveRatio = 0.6 };
        SyntheticRecording recording = SyntheticRecording.Create(settings, 60.0, rising: true);
        string path = _files.Write("rising.csv", recording.Csv);

        CommandRun run = CommandRun.Of("analyze", path, "--time-column", "time_ms", "--signal-column", "ir", "--invert", "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.LastOutputLine);
        Assert.InRange(json.RootElement.GetProperty("meanBpm").GetDouble(), recording.TrueMeanBeatsPerMinute - 1.0, recording.TrueMeanBeatsPerMinute + 1.0);
    }

    [Fact]
    public void NoiseWithoutAPulseReportsNoHeartRate()
    {
        var settings = new SyntheticPpgSettings { PulseAbsent = true, SampleRateHz = 100.0, NoiseRatio = 0.2, WanderRatio = 0.5 };
        string path = _files.Write("noise.csv", SyntheticRecording.Create(settings, 60.0).Csv);

        CommandRun run = CommandRun.Of("analyze", path, "--time-column", "time_ms", "--ir-column", "ir", "--red-column", "red", "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.LastOutputLine);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("meanBpm").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("spo2").ValueKind);
        Assert.Equal(0.0, json.RootElement.GetProperty("validPercent").GetDouble());
    }

    [Fact]
    public void TheReadableSummaryNamesEveryFigure()
    {
        var settings = new SyntheticPpgSettings { HeartRateBeatsPerMinute = 80.0, SampleRateHz = 25.0, NoiseRatio = 0.05 };
        string path = _files.Write("summary.csv", SyntheticRecording.Create(settings, 40.0).Csv);

        CommandRun run = CommandRun.Of("analyze", path, "--time-column", "time_ms", "--ir-column", "ir", "--red-column", "red");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"file:          {path}", run.Output);
        Assert.Contains("duration:      40.0 s (1001 samples, 25.0 samples/s on average)", run.Output);
        Assert.Matches(@"heart rate:    mean 8\d\.\d bpm, median", run.Output);
        Assert.Matches(@"SpO2:          9\d\.\d %", run.Output);
        Assert.Matches(@"valid reading: \d+ % of the time", run.Output);
    }

    [Fact]
    public void AReferenceRrSeriesAddsTheBeatByBeatComparison()
    {
        // Breathing swings the intervals by 5 % and each beat by 1 %: the reference is the generator's own onsets.
        var settings = new SyntheticPpgSettings { HeartRateBeatsPerMinute = 66.0, SampleRateHz = 100.0, RespiratoryVariabilityFraction = 0.05, BeatJitterFraction = 0.01, NoiseRatio = 0.02 };
        SyntheticRecording recording = SyntheticRecording.Create(settings, 120.0);
        string path = _files.Write("finger.csv", recording.Csv);
        string reference = _files.Write("RR.txt", recording.OnsetIntervalsText);

        CommandRun run = CommandRun.Of("analyze", path, "--time-column", "time_ms", "--signal-column", "ir", "--reference-rr", reference, "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.LastOutputLine);
        JsonElement compared = json.RootElement.GetProperty("reference");
        Assert.Equal("finger.csv", compared.GetProperty("record").GetString());
        Assert.Equal(60000.0 / recording.OnsetIntervalsMilliseconds.Average(), compared.GetProperty("referenceBpm").GetDouble(), 0.01);
        Assert.InRange(compared.GetProperty("referenceBeats").GetInt32(), 125, 132);
        Assert.Equal(100.0, compared.GetProperty("foundPercent").GetDouble());
        Assert.Equal(0, compared.GetProperty("extraBeats").GetInt32());
        Assert.InRange(compared.GetProperty("medianAbsIntervalErrorMs").GetDouble(), 0.0, 3.0);
        double rmssd = compared.GetProperty("rmssdMs").GetDouble();
        double referenceRmssd = compared.GetProperty("referenceRmssdMs").GetDouble();
        Assert.InRange(rmssd, referenceRmssd - Math.Max(5.0, 0.1 * referenceRmssd), referenceRmssd + Math.Max(5.0, 0.1 * referenceRmssd));

        CommandRun table = CommandRun.Of("analyze", path, "--time-column", "time_ms", "--signal-column", "ir", "--reference-rr", reference);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("valid reading:", table.Output);
        Assert.Matches(@"finger\.csv\s+6\d\.\d\d\s+6\d\.\d\d", table.Output);
        Assert.Contains("record       ref beats  found %  extra  NN  corrected %  |IBI error| ms  RMSSD ms (ref)  SDNN ms (ref)", table.Output);
        Assert.Matches(@"beats found: 100\.0 % of 1\d\d reference beats", table.Output);
        Match summary = Regex.Match(table.Output, @"RMSSD within 5 ms or 10 %: 1 of 1 records with a reading \(0 without\); mean \|RMSSD - reference\| (\d+\.\d\d) ms");
        Assert.True(summary.Success, table.Output);
        Assert.Equal(Math.Abs(rmssd - referenceRmssd), double.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture), 0.1);
    }

    [Fact]
    public void AStretchIsAnalyzedAgainstTheReferencesSameStretch()
    {
        // 60 bpm for a minute, then 90: the stretch from 70 s to 120 s is the fast part alone, on the file's own time
        // axis, so the whole-file reference (about 75 bpm on average) aligns as before and is read over the stretch only.
        var settings = new SyntheticPpgSettings { HeartRateBeatsPerMinute = 60.0, RateStepTimeSeconds = 60.0, SteppedHeartRateBeatsPerMinute = 90.0, SampleRateHz = 100.0, NoiseRatio = 0.02 };
        SyntheticRecording recording = SyntheticRecording.Create(settings, 120.0);
        string path = _files.Write("stepped.csv", recording.Csv);
        string reference = _files.Write("RR.txt", recording.OnsetIntervalsText);

        CommandRun run = CommandRun.Of("analyze", path, "--time-column", "time_ms", "--signal-column", "ir", "--reference-rr", reference, "--from", "70", "--to", "120", "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.LastOutputLine);
        JsonElement root = json.RootElement;
        Assert.Equal(70.0, root.GetProperty("fromSeconds").GetDouble());
        Assert.InRange(root.GetProperty("toSeconds").GetDouble(), 119.9, 120.0);
        Assert.InRange(root.GetProperty("durationSeconds").GetDouble(), 49.9, 50.0);
        Assert.All(root.GetProperty("beatTimesMs").EnumerateArray(), time => Assert.InRange(time.GetDouble(), 70000.0, 120000.0));
        Assert.InRange(root.GetProperty("meanBpm").GetDouble(), 89.0, 91.0);
        JsonElement compared = root.GetProperty("reference");
        Assert.InRange(compared.GetProperty("referenceBpm").GetDouble(), 89.5, 90.5);
        Assert.Equal(100.0, compared.GetProperty("foundPercent").GetDouble());
        Assert.Equal(0, compared.GetProperty("extraBeats").GetInt32());

        CommandRun table = CommandRun.Of("analyze", path, "--time-column", "time_ms", "--signal-column", "ir", "--from", "70");
        Assert.Contains("stretch:       70 s to 120 s after the first sample", table.Output);

        CommandRun beyond = CommandRun.Of("analyze", path, "--time-column", "time_ms", "--signal-column", "ir", "--from", "130");
        Assert.Equal(2, beyond.ExitCode);
        Assert.Contains($"{path}: nothing to analyze from 130 s after the first sample: the recording lasts 120 s (give --from and --to within it).", beyond.Error);
    }

    [Fact]
    public void TimesThatComeCloserThanHalfTheSamplePeriodAreNotedAsArrivalTimes()
    {
        // Each interval varies by ±60 %: one in twelve comes under half the usual (a sensor sampling steadily never
        // does, times logged on arrival do). At ±30 % none does, and nothing is noted.
        var settings = new SyntheticPpgSettings { HeartRateBeatsPerMinute = 70.0, SampleRateHz = 30.0, NoiseRatio = 0.02, TimestampJitterFraction = 0.6 };
        SyntheticRecording recording = SyntheticRecording.Create(settings, 60.0);
        string bunched = _files.Write("bunched.csv", recording.Csv);
        string reference = _files.Write("RR.txt", recording.OnsetIntervalsText);
        settings.TimestampJitterFraction = 0.3;
        string jittered = _files.Write("jittered.csv", SyntheticRecording.Create(settings, 60.0).Csv);

        CommandRun summary = CommandRun.Of("analyze", bunched, "--time-column", "time_ms", "--signal-column", "ir");
        CommandRun table = CommandRun.Of("analyze", bunched, "--time-column", "time_ms", "--signal-column", "ir", "--reference-rr", reference, "--json");
        CommandRun steady = CommandRun.Of("analyze", jittered, "--time-column", "time_ms", "--signal-column", "ir");

        Assert.Matches(@"note:          \d\.\d % of the gaps between samples are under half the usual 33\.\d ms: arrival times", summary.Output);
        using JsonDocument json = JsonDocument.Parse(table.LastOutputLine);
        Assert.Matches(@"^\d\.\d % of the gaps", json.RootElement.GetProperty("reference").GetProperty("notes")[0].GetString());
        CommandRun tables = CommandRun.Of("analyze", bunched, "--time-column", "time_ms", "--signal-column", "ir", "--reference-rr", reference);
        Assert.Single(Regex.Matches(tables.Output, "under half the usual"));
        Assert.Equal(0, steady.ExitCode);
        Assert.DoesNotContain("note:", steady.Output);
    }

    // The MAX32664 curve typed again from the reference (UG7087 p.13).
    private static double MaximCurve(double ratio) => Math.Min(100.0, 1.5958422 * ratio * ratio - 34.6596622 * ratio + 112.6898759);
}
