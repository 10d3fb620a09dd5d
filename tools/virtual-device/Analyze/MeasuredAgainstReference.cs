namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>A measured value beside the reference's value for the same stretch of time.</summary>
/// <param name="Measured">What the estimator reported.</param>
/// <param name="Reference">What the reference gives.</param>
public sealed record MeasuredAgainstReference(double Measured, double Reference)
{
    /// <summary>|measured − reference|.</summary>
    public double AbsoluteError => Math.Abs(Measured - Reference);
}
