using System;
using System.IO;
using HeartRateStreamer.Simulation.Max30102;
using Iot.Device.Max30102;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Drivers
{
    [TestClass]
    public class Max30102InitializationTests
    {
        [TestMethod]
        public static void DefaultSettingsWriteTheStartUpSequenceByteForByte()
        {
            var bus = new ScriptedRegisterBus();
            bus.ExpectWriteRead(new byte[] { 0xFE }, 0x03, 0x15);         // REV_ID, PART_ID
            bus.ExpectWrite(0x09, 0x40);                                  // MODE_CONFIG: RESET
            bus.ExpectWriteRead(new byte[] { 0x09 }, 0x40);               // still resetting
            bus.ExpectWriteRead(new byte[] { 0x09 }, 0x00);               // RESET cleared itself
            bus.ExpectWriteRead(new byte[] { 0x00 }, 0x01, 0x00);         // INTR_STATUS_1/2: clears PWR_RDY
            bus.ExpectWrite(0x03, 0x02);                                  // INTR_ENABLE_2: DIE_TEMP_RDY_EN
            bus.ExpectWrite(0x08, 0x00);                                  // FIFO_CONFIG: no averaging, rollover off
            bus.ExpectWrite(0x0A, 0x27);                                  // SPO2_CONFIG: 4096 nA, 100 sps, 411 µs
            bus.ExpectWrite(0x0C, 0x23, 0x23);                            // LED1_PA, LED2_PA: 35 × 0.2 mA = 7.0 mA
            bus.ExpectWrite(0x09, 0x03);                                  // MODE_CONFIG: SpO2
            bus.ExpectWrite(0x04, 0x00, 0x00, 0x00);                      // FIFO_WR_PTR, OVF_COUNTER, FIFO_RD_PTR

            var sensor = new Max30102(bus, new Max30102Settings());

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual((byte)0x03, sensor.RevisionId);
            Assert.AreEqual((int)MeasurementMode.SpO2, (int)sensor.Mode);
            Assert.AreEqual(2, sensor.ChannelCount);
            Assert.AreEqual((int)SampleRate.SamplesPerSecond100, (int)sensor.SampleRate);
            Assert.AreEqual((int)LedPulseWidth.Microseconds411, (int)sensor.PulseWidth);
            Assert.AreEqual((int)AdcRange.FullScale4096Nanoamperes, (int)sensor.AdcRange);
            Assert.AreEqual((int)SampleAveraging.NoAveraging, (int)sensor.SampleAveraging);
            Assert.AreEqual((int)FifoFullBehavior.KeepOldest, (int)sensor.FifoFullBehavior);
            Assert.AreEqual(7000, sensor.RedLedCurrentMicroamperes);
            Assert.AreEqual(7000, sensor.InfraredLedCurrentMicroamperes);
            Assert.IsFalse(sensor.IsShutDown);
            Assert.AreEqual(0, sensor.OverflowCount);
        }

        [TestMethod]
        public static void EveryOptionLandsInItsDatasheetBits()
        {
            var bus = new ScriptedRegisterBus();
            // SMP_AVE = 011 (8), FIFO_ROLLOVER_EN = 1: 0b0111_0000.
            // SPO2_ADC_RGE = 11 (16384 nA), SPO2_SR = 011 (400 sps), LED_PW = 10 (215 µs): 0b0110_1110.
            // LED1_PA = 12600 / 200 = 63 = 0x3F, LED2_PA = 25400 / 200 = 127 = 0x7F. MODE = 010 (heart rate).
            Max30102Script.ExpectInitialization(bus, 0x70, 0x6E, 0x3F, 0x7F, DatasheetMax30102.ModeHeartRate);
            var settings = new Max30102Settings();
            settings.Mode = MeasurementMode.HeartRate;
            settings.SampleRate = SampleRate.SamplesPerSecond400;
            settings.PulseWidth = LedPulseWidth.Microseconds215;
            settings.AdcRange = AdcRange.FullScale16384Nanoamperes;
            settings.SampleAveraging = SampleAveraging.Average8;
            settings.FifoFullBehavior = FifoFullBehavior.OverwriteOldest;
            settings.RedLedCurrentMicroamperes = 12600;
            settings.InfraredLedCurrentMicroamperes = 25400;

            var sensor = new Max30102(bus, settings);

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(1, sensor.ChannelCount, "heart-rate mode has the red channel only");
            Assert.AreEqual((int)SampleAveraging.Average8, (int)sensor.SampleAveraging);
            Assert.AreEqual((int)FifoFullBehavior.OverwriteOldest, (int)sensor.FifoFullBehavior);
            Assert.AreEqual((int)AdcRange.FullScale16384Nanoamperes, (int)sensor.AdcRange);
            Assert.AreEqual(12600, sensor.RedLedCurrentMicroamperes);
            Assert.AreEqual(25400, sensor.InfraredLedCurrentMicroamperes);
        }

        [DataRow(0, 0x00)]
        [DataRow(1, 0x20)]
        [DataRow(2, 0x40)]
        [DataRow(3, 0x60)]
        [DataRow(4, 0x80)]
        [DataRow(5, 0xA0)]
        public static void SampleAveragingUsesBitsSevenToFive(int averagingCode, int expectedFifoConfig)
        {
            var bus = new ScriptedRegisterBus();
            Max30102Script.ExpectInitialization(bus, (byte)expectedFifoConfig, 0x27, 0x23, 0x23, DatasheetMax30102.ModeSpO2);
            var settings = new Max30102Settings();
            settings.SampleAveraging = (SampleAveraging)averagingCode;

            new Max30102(bus, settings);

            bus.VerifyAllTransfersHappened();
        }

        [DataRow(0, 0x07)]
        [DataRow(1, 0x27)]
        [DataRow(2, 0x47)]
        [DataRow(3, 0x67)]
        public static void AdcRangeUsesBitsSixToFive(int rangeCode, int expectedSpO2Config)
        {
            var bus = new ScriptedRegisterBus();
            Max30102Script.ExpectInitialization(bus, 0x00, (byte)expectedSpO2Config, 0x23, 0x23, DatasheetMax30102.ModeSpO2);
            var settings = new Max30102Settings();
            settings.AdcRange = (AdcRange)rangeCode;

            new Max30102(bus, settings);

            bus.VerifyAllTransfersHappened();
        }

        [DataRow(0, 0x00)]
        [DataRow(200, 0x01)]
        [DataRow(299, 0x01)]
        [DataRow(300, 0x02)]
        [DataRow(6400, 0x20)]
        [DataRow(51000, 0xFF)]
        public static void LedCurrentsGoOutIn200MicroampereSteps(int microamperes, int expectedAmplitude)
        {
            var bus = new ScriptedRegisterBus();
            Max30102Script.ExpectInitialization(bus, 0x00, 0x27, (byte)expectedAmplitude, 0x23, DatasheetMax30102.ModeSpO2);
            var settings = new Max30102Settings();
            settings.RedLedCurrentMicroamperes = microamperes;

            var sensor = new Max30102(bus, settings);

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(expectedAmplitude * 200, sensor.RedLedCurrentMicroamperes, "the current the chip really drives");
        }

        [TestMethod]
        public static void MultiLedModePutsRedInSlotOneAndInfraredInSlotTwo()
        {
            var bus = new ScriptedRegisterBus();
            Max30102Script.ExpectInitialization(bus, 0x00, 0x27, 0x23, 0x23, DatasheetMax30102.ModeMultiLed);
            var settings = new Max30102Settings();
            settings.Mode = MeasurementMode.MultiLed;

            var sensor = new Max30102(bus, settings);

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(2, sensor.ChannelCount);
        }

        [TestMethod]
        public static void APartIdOtherThan0x15IsRefusedWithTheIdInTheMessage()
        {
            // Nothing is written to a device that is not a MAX30102: the script has no transfer after the identity.
            var bus = new ScriptedRegisterBus();
            bus.ExpectWriteRead(new byte[] { 0xFE }, 0x03, 0x11);

            Exception thrown = Expect.Throws(typeof(IOException), () => new Max30102(bus, new Max30102Settings()));

            Expect.MessageContains(thrown, "PART_ID 0x11", "not a MAX30102", "MAX30100");
            bus.VerifyAllTransfersHappened();
        }

        [TestMethod]
        public static void AnotherDeviceAtTheAddressIsNamedInHexadecimalAndNeverWritten()
        {
            var bus = new ScriptedRegisterBus();
            bus.ExpectWriteRead(new byte[] { 0xFE }, 0xFF, 0xFF); // an EEPROM at 0x57 reads 0xFF

            Exception thrown = Expect.Throws(typeof(IOException), () => new Max30102(bus, new Max30102Settings()));

            Expect.MessageContains(thrown, "PART_ID 0xFF", "not a MAX30102");
            bus.VerifyAllTransfersHappened();
        }

        [TestMethod]
        public static void AFailingBusIsReportedWithTheRegisterAndTheBusStatus()
        {
            var bus = new ScriptedRegisterBus();
            bus.ExpectWriteRead(new byte[] { 0xFE }, 0x03, 0x15);
            bus.ExpectWriteFailure("I2C write to 0x57 failed: SlaveAddressNotAcknowledged", 0x09, 0x40);

            Exception thrown = Expect.Throws(typeof(IOException), () => new Max30102(bus, new Max30102Settings()));

            Expect.MessageContains(thrown, "MAX30102", "MODE_CONFIG (0x09)", "SlaveAddressNotAcknowledged");
            Assert.IsNotNull(thrown.InnerException, "the bus's own exception is kept");
            bus.VerifyAllTransfersHappened();
        }

        [TestMethod]
        public static void AResetThatNeverFinishesStopsAfterTheBoundedNumberOfPolls()
        {
            var bus = new ScriptedRegisterBus();
            bus.ExpectWriteRead(new byte[] { 0xFE }, 0x03, 0x15);
            bus.ExpectWrite(0x09, 0x40);
            for (int poll = 0; poll < Max30102.MaximumResetPolls; poll++)
            {
                bus.ExpectWriteRead(new byte[] { 0x09 }, 0x40);
            }

            Exception thrown = Expect.Throws(typeof(IOException), () => new Max30102(bus, new Max30102Settings()));

            Expect.MessageContains(thrown, "soft reset", "RESET", "250");
            bus.VerifyAllTransfersHappened();
        }

        [TestMethod]
        public static void RefusedSettingsSendNothing()
        {
            var bus = new ScriptedRegisterBus();
            var settings = new Max30102Settings();
            settings.InfraredLedCurrentMicroamperes = 60000;

            Exception thrown = Expect.Throws(typeof(ArgumentException), () => new Max30102(bus, settings));

            Expect.MessageContains(thrown, "60000", "51000");
            Assert.AreEqual(0, bus.TransferCount, "validation comes before any bus traffic");
        }

        [DataRow(-1)]
        [DataRow(8)]
        public static void AnUndefinedSampleRateCodeIsRefused(int sampleRateCode)
        {
            var bus = new ScriptedRegisterBus();
            var settings = new Max30102Settings();
            settings.SampleRate = (SampleRate)sampleRateCode;

            Expect.Throws(typeof(ArgumentException), () => new Max30102(bus, settings));

            Assert.AreEqual(0, bus.TransferCount);
        }

        [TestMethod]
        public static void AnUndefinedModeIsRefused()
        {
            var bus = new ScriptedRegisterBus();
            var settings = new Max30102Settings();
            settings.Mode = (MeasurementMode)0b100;

            Exception thrown = Expect.Throws(typeof(ArgumentException), () => new Max30102(bus, settings));

            Expect.MessageContains(thrown, "mode 4");
            Assert.AreEqual(0, bus.TransferCount);
        }

        [TestMethod]
        public static void MissingBusOrSettingsAreRefused()
        {
            Expect.Throws(typeof(ArgumentNullException), () => new Max30102(null!, new Max30102Settings()));
            Expect.Throws(typeof(ArgumentNullException), () => new Max30102(new ScriptedRegisterBus(), null!));
        }

        [TestMethod]
        public static void InitializeAgainRepeatsTheSequenceAndKeepsRuntimeLedCurrents()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            bus.ExpectWrite(0x0C, 0x32, 0x3C);
            sensor.SetLedCurrents(10000, 12000);
            Max30102Script.ExpectInitialization(bus, 0x00, 0x27, 0x32, 0x3C, DatasheetMax30102.ModeSpO2);

            sensor.Initialize();

            bus.VerifyAllTransfersHappened();
        }
    }
}
