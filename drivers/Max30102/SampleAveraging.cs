namespace Iot.Device.Max30102
{
    /// <summary>
    /// How many adjacent conversions the chip averages into one FIFO sample: SMP_AVE[7:5] of FIFO_CONFIG
    /// (datasheet, register 0x08, Sample Averaging table). Averaging also divides the FIFO fill rate.
    /// </summary>
    public enum SampleAveraging
    {
        /// <summary>Every conversion is a sample.</summary>
        NoAveraging = 0,

        /// <summary>2 conversions per sample.</summary>
        Average2 = 1,

        /// <summary>4 conversions per sample.</summary>
        Average4 = 2,

        /// <summary>8 conversions per sample.</summary>
        Average8 = 3,

        /// <summary>16 conversions per sample.</summary>
        Average16 = 4,

        /// <summary>32 conversions per sample.</summary>
        Average32 = 5,
    }
}
