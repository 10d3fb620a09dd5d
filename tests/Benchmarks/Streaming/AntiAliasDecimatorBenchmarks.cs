using BenchmarkDotNet.Attributes;
using HeartRateStreamer.Streaming;

namespace HeartRateStreamer.Benchmarks.Streaming;

/// <summary>The waveform decimator per input sample (41-tap FIR every 5th sample at 100 samples/s); 0 B allocated.</summary>
[MemoryDiagnoser]
public class AntiAliasDecimatorBenchmarks
{
    private const int Samples = 1000;

    private AntiAliasDecimator _decimator = null!;
    private long _time;

    [GlobalSetup]
    public void Setup() => _decimator = new AntiAliasDecimator(100, 20);

    /// <summary>One second-and-a-bit of samples per invoke; reported per sample.</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    public int AddSample()
    {
        int outputs = 0;
        for (int i = 0; i < Samples; i++)
        {
            _time += 10;
            if (_decimator.Add(_time, i & 255))
            {
                outputs++;
            }
        }

        return outputs;
    }
}
