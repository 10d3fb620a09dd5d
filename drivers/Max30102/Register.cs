namespace Iot.Device.Max30102
{
    /// <summary>
    /// MAX30102 register addresses, named after the datasheet's register map
    /// (MAX30102 datasheet 19-7740, Table 1 "Register Maps and Descriptions").
    /// </summary>
    internal enum Register : byte
    {
        /// <summary>INTR_STATUS_1: A_FULL, PPG_RDY, ALC_OVF, PWR_RDY. Reading clears it.</summary>
        InterruptStatus1 = 0x00,

        /// <summary>INTR_STATUS_2: DIE_TEMP_RDY. Reading clears it.</summary>
        InterruptStatus2 = 0x01,

        /// <summary>INTR_ENABLE_1: A_FULL_EN, PPG_RDY_EN, ALC_OVF_EN.</summary>
        InterruptEnable1 = 0x02,

        /// <summary>INTR_ENABLE_2: DIE_TEMP_RDY_EN.</summary>
        InterruptEnable2 = 0x03,

        /// <summary>FIFO_WR_PTR[4:0]: where the chip writes the next sample.</summary>
        FifoWritePointer = 0x04,

        /// <summary>OVF_COUNTER[4:0]: samples lost while the FIFO was full.</summary>
        OverflowCounter = 0x05,

        /// <summary>FIFO_RD_PTR[4:0]: the next sample the host reads.</summary>
        FifoReadPointer = 0x06,

        /// <summary>FIFO_DATA: the burst-read port; the register address does not auto-increment here.</summary>
        FifoData = 0x07,

        /// <summary>FIFO_CONFIG: SMP_AVE[7:5], FIFO_ROLLOVER_EN (bit 4), FIFO_A_FULL[3:0].</summary>
        FifoConfiguration = 0x08,

        /// <summary>MODE_CONFIG: SHDN (bit 7), RESET (bit 6), MODE[2:0].</summary>
        ModeConfiguration = 0x09,

        /// <summary>SPO2_CONFIG: SPO2_ADC_RGE[6:5], SPO2_SR[4:2], LED_PW[1:0].</summary>
        SpO2Configuration = 0x0A,

        /// <summary>LED1_PA: red LED pulse amplitude.</summary>
        Led1PulseAmplitude = 0x0C,

        /// <summary>LED2_PA: infrared LED pulse amplitude.</summary>
        Led2PulseAmplitude = 0x0D,

        /// <summary>MULTI_LED_CTRL1: SLOT2[6:4], SLOT1[2:0].</summary>
        MultiLedModeControl1 = 0x11,

        /// <summary>MULTI_LED_CTRL2: SLOT4[6:4], SLOT3[2:0].</summary>
        MultiLedModeControl2 = 0x12,

        /// <summary>TINT: die temperature, integer part, two's complement degrees Celsius.</summary>
        DieTemperatureInteger = 0x1F,

        /// <summary>TFRAC[3:0]: die temperature, fraction in 0.0625 °C steps.</summary>
        DieTemperatureFraction = 0x20,

        /// <summary>TEMP_CONFIG: TEMP_EN (bit 0), self-clearing.</summary>
        DieTemperatureConfiguration = 0x21,

        /// <summary>REV_ID: silicon revision.</summary>
        RevisionId = 0xFE,

        /// <summary>PART_ID: 0x15 for the MAX30102.</summary>
        PartId = 0xFF,
    }
}
