namespace Iot.Device.Max30102
{
    /// <summary>
    /// Bit fields inside the MAX30102 registers. Each constant names the datasheet field it selects
    /// (MAX30102 datasheet 19-7740, register descriptions after Table 1).
    /// </summary>
    internal static class RegisterBits
    {
        /// <summary>FIFO_WR_PTR, OVF_COUNTER and FIFO_RD_PTR use bits [4:0]; the upper bits are reserved.</summary>
        public const byte PointerMask = 0b0001_1111;

        /// <summary>OVF_COUNTER saturates at 0x1F (register 0x05 description).</summary>
        public const int OverflowCounterSaturated = 0x1F;

        /// <summary>
        /// INTR_STATUS_1 A_FULL, bit 7 (register 0x00, Interrupt Status 1): set when the FIFO has reached the fill that
        /// FIFO_A_FULL sets, whether or not A_FULL_EN routes it to the INT pin (a polling host reads it here); cleared by
        /// reading INTR_STATUS_1 (Analog Devices EngineerZone, "How do I set up interrupt for MAX30101/MAX30102 for
        /// reading data").
        /// </summary>
        public const byte AlmostFull = 0b1000_0000;

        /// <summary>
        /// INTR_STATUS_1 PWR_RDY, bit 0 (register 0x00, Interrupt Status 1): set when the chip has powered up and is ready,
        /// that is by a power-on reset only; reading INTR_STATUS_1 clears it (datasheet p.28, Power-Up Sequencing). It has no
        /// enable bit in INTR_ENABLE_1 (register 0x02), so it is set whatever the driver configured.
        /// </summary>
        public const byte PowerReady = 0b0000_0001;

        /// <summary>
        /// FIFO_CONFIG FIFO_A_FULL[3:0] = 0 (register 0x08, FIFO Configuration): the free slots left when A_FULL fires,
        /// here none, so A_FULL means all 32 slots held unread samples.
        /// </summary>
        public const byte AlmostFullWithNoFreeSlot = 0b0000_0000;

        /// <summary>FIFO_CONFIG SMP_AVE[7:5].</summary>
        public const int SampleAveragingShift = 5;

        /// <summary>FIFO_CONFIG SMP_AVE[7:5].</summary>
        public const byte SampleAveragingMask = 0b1110_0000;

        /// <summary>FIFO_CONFIG FIFO_ROLLOVER_EN, bit 4.</summary>
        public const byte FifoRolloverEnable = 0b0001_0000;

        /// <summary>MODE_CONFIG SHDN, bit 7: power-save mode, registers keep their values.</summary>
        public const byte Shutdown = 0b1000_0000;

        /// <summary>MODE_CONFIG RESET, bit 6: self-clearing soft reset.</summary>
        public const byte Reset = 0b0100_0000;

        /// <summary>MODE_CONFIG MODE[2:0].</summary>
        public const byte ModeMask = 0b0000_0111;

        /// <summary>SPO2_CONFIG SPO2_ADC_RGE[6:5].</summary>
        public const int AdcRangeShift = 5;

        /// <summary>SPO2_CONFIG SPO2_ADC_RGE[6:5].</summary>
        public const byte AdcRangeMask = 0b0110_0000;

        /// <summary>SPO2_CONFIG SPO2_SR[4:2].</summary>
        public const int SampleRateShift = 2;

        /// <summary>SPO2_CONFIG SPO2_SR[4:2].</summary>
        public const byte SampleRateMask = 0b0001_1100;

        /// <summary>SPO2_CONFIG LED_PW[1:0].</summary>
        public const byte PulseWidthMask = 0b0000_0011;

        /// <summary>MULTI_LED_CTRL1 SLOT2[6:4].</summary>
        public const int Slot2Shift = 4;

        /// <summary>SLOTx = 001 selects LED1 (red) in MULTI_LED_CTRLx (registers 0x11-0x12 description).</summary>
        public const byte SlotRed = 0b001;

        /// <summary>SLOTx = 010 selects LED2 (infrared) in MULTI_LED_CTRLx (registers 0x11-0x12 description).</summary>
        public const byte SlotInfrared = 0b010;

        /// <summary>
        /// INTR_STATUS_2 DIE_TEMP_RDY and INTR_ENABLE_2 DIE_TEMP_RDY_EN, bit 1 (registers 0x01 and 0x03): set when a
        /// die-temperature conversion has finished; cleared by reading INTR_STATUS_2 or TFRAC.
        /// </summary>
        public const byte DieTemperatureReady = 0b0000_0010;

        /// <summary>TEMP_CONFIG TEMP_EN, bit 0: starts one conversion (the datasheet has it clear itself when done; see <see cref="DieTemperatureReady"/>).</summary>
        public const byte TemperatureEnable = 0b0000_0001;

        /// <summary>TFRAC[3:0]: sixteenths of a degree Celsius.</summary>
        public const byte TemperatureFractionMask = 0b0000_1111;

        /// <summary>A FIFO word holds 18 data bits, FIFO_DATA[17:0]; bits [23:18] are unused (datasheet p.15).</summary>
        public const int SampleMask = 0x3FFFF;
    }
}
