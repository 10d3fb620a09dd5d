namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>A heart-rate variability reading of the estimator: RMSSD and SDNN over the minute before <paramref name="TimeMilliseconds"/>.</summary>
/// <param name="TimeMilliseconds">When it was read, on the file's axis (the window is the minute before).</param>
/// <param name="RmssdMilliseconds">Root mean square of successive NN differences.</param>
/// <param name="SdnnMilliseconds">Standard deviation of the NN intervals.</param>
/// <param name="QualityPercent">Share of the minute covered by NN intervals.</param>
public sealed record HeartRateVariabilityReading(double TimeMilliseconds, double RmssdMilliseconds, double SdnnMilliseconds, int QualityPercent);
