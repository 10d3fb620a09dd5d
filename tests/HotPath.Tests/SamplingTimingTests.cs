using HeartRateStreamer.Benchmarks.SampleTiming;
using HeartRateStreamer.VirtualDevice.Analyze;
using Iot.Device.Max30102;
using Xunit;

namespace HeartRateStreamer.HotPath;

/// <summary>
/// Beat-to-beat intervals survive the device's sampling path however late the sampling thread wakes: the simulated
/// MAX30102, its driver, the sampler and the estimator's NN intervals against the finger's onsets (the benchmarks'
/// sample-timing report, two simulated minutes). The bound fails the sampler that dated each FIFO batch back from its
/// poll (2.53 ms rms at 100 samples/s with this oversleep, 2.64 with the oscillator 3 % fast; 0.62 and 0.92 on the
/// sensor's clock).
/// </summary>
public class SamplingTimingTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(103)]
    public void Intervals_through_the_sampling_path_stay_within_1_5_ms_rms_when_the_thread_oversleeps_by_up_to_15_ms(int oscillatorPercent)
    {
        BeatComparison timing = SampleTimingReport.Measure(SampleRate.SamplesPerSecond100, 15, oscillatorPercent, 120);
        double rms = timing.RmsIntervalErrorMilliseconds ?? double.NaN;

        Assert.True(timing.ComparedIntervals >= 100, $"{timing.ComparedIntervals} intervals compared in two minutes at 66 bpm");
        Assert.True(rms <= 1.5, $"NN interval error {rms:F2} ms rms (0.6-0.9 on the sensor's clock; see tests/Benchmarks/README.md, Sample timing)");
    }
}
