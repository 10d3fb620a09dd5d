namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>One recording compared with a reference RR series (a chest strap's, or R peaks from an ECG).</summary>
/// <param name="Name">What the tables call it: a welltory subject folder (subject_01), or the file's name.</param>
/// <param name="ReferenceBeatsPerMinute">
/// 60000 / mean of the reference RR intervals; of those inside the analyzed stretch when only part of the file was
/// analyzed (<see cref="AnalysisResult.Stretch"/>), since the reference covers the whole file.
/// </param>
/// <param name="Analysis">What the estimator made of the recording.</param>
/// <param name="Beats">Its beats, intervals and heart-rate variability against the RR series.</param>
public sealed record ReferencedRecording(string Name, double ReferenceBeatsPerMinute, AnalysisResult Analysis, BeatComparison Beats)
{
    /// <summary>|estimated − reference|; an estimate that is missing counts as the whole reference.</summary>
    public double AbsoluteError => Math.Abs((Analysis.MeanBeatsPerMinute ?? 0.0) - ReferenceBeatsPerMinute);

    /// <summary>Compares <paramref name="analysis"/> with the reference RR intervals (milliseconds, in order).</summary>
    public static ReferencedRecording Compare(string name, AnalysisResult analysis, IReadOnlyList<double> referenceIntervals)
    {
        BeatComparison beats = BeatAlignment.Compare(analysis, referenceIntervals);
        return new(name, 60000.0 / ReferenceMeanMilliseconds(analysis, referenceIntervals, beats.OffsetMilliseconds), analysis, beats);
    }

    private static double ReferenceMeanMilliseconds(AnalysisResult analysis, IReadOnlyList<double> referenceIntervals, double offsetMilliseconds)
    {
        if (analysis.Stretch == null)
        {
            return referenceIntervals.Average();
        }

        double from = analysis.FirstSampleMilliseconds;
        double to = from + analysis.DurationSeconds * 1000.0;
        double start = offsetMilliseconds;
        var inside = new List<double>();
        foreach (double interval in referenceIntervals)
        {
            if (start >= from && start + interval <= to)
            {
                inside.Add(interval);
            }

            start += interval;
        }

        return inside.Count > 0 ? inside.Average() : referenceIntervals.Average();
    }
}
