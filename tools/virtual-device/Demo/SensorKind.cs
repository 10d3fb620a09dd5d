namespace HeartRateStreamer.VirtualDevice.Demo;

/// <summary>Which simulated sensor the demo device reads.</summary>
public enum SensorKind
{
    /// <summary>The MAX30102 at register level, read by the real driver (red and infrared, so SpO2 too).</summary>
    Max30102,

    /// <summary>The analog PulseSensor on an ADC channel, read by the real driver (no SpO2).</summary>
    Analog,
}
