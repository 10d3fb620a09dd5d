using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Benchmarks;

/// <summary>An ADC stand-in for the benchmarks: a triangle wave over 0..MaxValue, a fixed step per conversion.</summary>
public sealed class TriangleAnalogInput : IAnalogInput
{
    private readonly int _step;
    private int _value;
    private int _direction = 1;

    public TriangleAnalogInput(int maxValue, int step)
    {
        MaxValue = maxValue;
        _step = step;
    }

    public int MaxValue { get; }

    public int Read()
    {
        _value += _direction * _step;
        if (_value >= MaxValue || _value <= 0)
        {
            _value = _value >= MaxValue ? MaxValue : 0;
            _direction = -_direction;
        }

        return _value;
    }
}
