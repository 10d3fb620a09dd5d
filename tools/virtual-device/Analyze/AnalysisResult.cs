namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>What the estimator made of one recording.</summary>
/// <param name="File">The file analyzed.</param>
/// <param name="SampleCount">Data rows read.</param>
/// <param name="DurationSeconds">From the first sample's time to the last one's.</param>
/// <param name="BeatTimesMilliseconds">Every detected beat, on the file's time axis.</param>
/// <param name="IntervalsMilliseconds">
/// The beat intervals the estimator vouched for: measured between two consecutive beats while it had a valid heart
/// rate reading, and within ±30 % of the recent median (so a missed or extra beat is not among them).
/// </param>
/// <param name="MeanBeatsPerMinute">60000 / mean of <paramref name="IntervalsMilliseconds"/>; null when there are none.</param>
/// <param name="MedianBeatsPerMinute">60000 / median of <paramref name="IntervalsMilliseconds"/>; null when there are none.</param>
/// <param name="OxygenSaturationPercent">Time-weighted mean of the valid SpO2 readings; null without red or without a valid reading.</param>
/// <param name="HasRed">Whether the recording had a red channel.</param>
/// <param name="ValidPercent">Share of the duration with a valid heart-rate reading.</param>
public sealed record AnalysisResult(
    string File,
    int SampleCount,
    double DurationSeconds,
    IReadOnlyList<double> BeatTimesMilliseconds,
    IReadOnlyList<double> IntervalsMilliseconds,
    double? MeanBeatsPerMinute,
    double? MedianBeatsPerMinute,
    double? OxygenSaturationPercent,
    bool HasRed,
    double ValidPercent)
{
    /// <summary>What the reader should know about how the recording was read: skipped samples, arrival times, a clipped channel.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The column the pulse was read from.</summary>
    public string SignalColumn { get; init; } = "";

    /// <summary>The part of the file analyzed (<c>--from</c>, <c>--to</c>); null for the whole file.</summary>
    public AnalyzedStretch? Stretch { get; init; }

    /// <summary>The first sample's time on the file's axis, in milliseconds.</summary>
    public double FirstSampleMilliseconds { get; init; }

    /// <summary>Beat-to-beat intervals as the estimator sorted them, and its last heart-rate variability reading.</summary>
    public BeatSummary Beats { get; init; } = BeatSummary.None;
}
