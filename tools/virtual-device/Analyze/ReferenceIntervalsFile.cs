using System.Globalization;

namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>
/// A reference RR series as a text file: intervals in milliseconds, in order, separated by spaces or line breaks (the
/// welltory data set's RR.txt, and what chest-strap apps export as RR intervals).
/// </summary>
public static class ReferenceIntervalsFile
{
    /// <summary>Reads the intervals; throws <see cref="InputException"/> naming the file, line and field that is wrong.</summary>
    public static IReadOnlyList<double> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{OptionValues.NotAFile(path)} (the reference RR intervals, in milliseconds).");
        }

        string[] lines = OptionValues.ReadUserFile(path, () => File.ReadAllLines(path));

        var intervals = new List<double>();
        for (int line = 0; line < lines.Length; line++)
        {
            foreach (string field in lines[line].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double interval) || !double.IsFinite(interval) || !(interval > 0.0))
                {
                    throw new InputException($"{path}, line {line + 1}: '{field}' is not an RR interval in milliseconds (a positive number).");
                }

                intervals.Add(interval);
            }
        }

        if (intervals.Count == 0)
        {
            throw new InputException($"{path}: no RR intervals (expected numbers in milliseconds, separated by spaces or lines).");
        }

        CheckUnit(path, intervals);
        return intervals;
    }

    // Read as milliseconds, intervals in seconds make a heart of 75,000 bpm and microseconds one of 0.08: a mean rate
    // outside 20..300 bpm is no heart's, so the unit is wrong (as CsvSampleReader judges a time column's).
    private const double SlowestMeanBeatsPerMinute = 20.0;
    private const double FastestMeanBeatsPerMinute = 300.0;

    private static void CheckUnit(string path, List<double> intervals)
    {
        double mean = intervals.Average();
        double beatsPerMinute = 60000.0 / mean;
        if (beatsPerMinute >= SlowestMeanBeatsPerMinute && beatsPerMinute <= FastestMeanBeatsPerMinute)
        {
            return;
        }

        string likely = beatsPerMinute > FastestMeanBeatsPerMinute ? "seconds" : "microseconds";
        throw new InputException(string.Create(CultureInfo.InvariantCulture,
            $"{path}: the {intervals.Count} RR intervals average {mean:#,0.###}: read as milliseconds, {beatsPerMinute:#,0.##} bpm, which no heart has. These look like {likely}: give the intervals in milliseconds."));
    }
}
