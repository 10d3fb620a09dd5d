using HeartRateStreamer.Simulation.Max30102;
using Iot.Device.Max30102;

namespace HeartRateStreamer.Tests.Drivers
{
    /// <summary>Scripts the MAX30102 start-up transfers, so each test can add the transfers it is about.</summary>
    internal static class Max30102Script
    {
        /// <summary>REV_ID the scripted chip answers.</summary>
        public const byte RevisionId = 0x03;

        /// <summary>
        /// REV_ID and PART_ID in one burst, soft reset (MODE_CONFIG = RESET, polled until it clears; here one poll still
        /// sees it set), both status registers read to clear PWR_RDY, DIE_TEMP_RDY_EN set in INTR_ENABLE_2, FIFO_CONFIG, SPO2_CONFIG, LED1_PA and LED2_PA in one
        /// burst, the multi-LED slots when needed, MODE_CONFIG, then FIFO_WR_PTR, OVF_COUNTER and FIFO_RD_PTR cleared in one burst.
        /// </summary>
        public static void ExpectInitialization(ScriptedRegisterBus bus, byte fifoConfig, byte spo2Config, byte redAmplitude, byte infraredAmplitude, byte mode)
        {
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.RevisionIdRegister }, RevisionId, DatasheetMax30102.PartId);
            bus.ExpectWrite(DatasheetMax30102.ModeConfiguration, DatasheetMax30102.ResetBit);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.ModeConfiguration }, DatasheetMax30102.ResetBit);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.ModeConfiguration }, 0x00);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.InterruptStatus1 }, 0x01, 0x00);
            bus.ExpectWrite(DatasheetMax30102.InterruptEnable2, DatasheetMax30102.DieTemperatureReady);
            bus.ExpectWrite(DatasheetMax30102.FifoConfiguration, fifoConfig);
            bus.ExpectWrite(DatasheetMax30102.SpO2Configuration, spo2Config);
            bus.ExpectWrite(DatasheetMax30102.Led1PulseAmplitude, redAmplitude, infraredAmplitude);
            if (mode == DatasheetMax30102.ModeMultiLed)
            {
                bus.ExpectWrite(DatasheetMax30102.MultiLedControl1, (byte)((DatasheetMax30102.SlotInfrared << 4) | DatasheetMax30102.SlotRed), 0x00);
            }

            bus.ExpectWrite(DatasheetMax30102.ModeConfiguration, mode);
            bus.ExpectWrite(DatasheetMax30102.FifoWritePointer, 0x00, 0x00, 0x00);
        }

        /// <summary>The start-up with default settings: no averaging, rollover off, 4096 nA, 100 sps, 411 µs, 7.0 mA (0x23), SpO2 mode.</summary>
        public static void ExpectDefaultInitialization(ScriptedRegisterBus bus)
        {
            ExpectInitialization(bus, 0x00, 0x27, 0x23, 0x23, DatasheetMax30102.ModeSpO2);
        }

        /// <summary>A driver with default settings on a scripted bus that has already seen the start-up.</summary>
        public static Max30102 CreateDefault(ScriptedRegisterBus bus)
        {
            return CreateDefault(bus, false);
        }

        /// <summary>The same, with FIFO rollover on (<see cref="FifoFullBehavior.OverwriteOldest"/>) when <paramref name="rollover"/>.</summary>
        public static Max30102 CreateDefault(ScriptedRegisterBus bus, bool rollover)
        {
            ExpectInitialization(bus, DatasheetMax30102.FifoConfig(0, rollover), 0x27, 0x23, 0x23, DatasheetMax30102.ModeSpO2);
            var settings = new Max30102Settings();
            settings.FifoFullBehavior = rollover ? FifoFullBehavior.OverwriteOldest : FifoFullBehavior.KeepOldest;
            var sensor = new Max30102(bus, settings);
            bus.VerifyAllTransfersHappened();
            return sensor;
        }

        /// <summary>
        /// Scripts the burst the driver reads first in ReadFifo, INTR_STATUS_1 through FIFO_RD_PTR (0x00-0x06), with no
        /// status flag set and the interrupt enables at 0.
        /// </summary>
        public static void ExpectPointers(ScriptedRegisterBus bus, byte writePointer, byte overflowCounter, byte readPointer)
        {
            ExpectStatusAndPointers(bus, 0x00, writePointer, overflowCounter, readPointer);
        }

        /// <summary>The same burst, INTR_STATUS_1 reading <paramref name="interruptStatus1"/>.</summary>
        public static void ExpectStatusAndPointers(ScriptedRegisterBus bus, byte interruptStatus1, byte writePointer, byte overflowCounter, byte readPointer)
        {
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.InterruptStatus1 }, interruptStatus1, 0x00, 0x00, 0x00, writePointer, overflowCounter, readPointer);
        }

        /// <summary>
        /// INTR_STATUS_1 read again on its own, reading <paramref name="interruptStatus1"/>: ReadFifo does that when the
        /// burst found the pointers equal, OVF_COUNTER 0 and A_FULL clear.
        /// </summary>
        public static void ExpectStatusAgain(ScriptedRegisterBus bus, byte interruptStatus1)
        {
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.InterruptStatus1 }, interruptStatus1);
        }

        /// <summary>
        /// Both pointers at <paramref name="pointer"/>, OVF_COUNTER 0, and <paramref name="flag"/> in INTR_STATUS_1: in the
        /// burst (<paramref name="inTheBurst"/>), or set only after the burst read the status, so seen by the status read again.
        /// </summary>
        public static void ExpectFlagWithEqualPointers(ScriptedRegisterBus bus, byte flag, byte pointer, bool inTheBurst)
        {
            if (inTheBurst)
            {
                ExpectStatusAndPointers(bus, flag, pointer, 0, pointer);
            }
            else
            {
                ExpectPointers(bus, pointer, 0, pointer);
                ExpectStatusAgain(bus, flag);
            }
        }

        /// <summary>An empty FIFO: the burst with both pointers at <paramref name="pointer"/> and no flag, then the status again, still clear.</summary>
        public static void ExpectEmpty(ScriptedRegisterBus bus, byte pointer)
        {
            ExpectPointers(bus, pointer, 0, pointer);
            ExpectStatusAgain(bus, 0x00);
        }
    }
}
