using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>`analyze`: the firmware's pulse estimator over a recording, from the command line (see <see cref="AnalyzeOptions.Usage"/>).</summary>
public static class AnalyzeCommand
{
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    /// <summary>Runs analyze; returns 0, or 2 for bad input with the reason on <paramref name="error"/>.</summary>
    public static int Run(string[] arguments, TextWriter output, TextWriter error)
    {
        AnalyzeOptions options;
        try
        {
            options = AnalyzeOptions.Parse(arguments);
        }
        catch (InputException exception)
        {
            return OptionValues.Refuse(exception, "analyze", AnalyzeOptions.Definition, error);
        }

        if (options.Help)
        {
            output.WriteLine(AnalyzeOptions.Usage);
            return 0;
        }

        try
        {
            if (options.WelltoryDirectory != null)
            {
                IReadOnlyList<ReferencedRecording> records = WelltoryDataSet.Analyze(options.WelltoryDirectory);
                output.WriteLine(options.Json ? WelltoryJson(records) : ReferenceTables(records));
                return 0;
            }

            // The reference is read first: a mistake in it is reported before minutes of estimating.
            IReadOnlyList<double>? reference = options.ReferenceRrPath != null ? ReferenceIntervalsFile.Read(options.ReferenceRrPath) : null;
            AnalysisResult result = AnalyzeFile(options.FilePath!, options.SkipLines, options.TimeColumn, options.SampleRateHz, options.SignalColumn, options.RedColumn, options.Invert, options.FromSeconds, options.ToSeconds);
            ReferencedRecording? compared = reference != null ? ReferencedRecording.Compare(Path.GetFileName(result.File), result, reference) : null;
            output.WriteLine(options.Json ? Json(result, compared) : Summary(result, compared));
            return 0;
        }
        catch (InputException exception)
        {
            return OptionValues.Refuse(exception, "analyze: error", AnalyzeOptions.Definition, error);
        }
        catch (IOException exception)
        {
            error.WriteLine($"analyze: error: cannot read the input: {exception.Message}");
            return Program.UsageExitCode;
        }
    }

    /// <summary>
    /// Reads a CSV file and runs the estimator over it, or over the samples from <paramref name="fromSeconds"/> to
    /// <paramref name="toSeconds"/> after the first one (times stay the file's, so a reference aligns as for the whole).
    /// Every row is read either way, so a mistake anywhere in the file is still reported.
    /// </summary>
    public static AnalysisResult AnalyzeFile(string path, int skipLines, string? timeColumn, double sampleRateHz, string signalColumn, string? redColumn, bool pulseRaisesSignal,
        double fromSeconds = 0.0, double toSeconds = double.PositiveInfinity)
    {
        using var reader = new CsvSampleReader(path, skipLines, timeColumn, sampleRateHz, signalColumn, redColumn);
        var analyzer = new RecordingAnalyzer(pulseRaisesSignal);
        int kept = 0;
        while (reader.TryRead(out long timeMicroseconds, out float signal, out float red))
        {
            double seconds = (timeMicroseconds - reader.FirstTimeMicroseconds) / 1000000.0;
            if (seconds >= fromSeconds && seconds <= toSeconds)
            {
                analyzer.Add(timeMicroseconds, signal, red, reader.HasRed);
                kept++;
            }
        }

        bool wholeFile = fromSeconds == 0.0 && double.IsPositiveInfinity(toSeconds);
        double recordingSeconds = (reader.LastTimeMicroseconds - reader.FirstTimeMicroseconds) / 1000000.0;
        if (!wholeFile && kept < 2)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: nothing to analyze from {fromSeconds} s{(double.IsPositiveInfinity(toSeconds) ? "" : $" to {toSeconds} s")} after the first sample: the recording lasts {recordingSeconds:0.###} s (give --from and --to within it)."));
        }

        AnalysisResult result = analyzer.Finish(path, reader.HasRed) with { SignalColumn = signalColumn };
        return wholeFile ? result : result with { Stretch = new AnalyzedStretch(fromSeconds, Math.Min(toSeconds, recordingSeconds)) };
    }

