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

        string[] lines = File.ReadAllLines(path);
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

        return intervals;
    }
}
