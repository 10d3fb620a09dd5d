using HeartRateStreamer.Benchmarks.CallCost;
using Xunit;

namespace HeartRateStreamer.HotPath;

/// <summary>
/// The device's steady state stays cheap in the unit the nanoFramework interpreter pays in: calls (.NET's JIT inlines
/// them away, so a time measured here would not show a regression). The board's composition runs on counting copies
/// of its assemblies (the benchmarks' call-cost report); the bounds leave room for a new feature's few calls and fail
/// the code before the per-sample cuts of 2026-12-05 (185.5 own calls, 22.3 library calls and 3.3 locks per sample).
/// </summary>
public class CallBudgetTests
{
    [Fact]
    public void The_device_makes_at_most_100_calls_and_takes_at_most_3_locks_per_sample_with_either_sensor()
    {
        IReadOnlyDictionary<string, CallCounts> bySensor = CallCostReport.Measure(CallCostReport.Sensors);
        Assert.Equal(CallCostReport.Sensors.Order(), bySensor.Keys.Order());
        foreach ((string sensor, CallCounts counts) in bySensor)
        {
            Assert.True(counts.Samples >= 9000, $"{sensor}: the device processed {counts.Samples} samples in 100 s at 100 samples/s");
            Assert.True(counts.OwnCallsPerSample <= 100, $"{sensor}: {counts.OwnCallsPerSample:F1} calls of the device's methods per sample (the measured figures: tests/Benchmarks/README.md, Call cost)");
            Assert.True(counts.LibraryCallsPerSample <= 20, $"{sensor}: {counts.LibraryCallsPerSample:F1} library calls per sample (tests/Benchmarks/README.md, Call cost)");
            Assert.True(counts.LocksPerSample <= 3, $"{sensor}: {counts.LocksPerSample:F2} locks per sample (tests/Benchmarks/README.md, Call cost)");
        }
    }
}