    /// <summary>The readable summary of one recording, followed by the reference tables when it was compared with one.</summary>
    public static string Summary(AnalysisResult result, ReferencedRecording? compared = null)
    {
        var text = new StringBuilder();
        double rate = result.DurationSeconds > 0.0 ? (result.SampleCount - 1) / result.DurationSeconds : 0.0;
        text.AppendLine(Invariant($"file:          {result.File}"));
        if (result.Stretch is AnalyzedStretch stretch)
        {
            text.AppendLine(Invariant($"stretch:       {stretch.FromSeconds:0.###} s to {stretch.ToSeconds:0.###} s after the first sample"));
        }

        text.AppendLine(Invariant($"duration:      {result.DurationSeconds:F1} s ({result.SampleCount} samples, {rate:F1} samples/s on average)"));
        text.AppendLine(Invariant($"beats:         {result.BeatTimesMilliseconds.Count}"));
        text.AppendLine(result.MeanBeatsPerMinute is double mean
            ? Invariant($"heart rate:    mean {mean:F1} bpm, median {result.MedianBeatsPerMinute:F1} bpm (over {result.IntervalsMilliseconds.Count} regular intervals with a valid reading)")
            : "heart rate:    no valid reading");
        text.AppendLine(!result.HasRed ? "SpO2:          no red channel given"
            : result.OxygenSaturationPercent is double oxygen ? Invariant($"SpO2:          {oxygen:F1} % (time-weighted mean of valid readings, MAX32664 calibration)")
            : "SpO2:          no valid reading");
        text.Append(Invariant($"valid reading: {result.ValidPercent:F0} % of the time"));
        foreach (string note in result.Notes)
        {
            text.AppendLine();
            text.Append($"note:          {note}");
        }

        if (compared != null)
        {
            text.AppendLine().AppendLine().Append(ReferenceTables([compared], listNotes: false));
        }

        return text.ToString();
    }

