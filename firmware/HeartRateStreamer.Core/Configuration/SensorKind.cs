namespace HeartRateStreamer.Configuration
{
    /// <summary>Which pulse sensor the device reads (configuration key <c>sensor.type</c>).</summary>
    public enum SensorKind
    {
        /// <summary>"max30102": the Maxim MAX30102 red/infrared sensor on I2C; gives heart rate and SpO2.</summary>
        Max30102 = 0,

        /// <summary>"analog": a single-channel analog pulse sensor on an ADC1 pin; gives heart rate only.</summary>
        Analog = 1,
    }
}
