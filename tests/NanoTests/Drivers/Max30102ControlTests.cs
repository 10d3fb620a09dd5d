using System;
using System.IO;
using HeartRateStreamer.Simulation.Max30102;
using Iot.Device.Max30102;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Drivers
{
    /// <summary>LED currents, power-save mode and die temperature, with the exact bytes and the shadow-register rule.</summary>
    [TestClass]
    public class Max30102ControlTests
    {
        [TestMethod]
        public static void LedCurrentsGoOutTogetherInOneBurst()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            bus.ExpectWrite(DatasheetMax30102.Led1PulseAmplitude, 0x32, 0x7F);   // 10.0 mA, 25.4 mA

            sensor.SetLedCurrents(10000, 25400);

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(10000, sensor.RedLedCurrentMicroamperes);
            Assert.AreEqual(25400, sensor.InfraredLedCurrentMicroamperes);
        }

        [TestMethod]
        public static void AnOutOfRangeCurrentIsRefusedBeforeEitherIsSent()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            int before = bus.TransferCount;

            Exception thrown = Expect.Throws(typeof(ArgumentException), () => sensor.SetLedCurrents(5000, -1));

            Expect.MessageContains(thrown, "-1 µA");
            Assert.AreEqual(before, bus.TransferCount);
            Assert.AreEqual(7000, sensor.RedLedCurrentMicroamperes, "the valid half was not applied either");
        }

        [TestMethod]
        public static void AFailedWriteLeavesTheShadowRegistersAsTheyWere()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            bus.ExpectWriteFailure("I2C write failed: SlaveAddressNotAcknowledged", DatasheetMax30102.Led1PulseAmplitude, 0x32, 0x32);
            bus.ExpectWriteFailure("I2C write failed: SlaveAddressNotAcknowledged", DatasheetMax30102.ModeConfiguration, 0x83);

            Exception led = Expect.Throws(typeof(IOException), () => sensor.SetLedCurrents(10000, 10000));
            Expect.Throws(typeof(IOException), () => sensor.Shutdown());

            bus.VerifyAllTransfersHappened();
            Expect.MessageContains(led, "LED1_PA (0x0C)");
            Assert.AreEqual(7000, sensor.RedLedCurrentMicroamperes);
            Assert.AreEqual(7000, sensor.InfraredLedCurrentMicroamperes);
            Assert.IsFalse(sensor.IsShutDown);
        }

        [TestMethod]
        public static void ShutdownSetsAndWakeUpClearsOnlyTheShdnBit()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            bus.ExpectWrite(DatasheetMax30102.ModeConfiguration, (byte)(DatasheetMax30102.ShutdownBit | DatasheetMax30102.ModeSpO2));
            bus.ExpectWrite(DatasheetMax30102.ModeConfiguration, DatasheetMax30102.ModeSpO2);

            sensor.Shutdown();
            Assert.IsTrue(sensor.IsShutDown);
            sensor.WakeUp();

            bus.VerifyAllTransfersHappened();
            Assert.IsFalse(sensor.IsShutDown);
            Assert.AreEqual((int)MeasurementMode.SpO2, (int)sensor.Mode);
        }

        [TestMethod]
        public static void TemperatureIsReadOnceDieTempRdyIsSetNotWhenTempEnClears()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.InterruptStatus2 }, DatasheetMax30102.DieTemperatureReady); // a stale flag, read away
            bus.ExpectWrite(DatasheetMax30102.TemperatureConfiguration, DatasheetMax30102.TemperatureEnable);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.InterruptStatus2 }, 0x00);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.InterruptStatus2 }, DatasheetMax30102.DieTemperatureReady);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.TemperatureInteger }, 0x19, 0x0C);   // 25 + 12/16

            sensor.StartTemperatureMeasurement();
            Assert.IsFalse(sensor.TryReadTemperature(out double _), "still converting");
            Assert.IsTrue(sensor.TryReadTemperature(out double degreesCelsius));

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(25.75, degreesCelsius);
        }

        [TestMethod]
        public static void NegativeTemperaturesUseTwosComplementWholeDegreesPlusSixteenths()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.InterruptStatus2 }, 0x00);
            bus.ExpectWrite(DatasheetMax30102.TemperatureConfiguration, DatasheetMax30102.TemperatureEnable);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.InterruptStatus2 }, DatasheetMax30102.DieTemperatureReady);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.TemperatureInteger }, 0xF6, 0xF4);   // -10, TFRAC[3:0] = 4

            sensor.StartTemperatureMeasurement();
            Assert.IsTrue(sensor.TryReadTemperature(out double degreesCelsius));

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(-9.75, degreesCelsius, "-10 + 4/16; TFRAC's upper bits are ignored");
        }

        // The second start read DIE_TEMP_RDY (the first conversion's, now consumed) and then failed to write TEMP_EN: no
        // conversion runs. Left "started" from the first start, TryReadTemperature waited forever for the consumed flag.
        [TestMethod]
        public static void AStartWhoseTempEnWriteFailedLeavesNoConversionToWaitFor()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.InterruptStatus2 }, 0x00);
            bus.ExpectWrite(DatasheetMax30102.TemperatureConfiguration, DatasheetMax30102.TemperatureEnable);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.InterruptStatus2 }, DatasheetMax30102.DieTemperatureReady);
            bus.ExpectWriteFailure("I2C write failed: SlaveAddressNotAcknowledged", DatasheetMax30102.TemperatureConfiguration, DatasheetMax30102.TemperatureEnable);

            sensor.StartTemperatureMeasurement();
            Expect.Throws(typeof(IOException), () => sensor.StartTemperatureMeasurement());

            Exception thrown = Expect.Throws(typeof(InvalidOperationException), () => sensor.TryReadTemperature(out double _));
            Expect.MessageContains(thrown, "StartTemperatureMeasurement()");
            bus.VerifyAllTransfersHappened();
        }

        [TestMethod]
        public static void ReadingATemperatureThatWasNeverStartedIsRefused()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);

            Exception thrown = Expect.Throws(typeof(InvalidOperationException), () => sensor.TryReadTemperature(out double _));

            Expect.MessageContains(thrown, "StartTemperatureMeasurement()");
            bus.VerifyAllTransfersHappened();
        }

        [TestMethod]
        public static void ClearFifoZeroesAllThreePointerRegistersInOneBurst()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            bus.ExpectWrite(DatasheetMax30102.FifoWritePointer, 0x00, 0x00, 0x00);

            sensor.ClearFifo();

            bus.VerifyAllTransfersHappened();
        }
    }
}
