namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>One recording compared with a reference RR series (a chest strap's, or R peaks from an ECG).</summary>
/// <param name="Name">What the tables call it: a welltory subject folder (subject_01), or the file's name.</param>
/// <param name="ReferenceBeatsPerMinute">60000 / mean of the reference RR intervals.</param>
/// <param name="Analysis">What the estimator made of the recording.</param>
/// <param name="Beats">Its beats, intervals and heart-rate variability against the RR series.</param>
public sealed record ReferencedRecording(string Name, double ReferenceBeatsPerMinute, AnalysisResult Analysis, BeatComparison Beats)
{
    /// <summary>|estimated − reference|; an estimate that is missing counts as the whole reference.</summary>
    public double AbsoluteError => Math.Abs((Analysis.MeanBeatsPerMinute ?? 0.0) - ReferenceBeatsPerMinute);

    /// <summary>Compares <paramref name="analysis"/> with the reference RR intervals (milliseconds, in order).</summary>
    public static ReferencedRecording Compare(string name, AnalysisResult analysis, IReadOnlyList<double> referenceIntervals) =>
        new(name, 60000.0 / referenceIntervals.Average(), analysis, BeatAlignment.Compare(analysis, referenceIntervals));
}
