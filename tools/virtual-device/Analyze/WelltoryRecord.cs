namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>One welltory recording compared with its chest-strap reference.</summary>
/// <param name="Name">The subject folder, e.g. subject_01.</param>
/// <param name="ReferenceBeatsPerMinute">60000 / mean of the RR intervals in RR.txt.</param>
/// <param name="Analysis">What the estimator made of PPG.csv.</param>
/// <param name="Beats">Its beats, intervals and heart-rate variability against the RR series.</param>
public sealed record WelltoryRecord(string Name, double ReferenceBeatsPerMinute, AnalysisResult Analysis, BeatComparison Beats)
{
    /// <summary>|estimated − reference|; an estimate that is missing counts as the whole reference.</summary>
    public double AbsoluteError => Math.Abs((Analysis.MeanBeatsPerMinute ?? 0.0) - ReferenceBeatsPerMinute);
}
