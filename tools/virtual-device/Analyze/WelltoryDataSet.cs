using System.Globalization;
using System.Text.RegularExpressions;

namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>
/// The welltory PPG recordings (Neshitov et al., Sensors 2021, 21, 6798; CC0): DIR/subject_NN/PPG.csv with columns
/// time (ms), R, G, B from a phone camera, and RR.txt with the chest strap's RR intervals in milliseconds.
/// The camera's R channel darkens with each beat, the estimator's default polarity.
/// </summary>
public static partial class WelltoryDataSet
{
    /// <summary>Analyzes every subject folder under <paramref name="directory"/>, in name order.</summary>
    public static IReadOnlyList<WelltoryRecord> Analyze(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InputException($"{directory}: no such directory (expected the welltory data set with subject_NN folders).");
        }

        string[] subjects = Directory.GetDirectories(directory)
            .Where(path => SubjectFolder().IsMatch(Path.GetFileName(path)))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (subjects.Length == 0)
        {
            throw new InputException($"{directory}: no subject_NN folders; is this the welltory data set?");
        }

        var records = new List<WelltoryRecord>();
        foreach (string subject in subjects)
        {
            IReadOnlyList<double> reference = ReferenceIntervals(Path.Combine(subject, "RR.txt"));
            AnalysisResult analysis = AnalyzeCommand.AnalyzeFile(Path.Combine(subject, "PPG.csv"), 0, "time", 0.0, "R", null, false);
            records.Add(new WelltoryRecord(Path.GetFileName(subject), 60000.0 / reference.Average(), analysis, BeatAlignment.Compare(analysis, reference)));
        }

        return records;
    }

    /// <summary>The RR intervals, in milliseconds and in order, from a file of whitespace-separated numbers.</summary>
    public static IReadOnlyList<double> ReferenceIntervals(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: no such file (each subject needs RR.txt beside PPG.csv).");
        }

        string[] lines = File.ReadAllLines(path);
        var intervals = new List<double>();
        for (int line = 0; line < lines.Length; line++)
        {
            foreach (string field in lines[line].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double interval) || !(interval > 0.0))
                {
                    throw new InputException($"{path}, line {line + 1}: '{field}' is not an RR interval in milliseconds.");
                }

                intervals.Add(interval);
            }
        }

        if (intervals.Count == 0)
        {
            throw new InputException($"{path}: no RR intervals.");
        }

        return intervals;
    }

    [GeneratedRegex("^subject_[0-9]+$")]
    private static partial Regex SubjectFolder();
}
