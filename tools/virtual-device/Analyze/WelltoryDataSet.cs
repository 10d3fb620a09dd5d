using System.Text.RegularExpressions;
using HeartRateStreamer.Configuration;

namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>
/// The welltory PPG recordings (Neshitov et al., Sensors 2021, 21, 6798; CC0): DIR/subject_NN/PPG.csv with columns
/// time (ms), R, G, B from a phone camera, and RR.txt with the chest strap's RR intervals in milliseconds.
/// The camera's channels darken with each beat, the estimator's default polarity; the channel read is R unless it is
/// clipped (<see cref="CameraChannel"/>).
/// </summary>
public static partial class WelltoryDataSet
{
    /// <summary>Analyzes every subject folder under <paramref name="directory"/>, in name order.</summary>
    public static IReadOnlyList<ReferencedRecording> Analyze(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InputException($"{OptionValues.NotAFolder(directory)} (expected the welltory data set with subject_NN folders).");
        }

        string[] subjects = List(directory, Directory.GetDirectories)
            .Where(path => SubjectFolder().IsMatch(Path.GetFileName(path)))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (subjects.Length == 0)
        {
            throw new InputException($"{directory}: no subject_NN folders; is this the welltory data set?");
        }

        var records = new List<ReferencedRecording>();
        foreach (string subject in subjects)
        {
            // A subject folder its user may not open, or may list but not enter, would hide its files: "no such file".
            string[] files = List(subject, Directory.GetFiles, directory);
            string referencePath = Path.Combine(subject, "RR.txt");
            string recording = Path.Combine(subject, "PPG.csv");
            if (files.Any(file => (file == referencePath || file == recording) && !File.Exists(file)))
            {
                throw new InputException(UnreadableFile.FolderNotEntered(subject));
            }

            if (!File.Exists(referencePath))
            {
                throw new InputException($"{OptionValues.NotAFile(referencePath)} (each subject needs RR.txt beside PPG.csv).");
            }

            IReadOnlyList<double> reference = ReferenceIntervalsFile.Read(referencePath);
            CameraChannel channel = CameraChannel.Choose(recording);
            AnalysisResult analysis = AnalyzeCommand.AnalyzeFile(recording, 0, "time", 0.0, channel.Column, null, false);
            if (channel.Note != null)
            {
                analysis = analysis with { Notes = [channel.Note, .. analysis.Notes] };
            }

            records.Add(ReferencedRecording.Compare(Path.GetFileName(subject), analysis, reference));
        }

        return records;
    }

    // What list finds in folder; a folder that may not be read is named, or its parent when the parent was listed but may
    // not be entered (then the folder itself, listed there, reads as missing).
    private static string[] List(string folder, Func<string, string[]> list, string? parent = null)
    {
        try
        {
            return list(folder);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputException(parent != null && !Directory.Exists(folder) ? UnreadableFile.FolderNotEntered(parent) : UnreadableFile.FolderProblem(folder, e));
        }
    }

    [GeneratedRegex("^subject_[0-9]+$")]
    private static partial Regex SubjectFolder();
}
