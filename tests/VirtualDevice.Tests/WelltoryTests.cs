using System.Text.Json;

namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>
/// Real PPG against a chest strap: the 14 welltory recordings (camera PPG at 26..30 irregular frames/s). The issue's
/// bar: mean absolute error of the mean heart rate at most 2 bpm, no record worse than 5 bpm.
/// </summary>
public sealed class WelltoryTests
{
    [WelltoryFact]
    public void EveryRecordIsWithinFiveBpmAndTheMeanErrorWithinTwo()
    {
        CommandRun run = CommandRun.Of("analyze", "--welltory", WelltoryFactAttribute.WelltoryDirectory, "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.LastOutputLine);
        JsonElement[] records = json.RootElement.GetProperty("records").EnumerateArray().ToArray();
        Assert.Equal(14, records.Length);
        foreach (JsonElement record in records)
        {
            Assert.True(record.GetProperty("estimatedBpm").ValueKind == JsonValueKind.Number, $"{record.GetProperty("record").GetString()} has an estimate");
            Assert.True(record.GetProperty("absoluteError").GetDouble() <= 5.0, $"{record} is more than 5 bpm off");
        }

        Assert.InRange(json.RootElement.GetProperty("meanAbsoluteError").GetDouble(), 0.0, 2.0);
    }

    [WelltoryFact]
    public void TheStrongDicroticWaveOfSubject01IsNotCountedAsABeat()
    {
        // About 54 bpm with a second bump in every pulse: counting it would report about 108.
        string file = Path.Combine(WelltoryFactAttribute.WelltoryDirectory, "subject_01", "PPG.csv");

        CommandRun run = CommandRun.Of("analyze", file, "--time-column", "time", "--signal-column", "R", "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.LastOutputLine);
        Assert.InRange(json.RootElement.GetProperty("meanBpm").GetDouble(), 54.46 - 2.0, 54.46 + 2.0);
        Assert.InRange(json.RootElement.GetProperty("beats").GetInt32(), 95, 106);
    }

    [WelltoryFact]
    public void TheTableListsEveryRecordAndTheMeanAbsoluteError()
    {
        CommandRun run = CommandRun.Of("analyze", "--welltory", WelltoryFactAttribute.WelltoryDirectory);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("record       reference bpm  estimated bpm  abs error", run.Output);
        Assert.Matches(@"subject_01\s+54\.46\s+5\d\.\d\d\s+\d\.\d\d", run.Output);
        Assert.Matches(@"MAE over 14 records: \d\.\d\d bpm \(worst \d\.\d\d bpm\)", run.Output);
    }

    [WelltoryFact]
    public void TheBeatTableComparesBeatsIntervalsAndVariabilityWithTheStrap()
    {
        // Guards against regressions, not the issue's goal (the README states how far from it the estimator is):
        // measured 93.8 % of the beats found, median interval error 9.7 ms, an HRV reading on 12 of 14 records.
        CommandRun run = CommandRun.Of("analyze", "--welltory", WelltoryFactAttribute.WelltoryDirectory, "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.LastOutputLine);
        int readings = 0;
        foreach (JsonElement record in json.RootElement.GetProperty("records").EnumerateArray())
        {
            string name = record.GetProperty("record").GetString()!;
            Assert.InRange(record.GetProperty("referenceBeats").GetInt32(), 80, 110);
            Assert.True(record.GetProperty("foundPercent").GetDouble() >= 75.0, $"{name}: most beats found");
            Assert.True(record.GetProperty("medianAbsIntervalErrorMs").GetDouble() <= 50.0, $"{name}: intervals within tens of ms");
            readings += record.GetProperty("rmssdMs").ValueKind == JsonValueKind.Number ? 1 : 0;
            Assert.InRange(record.GetProperty("correctedPercent").GetDouble(), 0.0, 95.0);
        }

        Assert.True(readings >= 10, $"an RMSSD reading on most records, got {readings}");

        CommandRun table = CommandRun.Of("analyze", "--welltory", WelltoryFactAttribute.WelltoryDirectory);
        Assert.Contains("record       ref beats  found %  extra  NN  corrected %  |IBI error| ms  RMSSD ms (ref)  SDNN ms (ref)", table.Output);
        Assert.Matches(@"beats found: \d+\.\d % of \d+ reference beats; \d+ of 14 records at least 98 %", table.Output);
        Assert.Matches(@"RMSSD within 5 ms or 10 %: \d+ of \d+ records with a reading", table.Output);
    }
}
