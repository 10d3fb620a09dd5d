using System.Text.Json;

namespace HeartRateStreamer.VirtualDevice.Tests;

/// <summary>
/// Real PPG against a chest strap: the welltory recordings (camera PPG at 26..30 irregular frames/s; 14 in ../shared, beside
/// the repository: a clone without it, as CI's, skips these tests, WelltoryFactAttribute). The bounds guard what the
/// estimator achieves, with a margin: measured 2026-12-07, MAE 0.60 bpm, worst record 1.48 (1.86 among the 7 others of the
/// collection, tools/virtual-device/ACCURACY.md); the issue's bar was MAE 2 bpm, no record worse than 5.
/// </summary>
public sealed class WelltoryTests
{
    [WelltoryFact]
    public void EveryRecordIsWithinTwoBpmAndTheMeanErrorWithinPointEight()
    {
        CommandRun run = CommandRun.Of("analyze", "--welltory", WelltoryFactAttribute.WelltoryDirectory, "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.LastOutputLine);
        JsonElement[] records = json.RootElement.GetProperty("records").EnumerateArray().ToArray();
        Assert.Equal(WelltoryFactAttribute.SubjectCount, records.Length);
        Assert.True(records.Length >= 14, $"the 14 shared records at least, got {records.Length}");
        foreach (JsonElement record in records)
        {
            Assert.True(record.GetProperty("estimatedBpm").ValueKind == JsonValueKind.Number, $"{record.GetProperty("record").GetString()} has an estimate");
            Assert.True(record.GetProperty("absoluteError").GetDouble() <= 2.0, $"{record} is more than 2 bpm off");
        }

        Assert.InRange(json.RootElement.GetProperty("meanAbsoluteError").GetDouble(), 0.0, 0.8);
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
        Assert.Matches($@"MAE over {WelltoryFactAttribute.SubjectCount} records: \d\.\d\d bpm \(worst \d\.\d\d bpm\)", run.Output);
    }

    [WelltoryFact]
    public void TheBeatTableComparesBeatsIntervalsAndVariabilityWithTheStrap()
    {
        // Guards against regressions, not the issue's goal (the README states how far from it the estimator is):
        // measured 97.2 % of the beats found (worst record 91.7 %), 15 extra beats, 7 by the look-back, median interval
        // error 6.6 ms (median of the records, worst 19.6 ms), at most 74 % of a record's intervals marked, an HRV reading on
        // 13 of 14 records, 8 of them within 5 ms or 10 % of the strap's RMSSD over the same minute. The bounds are per
        // record, so they hold for the whole collection too (all 21: worst 91.7 %, 17 extra beats, 20 readings, 14 within
        // the goal, 6.6 ms).
        CommandRun run = CommandRun.Of("analyze", "--welltory", WelltoryFactAttribute.WelltoryDirectory, "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.LastOutputLine);
        int readings = 0;
        int withinGoal = 0;
        var intervalErrors = new List<double>();
        int lookBackBeats = 0;
        int extraBeats = 0;
        foreach (JsonElement record in json.RootElement.GetProperty("records").EnumerateArray())
        {
            string name = record.GetProperty("record").GetString()!;
            Assert.InRange(record.GetProperty("referenceBeats").GetInt32(), 80, 110);
            Assert.True(record.GetProperty("foundPercent").GetDouble() >= 90.0, $"{name}: most beats found");
            double intervalError = record.GetProperty("medianAbsIntervalErrorMs").GetDouble();
            Assert.True(intervalError <= 25.0, $"{name}: intervals within 25 ms");
            intervalErrors.Add(intervalError);
            if (record.GetProperty("rmssdMs").ValueKind == JsonValueKind.Number)
            {
                readings++;
                double reference = record.GetProperty("referenceRmssdMs").GetDouble();
                withinGoal += Math.Abs(record.GetProperty("rmssdMs").GetDouble() - reference) <= Math.Max(5.0, 0.1 * reference) ? 1 : 0;
            }

            Assert.InRange(record.GetProperty("correctedPercent").GetDouble(), 0.0, 85.0);
            lookBackBeats += record.GetProperty("lookBackBeats").GetInt32();
            extraBeats += record.GetProperty("extraBeats").GetInt32();
        }

        int count = WelltoryFactAttribute.SubjectCount;
        Assert.True(extraBeats <= 1.3 * count, $"few beats the strap did not see: {extraBeats} on {count} records");

        // Beats hidden by the start-up scale on a few records (issue 18, sixth round: 5) are found by the look-back.
        Assert.True(lookBackBeats >= 3, $"the look-back finds start-up beats, got {lookBackBeats}");

        Assert.True(readings >= 0.85 * count, $"an RMSSD reading on most records, got {readings} of {count}");
        Assert.True(withinGoal >= 0.5 * count, $"RMSSD within 5 ms or 10 % of the strap's on many records with a reading, got {withinGoal} of {count}");
        intervalErrors.Sort();
        Assert.True(intervalErrors[intervalErrors.Count / 2] <= 8.0, $"median interval error (median of the records) {intervalErrors[intervalErrors.Count / 2]:F1} ms");

        CommandRun table = CommandRun.Of("analyze", "--welltory", WelltoryFactAttribute.WelltoryDirectory);
        Assert.Contains("record       ref beats  found %  extra  NN  corrected %  |IBI error| ms  RMSSD ms (ref)  SDNN ms (ref)", table.Output);
        Assert.Matches($@"beats found: \d+\.\d % of \d+ reference beats \(\d+ beats found by look-back\), \d+ extra; \d+ of {count} records at least 98 %", table.Output);
        Assert.Matches(@"RMSSD within 5 ms or 10 %: \d+ of \d+ records with a reading", table.Output);
    }
}
