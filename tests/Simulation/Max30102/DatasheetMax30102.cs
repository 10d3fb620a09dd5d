namespace HeartRateStreamer.Simulation.Max30102
{
    /// <summary>
    /// The MAX30102 register map and bit fields typed again from the datasheet (19-7740, Table 1 and the register
    /// descriptions; FIFO p.15), independently of the driver: the simulated chip and the scripted driver tests both use
    /// this copy, so a typo on either side of it and the driver's makes a test fail.
    /// </summary>
    public static class DatasheetMax30102
    {
        public const byte InterruptStatus1 = 0x00;     // INTR_STATUS_1: A_FULL[7] PPG_RDY[6] ALC_OVF[5] PWR_RDY[0], then INTR_STATUS_2, INTR_ENABLE_1/2
        public const byte InterruptStatus2 = 0x01;     // INTR_STATUS_2: DIE_TEMP_RDY[1]
        public const byte InterruptEnable2 = 0x03;     // INTR_ENABLE_2: DIE_TEMP_RDY_EN[1]
        public const byte FifoWritePointer = 0x04;     // FIFO_WR_PTR[4:0]
        public const byte OverflowCounter = 0x05;      // OVF_COUNTER[4:0]
        public const byte FifoReadPointer = 0x06;      // FIFO_RD_PTR[4:0]
        public const byte FifoData = 0x07;             // FIFO_DATA
        public const byte FifoConfiguration = 0x08;    // FIFO_CONFIG: SMP_AVE[7:5] FIFO_ROLLOVER_EN[4] FIFO_A_FULL[3:0]
        public const byte ModeConfiguration = 0x09;    // MODE_CONFIG: SHDN[7] RESET[6] MODE[2:0]
        public const byte SpO2Configuration = 0x0A;    // SPO2_CONFIG: SPO2_ADC_RGE[6:5] SPO2_SR[4:2] LED_PW[1:0]
        public const byte Led1PulseAmplitude = 0x0C;   // LED1_PA (red), then LED2_PA (infrared) 0x0D
        public const byte MultiLedControl1 = 0x11;     // MULTI_LED_CTRL1: SLOT2[6:4] SLOT1[2:0]
        public const byte MultiLedControl2 = 0x12;     // MULTI_LED_CTRL2: SLOT4[6:4] SLOT3[2:0]
        public const byte TemperatureInteger = 0x1F;   // TINT
        public const byte TemperatureFraction = 0x20;  // TFRAC[3:0]
        public const byte TemperatureConfiguration = 0x21; // TEMP_CONFIG: TEMP_EN[0]
        public const byte RevisionIdRegister = 0xFE;   // REV_ID
        public const byte PartIdRegister = 0xFF;       // PART_ID

        public const byte PartId = 0x15;
        public const byte AlmostFullFlag = 0x80;
        public const byte NewDataFlag = 0x40;          // PPG_RDY in INTR_STATUS_1
        public const byte PowerReadyFlag = 0x01;       // PWR_RDY in INTR_STATUS_1: set by a power-on reset (p.28, Power-Up Sequencing)
        public const byte ResetBit = 0x40;
        public const byte ShutdownBit = 0x80;
        public const byte RolloverBit = 0x10;
        public const byte ModeMask = 0x07;
        public const byte ModeHeartRate = 0x02;
        public const byte ModeSpO2 = 0x03;
        public const byte ModeMultiLed = 0x07;
        public const byte PointerMask = 0x1F;          // FIFO_WR_PTR, FIFO_RD_PTR, OVF_COUNTER: 5 bits
        public const byte AlmostFullMask = 0x0F;       // FIFO_A_FULL[3:0]
        public const byte SlotMask = 0x07;             // SLOTx[2:0] in MULTI_LED_CTRL1/2
        public const int UpperSlotShift = 4;           // SLOT2[6:4], SLOT4[6:4]
        public const byte SlotRed = 0x01;
        public const byte SlotInfrared = 0x02;
        public const int AdcRangeShift = 5;            // SPO2_ADC_RGE[6:5]
        public const int SampleRateShift = 2;          // SPO2_SR[4:2]
        public const byte SampleRateMask = 0x07;
        public const byte PulseWidthMask = 0x03;       // LED_PW[1:0]: 0 = 69 µs (15 bits) ... 3 = 411 µs (18 bits)
        public const int FullResolutionCode = 3;
        public const int SampleAveragingShift = 5;     // SMP_AVE[7:5]
        public const byte SampleAveragingMask = 0x07;
        public const byte DataHighBitsMask = 0x03;     // FIFO_DATA[17:16] in the first byte of a triplet (p.15)
        public const byte TemperatureEnable = 0x01;
        public const byte DieTemperatureReady = 0x02;  // DIE_TEMP_RDY in INTR_STATUS_2, DIE_TEMP_RDY_EN in INTR_ENABLE_2
        public const int SixteenthsPerDegree = 16;     // TFRAC counts 0.0625 °C

        /// <summary>SPO2_CONFIG for an ADC range code (0-3), sample-rate code (0-7) and pulse-width code (0-3).</summary>
        public static byte SpO2Config(int adcRangeCode, int sampleRateCode, int pulseWidthCode)
        {
            return (byte)((adcRangeCode << AdcRangeShift) | (sampleRateCode << SampleRateShift) | pulseWidthCode);
        }

        /// <summary>FIFO_CONFIG for an averaging code (0-5) and the rollover flag, FIFO_A_FULL left at 0.</summary>
        public static byte FifoConfig(int averagingCode, bool rollover)
        {
            return (byte)((averagingCode << SampleAveragingShift) | (rollover ? RolloverBit : 0));
        }
    }
}