    /// <summary>One line of JSON with the fields the issue names, and "reference" (as a welltory record) when compared with one.</summary>
    public static string Json(AnalysisResult result, ReferencedRecording? compared = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("file", result.File);
            if (result.Stretch is AnalyzedStretch stretch)
            {
                json.WriteNumber("fromSeconds", Math.Round(stretch.FromSeconds, 3));
                json.WriteNumber("toSeconds", Math.Round(stretch.ToSeconds, 3));
            }

            json.WriteNumber("durationSeconds", Math.Round(result.DurationSeconds, 3));
            json.WriteNumber("beats", result.BeatTimesMilliseconds.Count);
            WriteNumberOrNull(json, "meanBpm", result.MeanBeatsPerMinute, 2);
            WriteNumberOrNull(json, "medianBpm", result.MedianBeatsPerMinute, 2);
            WriteNumberOrNull(json, "spo2", result.OxygenSaturationPercent, 2);
            json.WriteNumber("validPercent", Math.Round(result.ValidPercent, 1));
            json.WriteStartArray("beatTimesMs");
            foreach (double time in result.BeatTimesMilliseconds)
            {
                json.WriteNumberValue(Math.Round(time, 1));
            }

            json.WriteEndArray();
            if (compared != null)
            {
                json.WritePropertyName("reference");
                WriteRecord(json, compared);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// The tables against a reference: mean heart rate per record (reference, estimate, error, and the MAE), then beats,
    /// intervals and heart-rate variability (<see cref="BeatTable"/>). Each record's notes follow the first table, unless
    /// the summary above already gave them (<paramref name="listNotes"/> false).
    /// </summary>
    public static string ReferenceTables(IReadOnlyList<ReferencedRecording> records, bool listNotes = true)
    {
        var text = new StringBuilder();
        text.AppendLine("record       reference bpm  estimated bpm  abs error  valid %");
        foreach (ReferencedRecording record in records)
        {
            string estimate = record.Analysis.MeanBeatsPerMinute is double mean ? mean.ToString("F2", s_invariant) : "none";
            text.AppendLine(Invariant($"{record.Name,-12} {record.ReferenceBeatsPerMinute,13:F2}  {estimate,13}  {record.AbsoluteError,9:F2}  {record.Analysis.ValidPercent,7:F0}"));
        }

        text.AppendLine(Invariant($"MAE over {records.Count} records: {MeanAbsoluteError(records):F2} bpm (worst {records.Max(record => record.AbsoluteError):F2} bpm)"));
        string stretch = records.Any(record => record.Analysis.Stretch != null) ? " inside the analyzed stretch" : "";
        text.AppendLine($"reference: 60000 / mean of the reference RR intervals{stretch}; estimate: 60000 / mean of the intervals the estimator vouched for");
        if (listNotes)
        {
            foreach (ReferencedRecording record in records)
            {
                foreach (string note in record.Analysis.Notes)
                {
                    text.AppendLine($"{record.Name}: {note}");
                }
            }
        }

        text.AppendLine();
        text.Append(BeatTable(records));
        return text.ToString();
    }

    /// <summary>The welltory comparison as one line of JSON.</summary>
    public static string WelltoryJson(IReadOnlyList<ReferencedRecording> records)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("records");
            foreach (ReferencedRecording record in records)
            {
                WriteRecord(json, record);
            }

            json.WriteEndArray();
            json.WriteNumber("meanAbsoluteError", Math.Round(MeanAbsoluteError(records), 3));
            json.WriteNumber("worstAbsoluteError", Math.Round(records.Max(record => record.AbsoluteError), 3));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Beats, NN intervals and HRV per record against the chest strap, with the goal's summary.</summary>
    public static string BeatTable(IReadOnlyList<ReferencedRecording> records)
    {
        var text = new StringBuilder();
        text.AppendLine("record       ref beats  found %  extra  NN  corrected %  |IBI error| ms  RMSSD ms (ref)  SDNN ms (ref)");
        foreach (ReferencedRecording record in records)
        {
            BeatComparison beats = record.Beats;
            string error = beats.MedianAbsoluteIntervalErrorMilliseconds is double median ? median.ToString("F1", s_invariant) : "none";
            text.AppendLine(Invariant($"{record.Name,-12} {beats.ReferenceBeats,9}  {beats.FoundPercent,7:F1}  {beats.UnmatchedBeats,5}  {record.Analysis.Beats.NormalIntervals.Count,3}  {record.Analysis.Beats.CorrectedPercent,11:F1}  {error,14}  {Pair(beats.Rmssd),14}  {Pair(beats.Sdnn),13}"));
        }

        int referenceBeats = records.Sum(record => record.Beats.ReferenceBeats);
        int found = records.Sum(record => record.Beats.FoundBeats);
        int lookBack = records.Sum(record => record.Analysis.Beats.LookBackBeatCount);
        int extra = records.Sum(record => record.Beats.UnmatchedBeats);
        int decided = records.Sum(record => record.Analysis.Beats.DecidedCount);
        int corrected = records.Sum(record => record.Analysis.Beats.CorrectedCount);
        double[] errors = records.Where(record => record.Beats.MedianAbsoluteIntervalErrorMilliseconds.HasValue)
            .Select(record => record.Beats.MedianAbsoluteIntervalErrorMilliseconds!.Value).Order().ToArray();
        int readings = records.Count(record => record.Beats.MeetsRmssdGoal.HasValue);
        text.AppendLine(Invariant($"beats found: {(referenceBeats > 0 ? 100.0 * found / referenceBeats : 0.0):F1} % of {referenceBeats} reference beats ({lookBack} beats found by look-back), {extra} extra; {records.Count(record => record.Beats.MeetsFoundGoal)} of {records.Count} records at least 98 %"));
        text.AppendLine(errors.Length > 0
            ? Invariant($"median |NN interval error|: {errors[errors.Length / 2]:F1} ms (median of the records; worst record {errors[^1]:F1} ms); {records.Count(record => record.Beats.MeetsIntervalGoal)} of {records.Count} records at most 10 ms")
            : "median |NN interval error|: no NN interval matched the reference");
        // The mean distance moves with every record's reading, where the count moves only when one crosses its allowance.
        double[] rmssdErrors = records.Where(record => record.Beats.Rmssd is not null).Select(record => record.Beats.Rmssd!.AbsoluteError).ToArray();
        string meanRmssdError = rmssdErrors.Length > 0 ? Invariant($"; mean |RMSSD - reference| {rmssdErrors.Average():F2} ms") : string.Empty;
        text.AppendLine(Invariant($"RMSSD within 5 ms or 10 %: {records.Count(record => record.Beats.MeetsRmssdGoal == true)} of {readings} records with a reading ({records.Count - readings} without){meanRmssdError}"));
        text.Append(Invariant($"intervals corrected (marked, left out): {(decided > 0 ? 100.0 * corrected / decided : 0.0):F1} % of {decided}"));
        foreach (ReferencedRecording record in records.Where(record => record.Beats.ReferenceIntervalsLeftOut > 0))
        {
            text.AppendLine();
            text.Append(Invariant($"{record.Name}: {record.Beats.ReferenceIntervalsLeftOut} of the reference's intervals in the compared minute {(record.Beats.ReferenceIntervalsLeftOut == 1 ? "is one" : "are ones")} the NN rule leaves out (a premature beat and its pause, a missed or extra beat, a jump of more than 20 %): the reference's RMSSD and SDNN count them, the estimator's do not"));
        }

        return text.ToString();
    }

    // One record against its reference: the same object in the welltory JSON's records and a file's "reference".
    private static void WriteRecord(Utf8JsonWriter json, ReferencedRecording record)
    {
        json.WriteStartObject();
        json.WriteString("record", record.Name);
        json.WriteNumber("referenceBpm", Math.Round(record.ReferenceBeatsPerMinute, 2));
        WriteNumberOrNull(json, "estimatedBpm", record.Analysis.MeanBeatsPerMinute, 2);
        json.WriteNumber("absoluteError", Math.Round(record.AbsoluteError, 2));
        json.WriteNumber("validPercent", Math.Round(record.Analysis.ValidPercent, 1));
        json.WriteString("channel", record.Analysis.SignalColumn);
        json.WriteStartArray("notes");
        foreach (string note in record.Analysis.Notes)
        {
            json.WriteStringValue(note);
        }

        json.WriteEndArray();
        BeatComparison beats = record.Beats;
        json.WriteNumber("referenceBeats", beats.ReferenceBeats);
        json.WriteNumber("foundBeats", beats.FoundBeats);
        json.WriteNumber("foundPercent", Math.Round(beats.FoundPercent, 1));
        json.WriteNumber("extraBeats", beats.UnmatchedBeats);
        json.WriteNumber("offsetMs", Math.Round(beats.OffsetMilliseconds, 1));
        json.WriteNumber("lookBackBeats", record.Analysis.Beats.LookBackBeatCount);
        json.WriteNumber("normalIntervals", record.Analysis.Beats.NormalIntervals.Count);
        json.WriteNumber("correctedPercent", Math.Round(record.Analysis.Beats.CorrectedPercent, 1));
        json.WriteNumber("comparedIntervals", beats.ComparedIntervals);
        WriteNumberOrNull(json, "medianAbsIntervalErrorMs", beats.MedianAbsoluteIntervalErrorMilliseconds, 1);
        WriteNumberOrNull(json, "rmssdMs", beats.Rmssd?.Measured, 1);
        WriteNumberOrNull(json, "referenceRmssdMs", beats.Rmssd?.Reference, 1);
        WriteNumberOrNull(json, "sdnnMs", beats.Sdnn?.Measured, 1);
        WriteNumberOrNull(json, "referenceSdnnMs", beats.Sdnn?.Reference, 1);
        json.WriteNumber("referenceIntervalsLeftOut", beats.ReferenceIntervalsLeftOut);
        json.WriteEndObject();
    }

    private static string Pair(MeasuredAgainstReference? value) =>
        value is null ? "no reading" : Invariant($"{value.Measured:F1} ({value.Reference:F1})");

    private static double MeanAbsoluteError(IReadOnlyList<ReferencedRecording> records) => records.Average(record => record.AbsoluteError);

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value, int decimals)
    {
        if (value is double number)
        {
            json.WriteNumber(name, Math.Round(number, decimals));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(s_invariant);
}
