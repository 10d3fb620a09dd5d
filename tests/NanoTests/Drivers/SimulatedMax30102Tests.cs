using System;
using System.IO;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Simulation.Max30102;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Drivers
{
    /// <summary>
    /// The simulated MAX30102 against the datasheet, through raw bus transfers (no driver), so the model can be trusted
    /// as the other side of the driver tests and of the virtual device.
    /// </summary>
    [TestClass]
    public class SimulatedMax30102Tests
    {
        [TestMethod]
        public static void PowersUpWithTheDatasheetValues()
        {
            var chip = new SimulatedMax30102(new ManualClock(), new FixedWaveform(0, 0));

            Assert.AreEqual((byte)0x15, Read(chip, DatasheetMax30102.PartIdRegister), "PART_ID");
            Assert.AreEqual((byte)0x03, Read(chip, DatasheetMax30102.RevisionIdRegister), "REV_ID");
            Assert.AreEqual((byte)0x00, Read(chip, DatasheetMax30102.FifoConfiguration));
            Assert.AreEqual((byte)0x00, Read(chip, DatasheetMax30102.ModeConfiguration));
            Assert.AreEqual((byte)0x00, Read(chip, DatasheetMax30102.SpO2Configuration));
            Assert.AreEqual((byte)0x00, Read(chip, DatasheetMax30102.Led1PulseAmplitude));
            Assert.AreEqual((byte)0x01, Read(chip, DatasheetMax30102.InterruptStatus1), "PWR_RDY after power-up");
            Assert.AreEqual((byte)0x00, Read(chip, DatasheetMax30102.InterruptStatus1), "reading the status cleared it");
            Assert.IsFalse(chip.IsConverting, "MODE 000 takes no samples");
        }

        [TestMethod]
        public static void ResetClearsItselfAndRestoresThePowerOnValues()
        {
            var chip = new SimulatedMax30102(new ManualClock(), new FixedWaveform(0, 0));
            Write(chip, DatasheetMax30102.FifoConfiguration, 0x4F);
            Write(chip, DatasheetMax30102.Led1PulseAmplitude, 0x24);
            Write(chip, DatasheetMax30102.ModeConfiguration, DatasheetMax30102.ModeSpO2);

            Write(chip, DatasheetMax30102.ModeConfiguration, DatasheetMax30102.ResetBit);

            Assert.AreEqual((byte)0x40, Read(chip, DatasheetMax30102.ModeConfiguration), "RESET still set on the first read");
            Assert.AreEqual((byte)0x00, Read(chip, DatasheetMax30102.ModeConfiguration), "then it cleared itself");
            Assert.AreEqual((byte)0x00, Read(chip, DatasheetMax30102.FifoConfiguration));
            Assert.AreEqual((byte)0x00, Read(chip, DatasheetMax30102.Led1PulseAmplitude));
            Assert.AreEqual((byte)0x15, Read(chip, 0xFF), "the IDs are read-only and survive");
            Assert.IsFalse(chip.IsConverting);
        }

        [TestMethod]
        public static void BurstTransfersAutoIncrementTheRegisterAddress()
        {
            var chip = new SimulatedMax30102(new ManualClock(), new FixedWaveform(0, 0));
            chip.Write(new byte[] { DatasheetMax30102.Led1PulseAmplitude, 0x11, 0x22 }, 3);
            var read = new byte[2];

            chip.WriteRead(new byte[] { DatasheetMax30102.Led1PulseAmplitude }, 1, read, 2);
            Assert.AreEqual((byte)0x11, read[0]);
            Assert.AreEqual((byte)0x22, read[1], "LED2_PA followed LED1_PA");
            chip.WriteRead(new byte[] { DatasheetMax30102.RevisionIdRegister }, 1, read, 2);
            Assert.AreEqual((byte)0x15, read[1], "REV_ID then PART_ID");
        }

        [TestMethod]
        public static void TheFifoFillsAtTheSampleRate()
        {
            var clock = new ManualClock();
            SimulatedMax30102 chip = StartSpO2(clock, new FixedWaveform(100, 200), 0x27);

            clock.Advance(50);
            Assert.AreEqual((byte)5, Read(chip, DatasheetMax30102.FifoWritePointer), "100 sps: 5 samples in 50 ms");
            Assert.AreEqual((byte)0, Read(chip, DatasheetMax30102.FifoWritePointer + 2), "nothing read yet");
            Assert.AreEqual((byte)0x40, (byte)(Read(chip, DatasheetMax30102.InterruptStatus1) & 0x40), "PPG_RDY");
            clock.Advance(70);
            Assert.AreEqual((byte)12, Read(chip, DatasheetMax30102.FifoWritePointer));
        }

        [TestMethod]
        public static void AveragingDividesTheFillRateAndStoresTheMean()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            Write(chip, DatasheetMax30102.FifoConfiguration, DatasheetMax30102.FifoConfig(2, false));   // SMP_AVE = 4
            Write(chip, DatasheetMax30102.SpO2Configuration, 0x27);
            Write(chip, DatasheetMax30102.ModeConfiguration, DatasheetMax30102.ModeSpO2);

            clock.Advance(200);
            Assert.AreEqual((byte)5, Read(chip, DatasheetMax30102.FifoWritePointer), "20 conversions, 4 per sample");
            byte[] sample = ReadFifo(chip, 6);

            // Conversions 1-4: infrared 8, 16, 24, 32 counts, mean 20; red 48, 88, 128, 168, mean 108.
            Assert.AreEqual(108, Word(sample, 0));
            Assert.AreEqual(20, Word(sample, 3));
        }

        [TestMethod]
        public static void FifoDataDoesNotAutoIncrementAndPopsWholeSamplesRedFirst()
        {
            var clock = new ManualClock();
            SimulatedMax30102 chip = StartSpO2(clock, new IndexedWaveform(100), 0x27);
            clock.Advance(30);

            byte[] twoSamples = ReadFifo(chip, 12);

            Assert.AreEqual(IndexedWaveform.RedOf(1), Word(twoSamples, 0));
            Assert.AreEqual(IndexedWaveform.InfraredOf(1), Word(twoSamples, 3));
            Assert.AreEqual(IndexedWaveform.RedOf(2), Word(twoSamples, 6));
            Assert.AreEqual(IndexedWaveform.InfraredOf(2), Word(twoSamples, 9));
            Assert.AreEqual((byte)2, Read(chip, DatasheetMax30102.FifoWritePointer + 2), "FIFO_RD_PTR moved by two samples");
            Assert.AreEqual(IndexedWaveform.InfraredOf(3), Word(ReadFifo(chip, 6), 3));
            Assert.AreEqual(0, chip.UnreadSampleCount);
        }

        [TestMethod]
        public static void PointersWrapModulo32()
        {
            var clock = new ManualClock();
            SimulatedMax30102 chip = StartSpO2(clock, new IndexedWaveform(100), 0x27);
            int expected = 1;
            for (int round = 0; round < 4; round++)
            {
                clock.Advance(100);
                byte[] samples = ReadFifo(chip, 10 * 6);
                for (int sample = 0; sample < 10; sample++)
                {
                    Assert.AreEqual(IndexedWaveform.InfraredOf(expected), Word(samples, (sample * 6) + 3), "sample " + expected);
                    expected++;
                }
            }

            Assert.AreEqual((byte)(40 % 32), Read(chip, DatasheetMax30102.FifoWritePointer), "40 samples: the write pointer wrapped to 8");
            Assert.AreEqual((byte)(40 % 32), Read(chip, DatasheetMax30102.FifoWritePointer + 2));
        }

        [TestMethod]
        public static void OverflowCounterCountsLostSamplesAndSaturatesAt31()
        {
            var clock = new ManualClock();
            SimulatedMax30102 chip = StartSpO2(clock, new IndexedWaveform(100), 0x27);

            clock.Advance(420);
            Assert.AreEqual((byte)10, Read(chip, DatasheetMax30102.FifoWritePointer + 1), "42 samples into 32 slots: 10 lost");
            Assert.AreEqual((byte)0, Read(chip, DatasheetMax30102.FifoWritePointer), "a full FIFO: write pointer = read pointer");
            clock.Advance(400);
            Assert.AreEqual((byte)31, Read(chip, DatasheetMax30102.FifoWritePointer + 1), "OVF_COUNTER saturates at 0x1F");

            byte[] oldest = ReadFifo(chip, 6);

            Assert.AreEqual(IndexedWaveform.InfraredOf(1), Word(oldest, 3), "rollover off keeps the oldest samples");
            Assert.AreEqual((byte)0, Read(chip, DatasheetMax30102.FifoWritePointer + 1), "popping a sample clears OVF_COUNTER");
            Assert.AreEqual(82L, chip.ProducedSampleCount);
        }

        [TestMethod]
        public static void RolloverKeepsTheNewestSamples()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            Write(chip, DatasheetMax30102.FifoConfiguration, DatasheetMax30102.FifoConfig(0, true));
            Write(chip, DatasheetMax30102.SpO2Configuration, 0x27);
            Write(chip, DatasheetMax30102.ModeConfiguration, DatasheetMax30102.ModeSpO2);

            clock.Advance(400);

            Assert.AreEqual((byte)8, Read(chip, DatasheetMax30102.FifoWritePointer + 1), "8 overwritten");
            Assert.AreEqual(32, chip.UnreadSampleCount);
            Assert.AreEqual(IndexedWaveform.InfraredOf(9), Word(ReadFifo(chip, 6), 3), "the oldest kept sample is the 9th");
        }

        [TestMethod]
        public static void AnHourWithoutReadsStaysBoundedAndCorrect()
        {
            var clock = new ManualClock();
            var waveform = new IndexedWaveform(100);
            SimulatedMax30102 chip = StartSpO2(clock, waveform, 0x27);

            clock.Advance(3600000);
            chip.CatchUp();

            Assert.AreEqual(360000L, chip.ProducedSampleCount);
            Assert.AreEqual(32, chip.UnreadSampleCount);
            Assert.AreEqual(32, waveform.CallCount, "conversions a full FIFO would drop are not computed");
            Assert.AreEqual((byte)31, chip.PeekRegister(0x05));
        }

        [TestMethod]
        public static void ShutdownStopsConversionsAndKeepsTheFifo()
        {
            var clock = new ManualClock();
            SimulatedMax30102 chip = StartSpO2(clock, new IndexedWaveform(100), 0x27);
            clock.Advance(50);
            Write(chip, DatasheetMax30102.ModeConfiguration, (byte)(DatasheetMax30102.ShutdownBit | DatasheetMax30102.ModeSpO2));

            clock.Advance(1000);
            Assert.AreEqual((byte)5, Read(chip, DatasheetMax30102.FifoWritePointer), "no samples while shut down");
            Assert.AreEqual(5, chip.UnreadSampleCount, "the FIFO keeps its samples");
            Write(chip, DatasheetMax30102.ModeConfiguration, DatasheetMax30102.ModeSpO2);
            clock.Advance(30);

            Assert.AreEqual((byte)8, Read(chip, DatasheetMax30102.FifoWritePointer), "conversions resume after waking");
        }

        [TestMethod]
        public static void ALostSupplyRestartsTheChipAsAtPowerUpWithPwrRdySet()
        {
            var clock = new ManualClock();
            SimulatedMax30102 chip = StartSpO2(clock, new IndexedWaveform(100), 0x27);
            Write(chip, DatasheetMax30102.Led1PulseAmplitude, 0x23);
            Assert.AreEqual((byte)0x01, Read(chip, DatasheetMax30102.InterruptStatus1), "PWR_RDY from power-up, read away");
            clock.Advance(50);

            chip.LosePowerBriefly();

            Assert.AreEqual(0, chip.UnreadSampleCount, "the FIFO is empty");
            Assert.AreEqual((byte)0x01, Read(chip, DatasheetMax30102.InterruptStatus1), "PWR_RDY set again");
            Assert.AreEqual((byte)0x00, Read(chip, DatasheetMax30102.InterruptStatus1), "and cleared by the read");
            Assert.AreEqual((byte)0x00, Read(chip, DatasheetMax30102.ModeConfiguration), "MODE 000");
            Assert.AreEqual((byte)0x00, Read(chip, DatasheetMax30102.SpO2Configuration));
            Assert.AreEqual((byte)0x00, Read(chip, DatasheetMax30102.Led1PulseAmplitude));
            Assert.AreEqual((byte)0x00, Read(chip, DatasheetMax30102.FifoWritePointer));
            Assert.AreEqual((byte)0x15, Read(chip, 0xFF), "it answers as before");
            clock.Advance(1000);
            Assert.IsFalse(chip.IsConverting, "idle: no samples");
            Assert.AreEqual(0, chip.UnreadSampleCount);
        }

        [TestMethod]
        public static void PointersCanBeWrittenOnlyInAFifoMode()
        {
            var chip = new SimulatedMax30102(new ManualClock(), new FixedWaveform(0, 0));

            chip.Write(new byte[] { DatasheetMax30102.FifoWritePointer, 5, 6, 7 }, 4);
            Assert.AreEqual((byte)0, Read(chip, DatasheetMax30102.FifoWritePointer), "MODE 000: pointer writes are ignored");
            Write(chip, DatasheetMax30102.ModeConfiguration, DatasheetMax30102.ModeHeartRate);
            chip.Write(new byte[] { DatasheetMax30102.FifoWritePointer, 0xE5, 6, 7 }, 4);

            Assert.AreEqual((byte)5, Read(chip, DatasheetMax30102.FifoWritePointer), "only bits [4:0] are kept");
            Assert.AreEqual((byte)6, Read(chip, DatasheetMax30102.FifoWritePointer + 1));
            Assert.AreEqual((byte)7, Read(chip, DatasheetMax30102.FifoWritePointer + 2));
        }

        [TestMethod]
        public static void TempEnThatClearsAtOnceStillLeavesTheConversionItsTimeAndFlag()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new FixedWaveform(0, 0));
            chip.DieTemperatureDegreesCelsius = 20.5;
            chip.TemperatureEnableClearsAtOnce = true;

            Write(chip, DatasheetMax30102.TemperatureConfiguration, DatasheetMax30102.TemperatureEnable);
            Assert.AreEqual((byte)0, Read(chip, DatasheetMax30102.TemperatureConfiguration), "TEMP_EN reads clear at once");
            clock.Advance(SimulatedMax30102.TemperatureConversionMilliseconds - 1);
            Assert.AreEqual((byte)0, Read(chip, DatasheetMax30102.InterruptStatus2), "no DIE_TEMP_RDY yet");
            Assert.AreEqual((byte)0, Read(chip, DatasheetMax30102.TemperatureInteger), "TINT not yet written");
            clock.Advance(1);

            Assert.AreEqual(DatasheetMax30102.DieTemperatureReady, Read(chip, DatasheetMax30102.InterruptStatus2));
            Assert.AreEqual((byte)20, Read(chip, DatasheetMax30102.TemperatureInteger));
        }

        [TestMethod]
        public static void ATemperatureConversionTakes29MillisecondsAndReportsTwosComplement()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new FixedWaveform(0, 0));
            chip.DieTemperatureDegreesCelsius = -5.75;

            Write(chip, DatasheetMax30102.TemperatureConfiguration, DatasheetMax30102.TemperatureEnable);
            Assert.AreEqual((byte)1, Read(chip, DatasheetMax30102.TemperatureConfiguration), "TEMP_EN stays set while converting");
            clock.Advance(28);
            Assert.AreEqual((byte)1, Read(chip, DatasheetMax30102.TemperatureConfiguration));
            clock.Advance(1);

            Assert.AreEqual((byte)0, Read(chip, DatasheetMax30102.TemperatureConfiguration), "TEMP_EN cleared itself");
            Assert.AreEqual((byte)0xFA, Read(chip, DatasheetMax30102.TemperatureInteger), "-6 °C in two's complement");
            Assert.AreEqual((byte)0x04, Read(chip, DatasheetMax30102.TemperatureInteger + 1), "+4/16 °C");
            Assert.AreEqual((byte)0x02, Read(chip, 0x01), "DIE_TEMP_RDY");
            Assert.AreEqual((byte)0x00, Read(chip, 0x01), "cleared by reading");
        }

        [DataRow(0, 0x03, 0xFF, 0xF8)]
        [DataRow(1, 0x03, 0xFF, 0xFC)]
        [DataRow(2, 0x03, 0xFF, 0xFE)]
        [DataRow(3, 0x03, 0xFF, 0xFF)]
        public static void ShorterPulsesLeaveTheLowBitsOfTheLeftJustifiedWordEmpty(int pulseWidthCode, int first, int second, int third)
        {
            var clock = new ManualClock();
            SimulatedMax30102 chip = StartSpO2(clock, new FixedWaveform(0x3FFFF, 0), DatasheetMax30102.SpO2Config(1, 1, pulseWidthCode));
            clock.Advance(10);

            byte[] sample = ReadFifo(chip, 6);

            Assert.AreEqual((byte)first, sample[0]);
            Assert.AreEqual((byte)second, sample[1]);
            Assert.AreEqual((byte)third, sample[2]);
        }

        [TestMethod]
        public static void ValuesOutsideTheAdcRangeAreClipped()
        {
            var clock = new ManualClock();
            SimulatedMax30102 chip = StartSpO2(clock, new FixedWaveform(-5, 300000), 0x27);
            clock.Advance(10);

            byte[] sample = ReadFifo(chip, 6);

            Assert.AreEqual(0, Word(sample, 0));
            Assert.AreEqual(0x3FFFF, Word(sample, 3));
        }

        [TestMethod]
        public static void HeartRateModeStoresTheRedChannelOnly()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            Write(chip, DatasheetMax30102.SpO2Configuration, 0x27);
            Write(chip, DatasheetMax30102.ModeConfiguration, DatasheetMax30102.ModeHeartRate);
            clock.Advance(20);

            byte[] samples = ReadFifo(chip, 6);

            Assert.AreEqual(IndexedWaveform.RedOf(1), Word(samples, 0));
            Assert.AreEqual(IndexedWaveform.RedOf(2), Word(samples, 3), "3 bytes per sample");
            Assert.AreEqual(0, chip.UnreadSampleCount);
        }

        [TestMethod]
        public static void MultiLedModeFollowsTheSlots()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            Write(chip, DatasheetMax30102.SpO2Configuration, 0x27);
            chip.Write(new byte[] { DatasheetMax30102.MultiLedControl1, 0x12, 0x00 }, 3);   // slot 1 infrared, slot 2 red
            Write(chip, DatasheetMax30102.ModeConfiguration, DatasheetMax30102.ModeMultiLed);
            clock.Advance(10);

            byte[] sample = ReadFifo(chip, 6);

            Assert.AreEqual(IndexedWaveform.InfraredOf(1), Word(sample, 0));
            Assert.AreEqual(IndexedWaveform.RedOf(1), Word(sample, 3));
        }

        [TestMethod]
        public static void TheFaultSwitchFailsEveryTransferWhileTimeRunsOn()
        {
            var clock = new ManualClock();
            SimulatedMax30102 chip = StartSpO2(clock, new IndexedWaveform(100), 0x27);
            chip.IsResponding = false;
            int before = chip.TransferCount;

            Exception thrown = Expect.Throws(typeof(IOException), () => Read(chip, DatasheetMax30102.FifoWritePointer));
            Expect.Throws(typeof(IOException), () => Write(chip, DatasheetMax30102.Led1PulseAmplitude, 1));
            clock.Advance(100);
            chip.IsResponding = true;

            Expect.MessageContains(thrown, "did not acknowledge", "SlaveAddressNotAcknowledged");
            Assert.AreEqual(before + 2, chip.TransferCount);
            Assert.AreEqual((byte)10, Read(chip, DatasheetMax30102.FifoWritePointer), "the chip kept sampling");
        }

        [TestMethod]
        public static void BadTransferArgumentsAreRefused()
        {
            var chip = new SimulatedMax30102(new ManualClock(), new FixedWaveform(0, 0));

            Expect.Throws(typeof(ArgumentNullException), () => chip.Write(null!, 1));
            Expect.Throws(typeof(ArgumentException), () => chip.Write(new byte[1], 0));
            Expect.Throws(typeof(ArgumentOutOfRangeException), () => chip.WriteRead(new byte[1], 1, new byte[2], 3));
            Expect.Throws(typeof(ArgumentNullException), () => new SimulatedMax30102(null!, new FixedWaveform(0, 0)));
        }

        [TestMethod]
        public static void AFifoReadThatBreaksOffPopsTheSamplesItBeganAndDeliversNothing()
        {
            var clock = new ManualClock();
            SimulatedMax30102 chip = StartSpO2(clock, new IndexedWaveform(100), 0x27);
            clock.Advance(50);
            chip.BreakNextFifoRead(13); // sample 1 (6 bytes), sample 2 (6), the first byte of sample 3

            Expect.Throws(typeof(IOException), () => ReadFifo(chip, 5 * 6));

            Assert.AreEqual(2, chip.UnreadSampleCount, "three of five popped");
            Assert.AreEqual((byte)3, chip.PeekRegister(DatasheetMax30102.FifoReadPointer));
            Write(chip, DatasheetMax30102.FifoReadPointer, 0); // the datasheet's way to read them again (p.15)
            byte[] again = ReadFifo(chip, 6);
            Assert.AreEqual(IndexedWaveform.RedOf(1), Word(again, 0), "sample 1 is still in its slot");
            Assert.AreEqual(4, chip.UnreadSampleCount);
        }

        private static SimulatedMax30102 StartSpO2(ManualClock clock, IOpticalWaveform waveform, byte spo2Config)
        {
            var chip = new SimulatedMax30102(clock, waveform);
            Write(chip, DatasheetMax30102.SpO2Configuration, spo2Config);
            Write(chip, DatasheetMax30102.ModeConfiguration, DatasheetMax30102.ModeSpO2);
            return chip;
        }

        private static byte Read(SimulatedMax30102 chip, int register)
        {
            var read = new byte[1];
            chip.WriteRead(new byte[] { (byte)register }, 1, read, 1);
            return read[0];
        }

        private static void Write(SimulatedMax30102 chip, int register, byte value)
        {
            chip.Write(new byte[] { (byte)register, value }, 2);
        }

        private static byte[] ReadFifo(SimulatedMax30102 chip, int byteCount)
        {
            var read = new byte[byteCount];
            chip.WriteRead(new byte[] { DatasheetMax30102.FifoData }, 1, read, byteCount);
            return read;
        }

        private static int Word(byte[] bytes, int offset)
        {
            return (bytes[offset] << 16) | (bytes[offset + 1] << 8) | bytes[offset + 2];
        }
    }
}
