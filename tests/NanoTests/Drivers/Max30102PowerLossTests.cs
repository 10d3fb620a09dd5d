using System;
using System.IO;
using HeartRateStreamer.Simulation.Max30102;
using Iot.Device.Max30102;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Drivers
{
    /// <summary>
    /// PWR_RDY (INTR_STATUS_1 bit 0) in a FIFO read: set only by a power-on reset (datasheet p.28, Power-Up Sequencing),
    /// which leaves every register at 0x00 (Table 1). The driver reads MODE_CONFIG back before it believes it: MODE 000
    /// is idle, which Initialize never leaves it in.
    /// </summary>
    [TestClass]
    public class Max30102PowerLossTests
    {
        // true: PWR_RDY in the status burst; false: in the status read again after equal pointers (the reset came between them).
        [DataRow(true)]
        [DataRow(false)]
        public static void PwrRdyWithTheConfigurationGoneIsReportedAsAPowerLossUntilInitialize(bool inTheBurst)
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            Max30102Script.ExpectFlagWithEqualPointers(bus, DatasheetMax30102.PowerReadyFlag, 5, inTheBurst);
            ExpectMode(bus, 0x00);

            Exception lost = Expect.Throws(typeof(IOException), () => sensor.ReadFifo(new int[32], new int[32]));
            int transfers = bus.TransferCount;
            Exception again = Expect.Throws(typeof(InvalidOperationException), () => sensor.ReadFifo(new int[32], new int[32]));

            Expect.MessageContains(lost, "lost power", "PWR_RDY", "Initialize()");
            Assert.AreEqual(lost.Message, again.Message, "the retry names the same cause, although the flag is cleared");
            Assert.AreEqual(transfers, bus.TransferCount, "and touches no register: the chip is idle until set up again");
            Max30102Script.ExpectDefaultInitialization(bus);
            sensor.Initialize();
            Max30102Script.ExpectEmpty(bus, 0);
            Assert.AreEqual(0, sensor.ReadFifo(new int[32], new int[32]));
            bus.VerifyAllTransfersHappened();
        }

        // The MODE_CONFIG the chip still holds (plain numbers: a DataRow carries literals to the device): SpO2 mode 011 as set
        // up (0x03), the same in shutdown (0x83: SHDN, bit 7, set by Shutdown(), the mode kept), and the same with a
        // clone's reserved bits 5:3 read as 1 (0x3B).
        [DataRow(0x03)]
        [DataRow(0x83)]
        [DataRow(0x3B)]
        public static void PwrRdyOnAChipThatKeptItsModeCostsOneReadAndNoSample(int mode)
        {
            // A flag without a reset (one that came late from the start-up, or a part that sets it oddly) must not stop
            // the samples: believed alone, it would restart the chip at every poll and never give one.
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            Max30102Script.ExpectStatusAndPointers(bus, DatasheetMax30102.PowerReadyFlag, 2, 0, 0);
            ExpectMode(bus, (byte)mode);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, 0x00, 0x00, 0x11, 0x00, 0x00, 0x22, 0x00, 0x00, 0x33, 0x00, 0x00, 0x44);
            var red = new int[32];
            var infrared = new int[32];

            Assert.AreEqual(2, sensor.ReadFifo(red, infrared));

            Assert.AreEqual(0x33, red[1]);
            Assert.AreEqual(0x44, infrared[1]);
            Max30102Script.ExpectEmpty(bus, 2);
            Assert.AreEqual(0, sensor.ReadFifo(red, infrared), "the read cleared the flag; the next poll is a plain one");
            bus.VerifyAllTransfersHappened();
        }

        [TestMethod]
        public static void APowerLossWhoseModeReadBackFailedIsFoundByTheNextPoll()
        {
            // A supply dip brings bus errors with it: the status read cleared PWR_RDY, then the read-back failed. The retry
            // finds no flag, but an idle chip's empty FIFO must not pass for "nothing new" until the silence limit.
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            Max30102Script.ExpectStatusAndPointers(bus, DatasheetMax30102.PowerReadyFlag, 0, 0, 0);
            bus.ExpectWriteReadFailure(new byte[] { DatasheetMax30102.ModeConfiguration }, 1, "I2C write-read failed: SlaveAddressNotAcknowledged");
            Expect.Throws(typeof(IOException), () => sensor.ReadFifo(new int[32], new int[32]));
            Max30102Script.ExpectStatusAndPointers(bus, 0x00, 0, 0, 0);
            ExpectMode(bus, 0x00);

            Exception lost = Expect.Throws(typeof(IOException), () => sensor.ReadFifo(new int[32], new int[32]));

            Expect.MessageContains(lost, "lost power", "PWR_RDY");
            bus.VerifyAllTransfersHappened();
        }

        [TestMethod]
        public static void AFailedInitializeAfterAPowerLossSaysThatInitializeFailed()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            Max30102Script.ExpectStatusAndPointers(bus, DatasheetMax30102.PowerReadyFlag, 0, 0, 0);
            ExpectMode(bus, 0x00);
            Expect.Throws(typeof(IOException), () => sensor.ReadFifo(new int[32], new int[32]));
            bus.ExpectWriteReadFailure(new byte[] { DatasheetMax30102.RevisionIdRegister }, 2, "I2C write-read failed: SlaveAddressNotAcknowledged");
            Expect.Throws(typeof(IOException), () => sensor.Initialize());

            Exception thrown = Expect.Throws(typeof(InvalidOperationException), () => sensor.ReadFifo(new int[32], new int[32]));

            Expect.MessageContains(thrown, "the last Initialize() failed");
            bus.VerifyAllTransfersHappened();
        }

        /// <summary>MODE_CONFIG (0x09), as the driver reads it back when PWR_RDY was set.</summary>
        private static void ExpectMode(ScriptedRegisterBus bus, byte mode)
        {
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.ModeConfiguration }, mode);
        }
    }
}
