namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>How the estimator sorted a recording's beat-to-beat intervals, and its heart-rate variability readings.</summary>
/// <param name="NormalIntervals">The NN intervals passed on, in order.</param>
/// <param name="DecidedCount">Intervals decided (normal or marked).</param>
/// <param name="MissedBeatCount">Marked as spanning a missed beat.</param>
/// <param name="ExtraBeatCount">Marked as split by an extra beat.</param>
/// <param name="EctopicCount">Marked as premature or compensatory.</param>
/// <param name="IrregularCount">Marked irregular.</param>
/// <param name="UnclearCount">Marked unclear (the closing beat's wave did not repeat the one before).</param>
/// <param name="VariabilityReadings">The reading at each beat while the estimator had one, in order; empty when it never had.</param>
public sealed record BeatSummary(
    IReadOnlyList<NormalInterval> NormalIntervals,
    int DecidedCount,
    int MissedBeatCount,
    int ExtraBeatCount,
    int EctopicCount,
    int IrregularCount,
    int UnclearCount,
    IReadOnlyList<HeartRateVariabilityReading> VariabilityReadings)
{
    /// <summary>No intervals at all.</summary>
    public static BeatSummary None { get; } = new([], 0, 0, 0, 0, 0, 0, []);

    /// <summary>Beats the estimator's look-back found in the held wave once it knew the rhythm (among the beat times).</summary>
    public int LookBackBeatCount { get; init; }

    /// <summary>Intervals marked and left out.</summary>
    public int CorrectedCount => MissedBeatCount + ExtraBeatCount + EctopicCount + IrregularCount + UnclearCount;

    /// <summary>Marked intervals (left out) as a share of those decided, in percent.</summary>
    public double CorrectedPercent => DecidedCount > 0 ? 100.0 * CorrectedCount / DecidedCount : 0.0;
}
