namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>A recording's beats and heart-rate variability against a reference RR series (see <see cref="BeatAlignment"/>).</summary>
/// <param name="OffsetMilliseconds">Reference beat time + offset = the same beat on the recording's axis.</param>
/// <param name="ReferenceBeats">Reference beats inside the span the estimator can report (see <see cref="BeatAlignment"/>).</param>
/// <param name="FoundBeats">Of those, beats with a detected beat within the match window.</param>
/// <param name="UnmatchedBeats">Detected beats in the same span, while the reference was recording, with no reference beat: extra beats.</param>
/// <param name="ComparedIntervals">NN intervals whose two beats matched two consecutive reference beats.</param>
/// <param name="MedianAbsoluteIntervalErrorMilliseconds">Median |NN interval − reference RR| over those; null when none.</param>
/// <param name="RmsIntervalErrorMilliseconds">The root mean square of the same errors (large ones weigh more); null when none.</param>
/// <param name="Rmssd">The estimator's last RMSSD reading against the reference's over the same minute; null without a reading.</param>
/// <param name="Sdnn">The same for SDNN.</param>
public sealed record BeatComparison(
    double OffsetMilliseconds,
    int ReferenceBeats,
    int FoundBeats,
    int UnmatchedBeats,
    int ComparedIntervals,
    double? MedianAbsoluteIntervalErrorMilliseconds,
    double? RmsIntervalErrorMilliseconds,
    MeasuredAgainstReference? Rmssd,
    MeasuredAgainstReference? Sdnn)
{
    // The goal of issue 18 (at rest, against a chest strap): at least 98 % of the beats found, median |interval error|
    // at most 10 ms, RMSSD within 5 ms or 10 % of the reference, whichever is larger.
    private const double GoalFoundPercent = 98.0;
    private const double GoalMedianIntervalErrorMilliseconds = 10.0;
    private const double GoalRmssdMilliseconds = 5.0;
    private const double GoalRmssdFraction = 0.1;

    /// <summary>
    /// Reference intervals in the compared minute that the estimator's NN rule leaves out (a premature beat and its
    /// pause, a missed or extra beat, a jump of more than 20 %): the reference's RMSSD and SDNN count them, the
    /// estimator's do not. 0 when no minute was compared.
    /// </summary>
    public int ReferenceIntervalsLeftOut { get; init; }

    /// <summary>Found beats as a share of the reference beats, in percent.</summary>
    public double FoundPercent => ReferenceBeats > 0 ? 100.0 * FoundBeats / ReferenceBeats : 0.0;

    /// <summary>At least 98 % of the reference beats found.</summary>
    public bool MeetsFoundGoal => FoundPercent >= GoalFoundPercent;

    /// <summary>Median |interval error| at most 10 ms.</summary>
    public bool MeetsIntervalGoal => MedianAbsoluteIntervalErrorMilliseconds is double error && error <= GoalMedianIntervalErrorMilliseconds;

    /// <summary>RMSSD within 5 ms or 10 % of the reference (null: no reading to judge).</summary>
    public bool? MeetsRmssdGoal => Rmssd is MeasuredAgainstReference rmssd
        ? rmssd.AbsoluteError <= Math.Max(GoalRmssdMilliseconds, GoalRmssdFraction * rmssd.Reference)
        : null;
}
