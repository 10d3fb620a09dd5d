using System;
using System.IO;
using nanoFramework.TestFramework;
using TestFrameworkShared;

namespace HeartRateStreamer.Tests.Drivers
{
    /// <summary>The scripted bus is the yardstick of every driver test, so it is tested too: it must catch what it claims to.</summary>
    [TestClass]
    public class ScriptedRegisterBusTests
    {
        [TestMethod]
        public static void MatchingTransfersPassAndAnswerTheScriptedBytes()
        {
            var bus = new ScriptedRegisterBus();
            bus.ExpectWrite(0x09, 0x40);
            bus.ExpectWriteRead(new byte[] { 0xFE }, 0x03, 0x15);

            bus.Write(new byte[] { 0x09, 0x40, 0xAA }, 2);
            var read = new byte[4];
            bus.WriteRead(new byte[] { 0xFE }, 1, read, 2);

            Assert.AreEqual((byte)0x03, read[0]);
            Assert.AreEqual((byte)0x15, read[1]);
            Assert.AreEqual((byte)0, read[2], "nothing beyond the read count is touched");
            bus.VerifyAllTransfersHappened();
        }

        [TestMethod]
        public static void AWrongByteIsCaughtAndRemembered()
        {
            var bus = new ScriptedRegisterBus();
            bus.ExpectWrite(0x09, 0x40);

            Exception thrown = Expect.Throws(typeof(InvalidOperationException), () => bus.Write(new byte[] { 0x09, 0x41 }, 2));

            Expect.MessageContains(thrown, "0x09 0x41", "0x09 0x40");
            Assert.Contains("0x41", bus.FirstMismatch);
        }

        [TestMethod]
        public static void AWriteWhereAWriteReadWasExpectedIsCaught()
        {
            var bus = new ScriptedRegisterBus();
            bus.ExpectWriteRead(new byte[] { 0x09 }, 0x00);

            Expect.Throws(typeof(InvalidOperationException), () => bus.Write(new byte[] { 0x09 }, 1));
        }

        [TestMethod]
        public static void AWrongReadCountIsCaught()
        {
            var bus = new ScriptedRegisterBus();
            bus.ExpectWriteRead(new byte[] { 0x04 }, 0x00, 0x00, 0x00);

            Expect.Throws(typeof(InvalidOperationException), () => bus.WriteRead(new byte[] { 0x04 }, 1, new byte[3], 2));
        }

        [TestMethod]
        public static void ATransferBeyondTheScriptIsCaught()
        {
            var bus = new ScriptedRegisterBus();

            Exception thrown = Expect.Throws(typeof(InvalidOperationException), () => bus.Write(new byte[] { 0x08, 0x00 }, 2));

            Expect.MessageContains(thrown, "after the script ended");
            Assert.AreEqual(1, bus.TransferCount);
        }

        [TestMethod]
        public static void VerifyFailsWhenAnExpectedTransferNeverCame()
        {
            var bus = new ScriptedRegisterBus();
            bus.ExpectWrite(0x04, 0x00, 0x00, 0x00);

            Exception thrown = Expect.Throws(typeof(AssertFailedException), () => bus.VerifyAllTransfersHappened());

            Expect.MessageContains(thrown, "0x04 0x00 0x00 0x00");
        }

        [TestMethod]
        public static void VerifyFailsAfterAMismatchEvenIfTheCallerSwallowedIt()
        {
            var bus = new ScriptedRegisterBus();
            bus.ExpectWrite(0x09, 0x40);
            try
            {
                bus.Write(new byte[] { 0x09, 0x00 }, 2);
            }
            catch (InvalidOperationException swallowed)
            {
                // As a loop that catches everything would.
                Assert.IsNotNull(swallowed);
            }

            Expect.Throws(typeof(AssertFailedException), () => bus.VerifyAllTransfersHappened());
        }

        [TestMethod]
        public static void ScriptedFailuresThrowIOExceptionWithTheirMessage()
        {
            var bus = new ScriptedRegisterBus();
            bus.ExpectWriteFailure("bus status SlaveAddressNotAcknowledged", 0x09, 0x40);
            bus.ExpectWriteReadFailure(new byte[] { 0x07 }, 6, "bus status ClockStretchTimeout");

            Exception first = Expect.Throws(typeof(IOException), () => bus.Write(new byte[] { 0x09, 0x40 }, 2));
            Exception second = Expect.Throws(typeof(IOException), () => bus.WriteRead(new byte[] { 0x07 }, 1, new byte[6], 6));

            Expect.MessageContains(first, "SlaveAddressNotAcknowledged");
            Expect.MessageContains(second, "ClockStretchTimeout");
            bus.VerifyAllTransfersHappened();
        }
    }
}
