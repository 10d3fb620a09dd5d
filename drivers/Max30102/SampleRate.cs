namespace Iot.Device.Max30102
{
    /// <summary>
    /// ADC conversions per second: SPO2_SR[4:2] of SPO2_CONFIG (datasheet, register 0x0A, SpO2 Sample Rate Control table).
    /// With sample averaging the FIFO fills more slowly: samples per second divided by the averaged count.
    /// </summary>
    public enum SampleRate
    {
        /// <summary>50 samples per second.</summary>
        SamplesPerSecond50 = 0,

        /// <summary>100 samples per second.</summary>
        SamplesPerSecond100 = 1,

        /// <summary>200 samples per second.</summary>
        SamplesPerSecond200 = 2,

        /// <summary>400 samples per second.</summary>
        SamplesPerSecond400 = 3,

        /// <summary>800 samples per second.</summary>
        SamplesPerSecond800 = 4,

        /// <summary>1000 samples per second.</summary>
        SamplesPerSecond1000 = 5,

        /// <summary>1600 samples per second.</summary>
        SamplesPerSecond1600 = 6,

        /// <summary>3200 samples per second.</summary>
        SamplesPerSecond3200 = 7,
    }
}
