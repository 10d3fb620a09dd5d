namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>The part of a recording analyzed, in seconds after its first sample (<c>--from</c>, <c>--to</c>).</summary>
/// <param name="FromSeconds">Where the analysis starts.</param>
/// <param name="ToSeconds">Where it ends (the recording's end when <c>--to</c> lies beyond it).</param>
public sealed record AnalyzedStretch(double FromSeconds, double ToSeconds);
