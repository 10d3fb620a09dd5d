namespace Iot.Device.Max30102
{
    /// <summary>
    /// Full-scale photodiode current of the ADC: SPO2_ADC_RGE[6:5] of SPO2_CONFIG
    /// (datasheet, register 0x0A, SpO2 ADC Range Control table). One 18-bit count is 7.81, 15.63, 31.25 or 62.5 pA.
    /// </summary>
    public enum AdcRange
    {
        /// <summary>2048 nA full scale (7.81 pA per count).</summary>
        FullScale2048Nanoamperes = 0,

        /// <summary>4096 nA full scale (15.63 pA per count).</summary>
        FullScale4096Nanoamperes = 1,

        /// <summary>8192 nA full scale (31.25 pA per count).</summary>
        FullScale8192Nanoamperes = 2,

        /// <summary>16384 nA full scale (62.5 pA per count).</summary>
        FullScale16384Nanoamperes = 3,
    }
}
