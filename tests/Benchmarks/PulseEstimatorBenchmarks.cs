using BenchmarkDotNet.Attributes;
using HeartRateStreamer.SignalProcessing;
using HeartRateStreamer.Simulation.Ppg;

namespace HeartRateStreamer.Benchmarks;

/// <summary>
/// The estimator's per-sample cost on a realistic finger (75 bpm, dicrotic wave, wander, noise), in nanoseconds per
/// sample, and its allocations, which must be 0 bytes: the device calls AddSample 25..1000 times a second forever.
/// Beats, quality scores and SpO2 updates all happen inside the measured loop, so their cost is averaged in.
/// </summary>
[MemoryDiagnoser]
public class PulseEstimatorBenchmarks
{
    // One minute of samples; each invocation feeds all of them, so the mean is per sample.
    private const int SampleCount = 6000;

    private readonly long[] _times = new long[SampleCount];
    private readonly float[] _infrared = new float[SampleCount];
    private readonly float[] _red = new float[SampleCount];
    private PulseEstimator _estimator = null!;
    private long _timeOffset;
    private long _recordingMicroseconds;

    /// <summary>Samples per second of the recording fed to the estimator.</summary>
    [Params(25, 100, 400)]
    public int SampleRateHz { get; set; }

    [GlobalSetup]
    public void Record()
    {
        var generator = new SyntheticPpgGenerator(new SyntheticPpgSettings { SampleRateHz = SampleRateHz, HeartRateBeatsPerMinute = 75.0, DicroticWaveRatio = 0.5, WanderRatio = 0.5, NoiseRatio = 0.05 });
        for (int i = 0; i < SampleCount; i++)
        {
            generator.Next();
            _times[i] = generator.TimeMicroseconds;
            _infrared[i] = (float)generator.Infrared;
            _red[i] = (float)generator.Red;
        }

        _recordingMicroseconds = _times[SampleCount - 1] + 1000000 / SampleRateHz;
        _estimator = new PulseEstimator(new PulseEstimatorSettings());
        _timeOffset = 0;
    }

    /// <summary>Infrared and red (heart rate and SpO2).</summary>
    [Benchmark(OperationsPerInvoke = SampleCount)]
    public int AddSampleInfraredAndRed()
    {
        int beats = 0;
        for (int i = 0; i < SampleCount; i++)
        {
            if (_estimator.AddSample(_timeOffset + _times[i], _infrared[i], _red[i]))
            {
                beats++;
            }
        }

        // The recording is replayed later in time, so the estimator sees one continuous signal.
        _timeOffset += _recordingMicroseconds;
        return beats;
    }

    /// <summary>Infrared only (heart rate).</summary>
    [Benchmark(OperationsPerInvoke = SampleCount)]
    public int AddSampleInfraredOnly()
    {
        int beats = 0;
        for (int i = 0; i < SampleCount; i++)
        {
            if (_estimator.AddSample(_timeOffset + _times[i], _infrared[i]))
            {
                beats++;
            }
        }

        _timeOffset += _recordingMicroseconds;
        return beats;
    }
}
