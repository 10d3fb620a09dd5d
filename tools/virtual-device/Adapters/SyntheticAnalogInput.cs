using HeartRateStreamer.Ports;
using HeartRateStreamer.Simulation.Ppg;

namespace HeartRateStreamer.VirtualDevice.Adapters;

/// <summary>
/// The PulseSensor's amplifier output on a 12-bit ESP32 ADC channel, made from the synthetic PPG: the infrared
/// level's pulsatile part, inverted (the amplifier's output rises as blood volume rises, where reflected light
/// falls), scaled so a beat spans about a quarter of the converter's range around mid-scale, as the real board does.
/// </summary>
public sealed class SyntheticAnalogInput : IAnalogInput
{
    // ESP32 ADC: 12 bits (ESP32 technical reference manual, SAR ADC chapter: 0..4095).
    private const int AdcMaxValue = 4095;
    private const double MidScale = AdcMaxValue / 2.0;
    private const double BeatSpanCounts = AdcMaxValue / 4.0;

    private readonly SyntheticPpgGenerator _generator;
    private readonly IClock _clock;
    private readonly double _levelCounts;
    private readonly double _countsPerOpticalCount;

    /// <summary>An ADC reading <paramref name="generator"/> at <paramref name="clock"/>'s time.</summary>
    public SyntheticAnalogInput(SyntheticPpgGenerator generator, SyntheticPpgSettings settings, IClock clock)
    {
        _generator = generator;
        _clock = clock;
        _levelCounts = settings.InfraredLevelCounts;
        _countsPerOpticalCount = BeatSpanCounts / (settings.InfraredLevelCounts * settings.PerfusionIndex);
    }

    /// <inheritdoc/>
    public int MaxValue => AdcMaxValue;

    /// <inheritdoc/>
    public int Read()
    {
        _generator.MoveTo(_clock.Milliseconds * 1000);
        double counts = MidScale - (_generator.Infrared - _levelCounts) * _countsPerOpticalCount;
        return counts <= 0 ? 0 : counts >= AdcMaxValue ? AdcMaxValue : (int)counts;
    }
}
