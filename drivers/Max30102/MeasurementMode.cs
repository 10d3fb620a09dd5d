namespace Iot.Device.Max30102
{
    /// <summary>
    /// Which LEDs the chip fires for each sample: MODE[2:0] of MODE_CONFIG (datasheet, register 0x09, Mode Control table).
    /// </summary>
    public enum MeasurementMode
    {
        /// <summary>Heart-rate mode: red LED (LED1) only. One channel per sample.</summary>
        HeartRate = 0b010,

        /// <summary>SpO2 mode: red (LED1) then infrared (LED2). Two channels per sample.</summary>
        SpO2 = 0b011,

        /// <summary>
        /// Multi-LED mode. The driver fills slot 1 with red and slot 2 with infrared, so the FIFO carries the same
        /// two channels, in the same order, as in SpO2 mode.
        /// </summary>
        MultiLed = 0b111,
    }
}
