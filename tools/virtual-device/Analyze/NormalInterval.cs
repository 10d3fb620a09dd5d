namespace HeartRateStreamer.VirtualDevice.Analyze;

/// <summary>One normal-to-normal interval the estimator passed on.</summary>
/// <param name="EndMilliseconds">The time of the beat that ends it, on the file's axis.</param>
/// <param name="Milliseconds">Its length.</param>
/// <param name="FollowsNormal">Whether it directly follows another NN interval (a successive difference exists).</param>
public sealed record NormalInterval(double EndMilliseconds, double Milliseconds, bool FollowsNormal);
