using HeartRateStreamer.Ports;
using HeartRateStreamer.Simulation.Ppg;
using HeartRateStreamer.VirtualDevice.Adapters;

namespace HeartRateStreamer.Benchmarks.SampleTiming;

/// <summary>The synthetic finger as the analog pulse sensor's ADC reads it, noting each beat's onset (the truth) as it is read.</summary>
internal sealed class OnsetRecordingAnalogInput(SyntheticPpgGenerator generator, SyntheticPpgSettings settings, IClock clock) : IAnalogInput
{
    private readonly SyntheticAnalogInput _input = new(generator, settings, clock);

    /// <summary>Beat onsets, milliseconds, in order.</summary>
    public List<double> OnsetsMilliseconds { get; } = [];

    public int MaxValue => _input.MaxValue;

    public int Read()
    {
        int value = _input.Read();
        if (generator.BeatStarted)
        {
            OnsetsMilliseconds.Add(generator.LastBeatOnsetMicroseconds / 1000.0);
        }

        return value;
    }
}
