namespace HeartRateStreamer.Ports
{
    /// <summary>An analog input channel read as raw converter counts.</summary>
    public interface IAnalogInput
    {
        /// <summary>Reads one conversion, 0..<see cref="MaxValue"/>.</summary>
        int Read();

        /// <summary>The largest count the converter returns (4095 for the ESP32's 12-bit ADC).</summary>
        int MaxValue { get; }
    }
}
