namespace Iot.Device.Max30102
{
    /// <summary>
    /// How long each LED pulse lasts, which also sets the ADC resolution: LED_PW[1:0] of SPO2_CONFIG
    /// (datasheet, register 0x0A, LED Pulse Width Control table). Longer pulses give more bits and less noise
    /// but limit the sample rate (datasheet Tables 11 and 12).
    /// </summary>
    public enum LedPulseWidth
    {
        /// <summary>69 µs pulses, 15-bit samples.</summary>
        Microseconds69 = 0,

        /// <summary>118 µs pulses, 16-bit samples.</summary>
        Microseconds118 = 1,

        /// <summary>215 µs pulses, 17-bit samples.</summary>
        Microseconds215 = 2,

        /// <summary>411 µs pulses, 18-bit samples.</summary>
        Microseconds411 = 3,
    }
}
