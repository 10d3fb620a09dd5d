using BenchmarkDotNet.Attributes;
using HeartRateStreamer.SignalProcessing;

namespace HeartRateStreamer.Benchmarks;

/// <summary>
/// The per-beat cost of the NN interval sorting and the one-minute RMSSD/SDNN window, which the estimator runs once per
/// committed beat (not per sample), with the window full: 75 bpm (75 intervals a minute) and the fastest rate the
/// estimator accepts by default, 220 bpm (220 intervals, the worst case of the two passes over the window).
/// Reported per beat; the Allocated column must read 0 B.
/// </summary>
[MemoryDiagnoser]
public class HeartRateVariabilityBenchmarks
{
    // Ten minutes of beats per invocation, so the window stays full and the mean is per beat.
    private const int BeatsPerInvocation = 2000;

    private readonly float[] _intervals = new float[BeatsPerInvocation];
    private NormalIntervalFilter _filter = null!;
    private HeartRateVariabilityWindow _window = null!;
    private long _time;

    /// <summary>Heart rate of the beats fed.</summary>
    [Params(75, 220)]
    public int BeatsPerMinute { get; set; }

    [GlobalSetup]
    public void Prepare()
    {
        // Breathing swings of ±4 % and a beat-to-beat alternation: every interval normal, every pair a difference.
        float mean = 60000.0f / BeatsPerMinute;
        for (int i = 0; i < BeatsPerInvocation; i++)
        {
            _intervals[i] = mean * (1.0f + 0.04f * (float)Math.Sin(i * 0.9) + ((i & 1) == 0 ? 0.01f : -0.01f));
        }

        _filter = new NormalIntervalFilter();
        _window = new HeartRateVariabilityWindow(60000.0f / 220.0f);
        _time = 0;
    }

    /// <summary>One beat: its interval sorted, and an NN interval added to the window with RMSSD and SDNN recomputed.</summary>
    [Benchmark(OperationsPerInvoke = BeatsPerInvocation)]
    public float SortAndAddOneBeat()
    {
        for (int i = 0; i < BeatsPerInvocation; i++)
        {
            _time += (long)(_intervals[i] * 1000.0f);
            if (_filter.Add(_time, _intervals[i], true) && _filter.DecidedKind == IntervalKind.Normal)
            {
                _window.Add(_filter.DecidedEndMicroseconds, _filter.DecidedMilliseconds, _filter.DecidedFollowsNormal);
            }
        }

        return _window.RootMeanSquareSuccessiveDifferenceMilliseconds;
    }
}
