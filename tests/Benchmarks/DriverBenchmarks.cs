using BenchmarkDotNet.Attributes;
using HeartRateStreamer.Buffers;
using HeartRateStreamer.Sampling;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Simulation.Max30102;
using HeartRateStreamer.Simulation.Ppg;
using Iot.Device.Max30102;
using Iot.Device.PulseSensor;

namespace HeartRateStreamer.Benchmarks;

/// <summary>
/// The sampling path's cost and allocations, which must be 0 bytes: the device drains the MAX30102 FIFO and polls the
/// sampler for as long as it runs. The MAX30102 is the simulated chip (on a manual clock, fed by the synthetic PPG), so
/// each operation includes the model's own work: 8 conversions at 100 samples/s and one 48-byte FIFO burst.
/// </summary>
[MemoryDiagnoser]
public class DriverBenchmarks
{
    // 8 samples at 100 samples/s: what Max30102SampleSource polls for.
    private const int PollMilliseconds = 80;

    private readonly int[] _red = new int[Max30102.FifoDepth];
    private readonly int[] _infrared = new int[Max30102.FifoDepth];
    private ManualClock _driverClock = null!;
    private Max30102 _sensor = null!;
    private ManualClock _samplerClock = null!;
    private SampleRingBuffer _samplerBuffer = null!;
    private FixedRateSampler _max30102Sampler = null!;
    private ManualClock _adcClock = null!;
    private SampleRingBuffer _adcBuffer = null!;
    private FixedRateSampler _pulseSensorSampler = null!;

    [GlobalSetup]
    public void CreateSensors()
    {
        _driverClock = new ManualClock();
        _sensor = new Max30102(new SimulatedMax30102(_driverClock, Finger()), new Max30102Settings());

        _samplerClock = new ManualClock();
        _samplerBuffer = new SampleRingBuffer(256);
        var chip = new SimulatedMax30102(_samplerClock, Finger());
        _max30102Sampler = new FixedRateSampler(new Max30102SampleSource(chip, new Max30102Settings()), _samplerBuffer, _samplerClock);

        _adcClock = new ManualClock();
        _adcBuffer = new SampleRingBuffer(256);
        var pulseSensor = new PulseSensor(new TriangleAnalogInput(4095, 37));
        _pulseSensorSampler = new FixedRateSampler(new PulseSensorSampleSource(pulseSensor, 100), _adcBuffer, _adcClock);
    }

    /// <summary>One FIFO drain of 8 samples (red and infrared) after 80 ms.</summary>
    [Benchmark]
    public int ReadFifo()
    {
        _driverClock.Advance(PollMilliseconds);
        return _sensor.ReadFifo(_red, _infrared);
    }

    /// <summary>One sampler step on the MAX30102: drain, timestamp, 8 ring-buffer writes; the consumer empties the buffer.</summary>
    [Benchmark]
    public int SamplerPollMax30102()
    {
        _samplerClock.Advance(_max30102Sampler.Poll());
        return Drain(_samplerBuffer);
    }

    /// <summary>One sampler step on the analog pulse sensor: one conversion, scaled, timestamped and written.</summary>
    [Benchmark]
    public int SamplerPollPulseSensor()
    {
        _adcClock.Advance(_pulseSensorSampler.Poll());
        return Drain(_adcBuffer);
    }

    private static int Drain(SampleRingBuffer buffer)
    {
        int count = 0;
        while (buffer.TryRead(out long _, out int _, out int _))
        {
            count++;
        }

        return count;
    }

    private static SyntheticOpticalWaveform Finger()
    {
        return new SyntheticOpticalWaveform(new SyntheticPpgGenerator(new SyntheticPpgSettings { SampleRateHz = 100, HeartRateBeatsPerMinute = 75.0 }));
    }
}
