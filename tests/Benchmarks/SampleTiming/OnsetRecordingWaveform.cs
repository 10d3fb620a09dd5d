using HeartRateStreamer.Simulation.Max30102;
using HeartRateStreamer.Simulation.Ppg;

namespace HeartRateStreamer.Benchmarks.SampleTiming;

/// <summary>The synthetic finger as the simulated chip sees it, noting each beat's onset (the truth) as the chip samples it.</summary>
internal sealed class OnsetRecordingWaveform(SyntheticPpgGenerator generator) : IOpticalWaveform
{
    private readonly SyntheticOpticalWaveform _waveform = new(generator);

    /// <summary>Beat onsets in the chip's time, milliseconds, in order.</summary>
    public List<double> OnsetsMilliseconds { get; } = [];

    public void Sample(long timeMicroseconds, out int red, out int infrared)
    {
        _waveform.Sample(timeMicroseconds, out red, out infrared);
        if (generator.BeatStarted)
        {
            OnsetsMilliseconds.Add(generator.LastBeatOnsetMicroseconds / 1000.0);
        }
    }
}
