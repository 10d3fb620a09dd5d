using System;
using System.IO;
using HeartRateStreamer.Simulation.Max30102;
using Iot.Device.Max30102;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Drivers
{
    [TestClass]
    public class Max30102FifoTests
    {
        [TestMethod]
        public static void ReadPointer30AndWritePointer3WrapToFiveSamplesInOneBurst()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            // (3 - 30) mod 32 = 5 samples, 6 bytes each in SpO2 mode: red triplet, then infrared triplet (p.15).
            Max30102Script.ExpectPointers(bus, 3, 0, 30);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, Triplets(
                0x010010, 0x020020,
                0x010110, 0x020120,
                0x010210, 0x020220,
                0x010310, 0x020320,
                0x010410, 0x020420));
            var red = new int[32];
            var infrared = new int[32];

            int count = sensor.ReadFifo(red, infrared);

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(5, count);
            for (int sample = 0; sample < 5; sample++)
            {
                Assert.AreEqual(0x010010 + (sample * 0x100), red[sample], "red of sample " + sample);
                Assert.AreEqual(0x020020 + (sample * 0x100), infrared[sample], "infrared of sample " + sample);
            }

            Assert.AreEqual(0, red[5], "nothing beyond the count is written");
        }

        [DataRow(0, 32767, 4097)]
        [DataRow(1, 65535, 8194)]
        [DataRow(2, 131071, 16388)]
        [DataRow(3, 262143, 32776)]
        public static void WordsAreMaskedTo18BitsAndRightAlignedForThePulseWidth(int pulseWidthCode, int expectedRed, int expectedInfrared)
        {
            var bus = new ScriptedRegisterBus();
            Max30102Script.ExpectInitialization(bus, 0x00, DatasheetMax30102.SpO2Config(1, 1, pulseWidthCode), 0x23, 0x23, DatasheetMax30102.ModeSpO2);
            var settings = new Max30102Settings();
            settings.PulseWidth = (LedPulseWidth)pulseWidthCode;
            var sensor = new Max30102(bus, settings);
            Max30102Script.ExpectPointers(bus, 1, 0, 0);
            // Red 0xFF 0xFF 0xFF: bits [23:18] are unused and must be dropped. Infrared 0x00 0x80 0x08.
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, 0xFF, 0xFF, 0xFF, 0x00, 0x80, 0x08);
            var red = new int[1];
            var infrared = new int[1];

            Assert.AreEqual(1, sensor.ReadFifo(red, infrared));

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(expectedRed, red[0], "18-bit mask, then right-aligned");
            Assert.AreEqual(expectedInfrared, infrared[0]);
        }

        [TestMethod]
        public static void HeartRateModeReadsThreeBytesPerSampleAndLeavesInfraredAlone()
        {
            var bus = new ScriptedRegisterBus();
            Max30102Script.ExpectInitialization(bus, 0x00, 0x27, 0x23, 0x23, DatasheetMax30102.ModeHeartRate);
            var settings = new Max30102Settings();
            settings.Mode = MeasurementMode.HeartRate;
            var sensor = new Max30102(bus, settings);
            Max30102Script.ExpectPointers(bus, 2, 0, 0);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, Triplets(1000, 2000));
            var red = new int[4];
            var infrared = new int[] { -1, -1, -1, -1 };

            int count = sensor.ReadFifo(red, infrared);

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(2, count);
            Assert.AreEqual(1000, red[0]);
            Assert.AreEqual(2000, red[1]);
            Assert.AreEqual(-1, infrared[0], "heart-rate mode has no infrared channel");
            Assert.AreEqual(-1, infrared[1]);
        }

        [TestMethod]
        public static void HeartRateModeAcceptsNoInfraredArray()
        {
            var bus = new ScriptedRegisterBus();
            Max30102Script.ExpectInitialization(bus, 0x00, 0x27, 0x23, 0x23, DatasheetMax30102.ModeHeartRate);
            var settings = new Max30102Settings();
            settings.Mode = MeasurementMode.HeartRate;
            var sensor = new Max30102(bus, settings);
            Max30102Script.ExpectPointers(bus, 1, 0, 0);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, Triplets(77));
            var red = new int[1];

            Assert.AreEqual(1, sensor.ReadFifo(red, null!));

            Assert.AreEqual(77, red[0]);
            bus.VerifyAllTransfersHappened();
        }

        [TestMethod]
        public static void EqualPointersWithSamplesLostMeanAFullFifoAndTheLossIsCounted()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            Max30102Script.ExpectPointers(bus, 5, 7, 5);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[32 * 6]);
            Max30102Script.ExpectPointers(bus, 6, 0, 5);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[6]);
            var red = new int[32];
            var infrared = new int[32];

            Assert.AreEqual(32, sensor.ReadFifo(red, infrared), "a full FIFO is drained in one burst of 192 bytes");
            Assert.AreEqual(7, sensor.OverflowCount);
            Assert.AreEqual(1, sensor.ReadFifo(red, infrared));

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(7, sensor.OverflowCount, "OVF_COUNTER was cleared by the pop, so nothing is added twice");
            Assert.IsFalse(sensor.OverflowCountIsLowerBound);
        }

        // Equal pointers with OVF_COUNTER 0 are an empty FIFO, or a full one whose next sample has not come yet: A_FULL
        // (FIFO_A_FULL 0: no free slot left) tells. The burst reads the status byte about 0.1 ms before the pointers, so
        // a 32nd sample can arrive between them (false): A_FULL reads 0 and the pointers equal, and the FIFO, taken for
        // empty, lost samples until the next poll. The burst cleared A_FULL, so the status read again shows it set; and
        // after the drain the next read sees empty.
        [DataRow(true)]
        [DataRow(false)]
        public static void EqualPointersWithAFullAndNoLossMeanAFullFifoThatLostNothing(bool fullBeforeTheStatusByte)
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            Max30102Script.ExpectFlagWithEqualPointers(bus, DatasheetMax30102.AlmostFullFlag, 9, fullBeforeTheStatusByte);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[32 * 6]);
            Max30102Script.ExpectEmpty(bus, 9);
            var red = new int[32];
            var infrared = new int[32];

            Assert.AreEqual(32, sensor.ReadFifo(red, infrared), "full, drained in one burst");
            Assert.AreEqual(0, sensor.ReadFifo(red, infrared), "then empty");

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(0, sensor.OverflowCount);
        }

        // Reading A_FULL clears it, so a data read that fails after it leaves the full FIFO looking empty to the sampler's
        // retry at once (FixedRateSampler tries a failed read once more). The FIFO stays full, so the next poll reads it
        // with the samples that came meanwhile lost and counted. The driver keeps no 'full' flag across the failure (why:
        // ReadFifo's comment).
        [TestMethod]
        public static void AFullFifoWhoseDataReadFailedLooksEmptyToTheRetryAndTheNextPollCountsWhatWasLost()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            Max30102Script.ExpectStatusAndPointers(bus, DatasheetMax30102.AlmostFullFlag, 9, 0, 9);
            bus.ExpectWriteReadFailure(new byte[] { DatasheetMax30102.FifoData }, 32 * 6, "I2C write-read failed: SlaveAddressNotAcknowledged");
            Max30102Script.ExpectEmpty(bus, 9);
            // A poll later (80 ms at 100 samples/s) 8 samples have found the FIFO full; rollover off drops them.
            Max30102Script.ExpectPointers(bus, 9, 8, 9);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[32 * 6]);
            var red = new int[32];
            var infrared = new int[32];

            Expect.Throws(typeof(IOException), () => sensor.ReadFifo(red, infrared));
            Assert.AreEqual(0, sensor.ReadFifo(red, infrared), "the retry takes the full FIFO for empty");
            Assert.AreEqual(0, sensor.OverflowCount, "nothing lost yet");
            Assert.AreEqual(32, sensor.ReadFifo(red, infrared), "the next poll drains it");

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(8, sensor.OverflowCount, "the samples that came meanwhile are lost, and counted");
            Assert.IsFalse(sensor.OverflowCountIsLowerBound);
        }

        // A read that breaks off (a clock-stretch timeout) after bytes went out has popped the samples they began (p.15).
        // The next read moves FIFO_RD_PTR back to where the broken one started, the datasheet's way to re-read a sample,
        // and gets them all: the three popped, the five left and the one that arrived meanwhile.
        [TestMethod]
        public static void ADataReadThatBrokeOffAfterPoppingIsReadAgainFromWhereItStarted()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            Max30102Script.ExpectPointers(bus, 10, 0, 2);
            bus.ExpectWriteReadFailure(new byte[] { DatasheetMax30102.FifoData }, 8 * 6, "I2C write-read failed: ClockStretchTimeout");
            Max30102Script.ExpectPointers(bus, 11, 0, 5);
            bus.ExpectWrite(DatasheetMax30102.FifoReadPointer, 2);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[9 * 6]);
            var red = new int[32];
            var infrared = new int[32];

            Expect.Throws(typeof(IOException), () => sensor.ReadFifo(red, infrared));
            Assert.AreEqual(9, sensor.ReadFifo(red, infrared));

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(0, sensor.OverflowCount);
        }

        // From a full FIFO the chip writes the next sample into the first popped slot: moving the pointer back would read
        // it as the oldest. Those popped samples are gone, and the read takes what is there. They are lost and counted,
        // with the loss the broken read's burst saw (popping cleared OVF_COUNTER, p.15), and they came before the batch.
        // Uncounted, the batch was dated as if it followed the last one, 4 intervals early.
        [DataRow(0)]
        [DataRow(5)]
        [DataRow(31)]
        public static void ABrokenReadOfAFullFifoIsNotReadAgainAndWhatItLostIsCounted(int overflowCounter)
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            Max30102Script.ExpectStatusAndPointers(bus, DatasheetMax30102.AlmostFullFlag, 9, (byte)overflowCounter, 9);
            bus.ExpectWriteReadFailure(new byte[] { DatasheetMax30102.FifoData }, 32 * 6, "I2C write-read failed: ClockStretchTimeout");
            Max30102Script.ExpectPointers(bus, 10, 0, 13);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[29 * 6]);
            var red = new int[32];
            var infrared = new int[32];

            Expect.Throws(typeof(IOException), () => sensor.ReadFifo(red, infrared));
            Assert.AreEqual(0, sensor.OverflowCount, "nothing counted while no data arrived");
            Assert.AreEqual(29, sensor.ReadFifo(red, infrared));

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(overflowCounter + 4, sensor.OverflowCount, "the overflow the broken read saw, and the 4 it popped");
            Assert.AreEqual(4, sensor.LastReadLostBeforeBatch, "the popped samples came before the batch");
            Assert.AreEqual(overflowCounter == 31, sensor.LastReadLossSaturated, "uncounted only when OVF_COUNTER was at 31");
            Assert.AreEqual(overflowCounter == 31, sensor.OverflowCountIsLowerBound, "a lower bound only at 31");
        }

        // The popped slots are intact while the samples unread at the broken read plus those arrived since stay below 31:
        // the write pointer is the status burst's, and one more sample may land before FIFO_RD_PTR is written. At 31 plus
        // that one the pointers would meet with 32 unread, which the chip takes for empty. 30: read again; 31: not.
        [DataRow(0, true)]
        [DataRow(1, false)]
        public static void ABrokenReadIsReadAgainOnlyWithASlotToSpareForASampleInFlight(int arrived, bool readAgain)
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            Max30102Script.ExpectPointers(bus, 30, 0, 0);
            bus.ExpectWriteReadFailure(new byte[] { DatasheetMax30102.FifoData }, 30 * 6, "I2C write-read failed: ClockStretchTimeout");
            Max30102Script.ExpectPointers(bus, (byte)(30 + arrived), 0, 3);
            if (readAgain)
            {
                bus.ExpectWrite(DatasheetMax30102.FifoReadPointer, 0);
            }

            int expected = readAgain ? 30 + arrived : 27 + arrived;
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[expected * 6]);
            var red = new int[32];
            var infrared = new int[32];

            Expect.Throws(typeof(IOException), () => sensor.ReadFifo(red, infrared));
            Assert.AreEqual(expected, sensor.ReadFifo(red, infrared));

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(readAgain ? 0 : 3, sensor.OverflowCount, "the 3 popped are lost when not read again");
        }

        // A read of a full FIFO (pointers at 9) breaks off after popping all 32, which brings FIFO_RD_PTR round to where it
        // was, as a refused read leaves it. Popping cleared OVF_COUNTER (register 0x05); refused, it only grows, and a full
        // FIFO with rollover off writes no sample. Rows: one sample since (OVF 0 before); the same with 5 lost before, which
        // came after the 32 and before that sample, so all 37 precede the batch; OVF_COUNTER at 31, retried at once; a
        // refused read whose retry finds one more lost (5, then 6: a pop would have cleared it) or nothing new; with rollover
        // on, a refused read whose retry finds one overwritten: FIFO_RD_PTR moved with it, and OVF_COUNTER counts it already.
        [DataRow(false, 0, 10, 0, 9, 1, 32, 32)]
        [DataRow(false, 5, 10, 0, 9, 1, 37, 37)]
        [DataRow(false, 31, 9, 0, 9, 0, 63, 63)]
        [DataRow(false, 5, 9, 6, 9, 32, 6, 0)]
        [DataRow(false, 5, 9, 5, 9, 32, 5, 0)]
        [DataRow(true, 5, 10, 6, 10, 32, 6, 0)]
        public static void ARetryTellsAReadThatPoppedAWholeFullFifoFromOneRefused(bool rollover, int overflowAtBreak, int writePointerAtRetry, int overflowAtRetry, int readPointerAtRetry, int expectedCount, int expectedLost, int expectedLostBeforeBatch)
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus, rollover);
            Max30102Script.ExpectStatusAndPointers(bus, DatasheetMax30102.AlmostFullFlag, 9, (byte)overflowAtBreak, 9);
            bus.ExpectWriteReadFailure(new byte[] { DatasheetMax30102.FifoData }, 32 * 6, "I2C write-read failed: ClockStretchTimeout");
            Max30102Script.ExpectStatusAndPointers(bus, (byte)(rollover ? DatasheetMax30102.AlmostFullFlag : 0x00), (byte)writePointerAtRetry, (byte)overflowAtRetry, (byte)readPointerAtRetry);
            if (expectedCount == 0)
            {
                Max30102Script.ExpectStatusAgain(bus, 0x00);
            }
            else
            {
                bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[expectedCount * 6]);
            }

            var red = new int[32];
            var infrared = new int[32];

            Expect.Throws(typeof(IOException), () => sensor.ReadFifo(red, infrared));
            Assert.AreEqual(expectedCount, sensor.ReadFifo(red, infrared));

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(expectedLost, sensor.OverflowCount);
            Assert.AreEqual(expectedLostBeforeBatch, sensor.LastReadLostBeforeBatch);
        }

        // The FIFO was full with nothing lost yet (OVF_COUNTER 0) and the retry comes before the next sample: popped or
        // refused, it reads as empty and the retry returns none. The read after tells: a sample arrived (the read had
        // popped all 32, lost before it), or OVF_COUNTER rose with the pointers still (refused: the 32 are all there).
        // Decided at the retry, the 32 popped went uncounted and the sampler found its clock 32 intervals behind.
        // 32 or more arrived bring FIFO_WR_PTR round to where it was, with A_FULL set: written since, so popped (rollover
        // off: 3 more were dropped after those 32, so after the batch; on: 32 exactly, as more would move FIFO_RD_PTR).
        // Rollover on, a refused read's retry finds one overwritten, FIFO_RD_PTR moved with it; OVF_COUNTER at 31 with the
        // pointers round is a refused read overwritten 32 times or more (a pop followed by 64 or more reads the same).
        [DataRow(false, 10, 0, 9, false, 1, 32, 32)]
        [DataRow(false, 9, 1, 9, false, 32, 1, 0)]
        [DataRow(false, 9, 0, 9, true, 32, 32, 32)]
        [DataRow(false, 9, 3, 9, true, 32, 35, 32)]
        [DataRow(true, 9, 0, 9, true, 32, 32, 32)]
        [DataRow(true, 10, 1, 10, true, 32, 1, 0)]
        [DataRow(true, 9, 31, 9, true, 32, 31, 0)]
        public static void AReadThatPoppedAWholeFullFifoOrWasRefusedIsToldApartByTheReadAfterTheRetry(bool rollover, int writePointerAfter, int overflowAfter, int readPointerAfter, bool almostFullAfter, int expectedCount, int expectedLost, int expectedLostBeforeBatch)
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus, rollover);
            Max30102Script.ExpectStatusAndPointers(bus, DatasheetMax30102.AlmostFullFlag, 9, 0, 9);
            bus.ExpectWriteReadFailure(new byte[] { DatasheetMax30102.FifoData }, 32 * 6, "I2C write-read failed: ClockStretchTimeout");
            Max30102Script.ExpectEmpty(bus, 9);
            Max30102Script.ExpectStatusAndPointers(bus, (byte)(almostFullAfter ? DatasheetMax30102.AlmostFullFlag : 0x00), (byte)writePointerAfter, (byte)overflowAfter, (byte)readPointerAfter);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[expectedCount * 6]);
            var red = new int[32];
            var infrared = new int[32];

            Expect.Throws(typeof(IOException), () => sensor.ReadFifo(red, infrared));
            Assert.AreEqual(0, sensor.ReadFifo(red, infrared), "popped or refused, the retry finds it empty");
            Assert.AreEqual(0, sensor.OverflowCount, "nothing told yet");
            Assert.AreEqual(expectedCount, sensor.ReadFifo(red, infrared));

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(expectedLost, sensor.OverflowCount);
            Assert.AreEqual(expectedLostBeforeBatch, sensor.LastReadLostBeforeBatch);
        }

        // A broken read of a full FIFO with nothing lost, left undecided by its retry, whose status read again finds A_FULL:
        // the retry reads the 32 from where they were, so the broken read had popped nothing and is settled. Still pending,
        // the sample that arrives next would read as proof that all 32 had been popped, and 32 be counted lost.
        [TestMethod]
        public static void AReadOfTheWholeFifoSettlesABrokenReadLeftUndecided()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            Max30102Script.ExpectStatusAndPointers(bus, DatasheetMax30102.AlmostFullFlag, 9, 0, 9);
            bus.ExpectWriteReadFailure(new byte[] { DatasheetMax30102.FifoData }, 32 * 6, "I2C write-read failed: ClockStretchTimeout");
            Max30102Script.ExpectPointers(bus, 9, 0, 9);
            Max30102Script.ExpectStatusAgain(bus, DatasheetMax30102.AlmostFullFlag);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[32 * 6]);
            Max30102Script.ExpectPointers(bus, 10, 0, 9);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[1 * 6]);
            var red = new int[32];
            var infrared = new int[32];

            Expect.Throws(typeof(IOException), () => sensor.ReadFifo(red, infrared));
            Assert.AreEqual(32, sensor.ReadFifo(red, infrared));
            Assert.AreEqual(1, sensor.ReadFifo(red, infrared));

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(0, sensor.OverflowCount, "nothing was lost");
        }

        [TestMethod]
        public static void OverflowCountsAddUpAcrossReads()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            Max30102Script.ExpectPointers(bus, 12, 3, 12);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[32 * 6]);
            Max30102Script.ExpectPointers(bus, 20, 4, 20);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[32 * 6]);
            var red = new int[32];
            var infrared = new int[32];

            sensor.ReadFifo(red, infrared);
            sensor.ReadFifo(red, infrared);

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(7, sensor.OverflowCount);
        }

        [TestMethod]
        public static void ASaturatedOverflowCounterMakesTheCountALowerBound()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            // OVF_COUNTER saturates at 0x1F; the upper three bits of every pointer byte are reserved and ignored.
            Max30102Script.ExpectPointers(bus, 0xE9, 0xFF, 0x09);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[32 * 6]);

            Assert.AreEqual(32, sensor.ReadFifo(new int[32], new int[32]));

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(31, sensor.OverflowCount);
            Assert.IsTrue(sensor.OverflowCountIsLowerBound, "at 31 the chip may have lost more");
        }

        // A FIFO_DATA read that fails pops nothing, so OVF_COUNTER still holds the loss when the sampler tries again at
        // once: it is counted once, when the data arrives (counted at the failed read too, it was counted twice and the
        // batch dated with twice the loss). At the ceiling of 31 the count becomes a lower bound then, not before.
        [DataRow(5)]
        [DataRow(31)]
        public static void ALossSeenByAFailedDataReadIsCountedOnceWhenTheRetrySucceeds(int overflowCounter)
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            Max30102Script.ExpectPointers(bus, 3, (byte)overflowCounter, 3);
            bus.ExpectWriteReadFailure(new byte[] { DatasheetMax30102.FifoData }, 32 * 6, "I2C write-read failed: SlaveAddressNotAcknowledged");
            Max30102Script.ExpectPointers(bus, 3, (byte)overflowCounter, 3);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, new byte[32 * 6]);
            var red = new int[32];
            var infrared = new int[32];

            Expect.Throws(typeof(IOException), () => sensor.ReadFifo(red, infrared));
            Assert.AreEqual(0, sensor.OverflowCount, "nothing counted while the data did not arrive");
            Assert.IsFalse(sensor.OverflowCountIsLowerBound, "no lower bound before the data arrived");
            Assert.AreEqual(32, sensor.ReadFifo(red, infrared), "the retry drains the full FIFO");

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(overflowCounter, sensor.OverflowCount, "the loss counted once");
            Assert.AreEqual(overflowCounter == 31, sensor.LastReadLossSaturated, "the retry's loss saturated only at 31");
            Assert.AreEqual(overflowCounter == 31, sensor.OverflowCountIsLowerBound, "a lower bound only at 31");
        }

        [TestMethod]
        public static void AnEmptyFifoReadsTheStatusTwiceAndNoData()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            // Every flag but A_FULL, and but PWR_RDY, which makes the driver read the configuration back (Max30102PowerLossTests).
            byte otherFlags = (byte)(0xFF ^ DatasheetMax30102.AlmostFullFlag ^ DatasheetMax30102.PowerReadyFlag);
            Max30102Script.ExpectStatusAndPointers(bus, otherFlags, 7, 0, 7);
            Max30102Script.ExpectStatusAgain(bus, otherFlags);

            Assert.AreEqual(0, sensor.ReadFifo(new int[32], new int[32]), "the other status flags do not mean full");

            bus.VerifyAllTransfersHappened();
        }

        [TestMethod]
        public static void ShortArraysTakeOnlyWhatFitsAndLeaveTheRestInTheFifo()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            Max30102Script.ExpectPointers(bus, 10, 0, 0);
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.FifoData }, Triplets(1, 2, 3, 4, 5, 6));

            var red = new int[3];
            var infrared = new int[5];
            Assert.AreEqual(3, sensor.ReadFifo(red, infrared), "the shorter array sets the limit");

            bus.VerifyAllTransfersHappened();
            Assert.AreEqual(5, red[2]);
            Assert.AreEqual(6, infrared[2]);
        }

        [TestMethod]
        public static void BadArraysAreRefusedBeforeAnyBusTraffic()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            int transfersBefore = bus.TransferCount;

            Expect.Throws(typeof(ArgumentNullException), () => sensor.ReadFifo(null!, new int[32]));
            Exception noInfrared = Expect.Throws(typeof(ArgumentNullException), () => sensor.ReadFifo(new int[32], null!));
            Exception empty = Expect.Throws(typeof(ArgumentException), () => sensor.ReadFifo(new int[0], new int[0]));

            Expect.MessageContains(noInfrared, "infrared");
            Expect.MessageContains(empty, "at least one sample");
            Assert.AreEqual(transfersBefore, bus.TransferCount);
        }

        [TestMethod]
        public static void FailedReadsNameTheRegisterAndKeepTheBusMessage()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            bus.ExpectWriteReadFailure(new byte[] { DatasheetMax30102.InterruptStatus1 }, 7, "I2C write-read failed: ClockStretchTimeout");
            Max30102Script.ExpectPointers(bus, 1, 0, 0);

            // The failed status read may have cleared a PWR_RDY: the next poll reads MODE_CONFIG back once (still SpO2 mode).
            bus.ExpectWriteRead(new byte[] { DatasheetMax30102.ModeConfiguration }, DatasheetMax30102.ModeSpO2);
            bus.ExpectWriteReadFailure(new byte[] { DatasheetMax30102.FifoData }, 6, "I2C write-read failed: PartialTransfer");

            Exception pointers = Expect.Throws(typeof(IOException), () => sensor.ReadFifo(new int[32], new int[32]));
            Exception data = Expect.Throws(typeof(IOException), () => sensor.ReadFifo(new int[32], new int[32]));

            Expect.MessageContains(pointers, "INTR_STATUS_1 (0x00)", "ClockStretchTimeout");
            Expect.MessageContains(data, "FIFO_DATA (0x07)", "PartialTransfer");
            bus.VerifyAllTransfersHappened();
        }

        [TestMethod]
        public static void AfterAFailedInitializeReadingIsRefusedUntilItSucceeds()
        {
            var bus = new ScriptedRegisterBus();
            Max30102 sensor = Max30102Script.CreateDefault(bus);
            bus.ExpectWriteRead(new byte[] { 0xFE }, Max30102Script.RevisionId, 0x15);
            bus.ExpectWriteFailure("I2C write failed: SlaveAddressNotAcknowledged", 0x09, 0x40);
            Expect.Throws(typeof(IOException), () => sensor.Initialize());

            Exception thrown = Expect.Throws(typeof(InvalidOperationException), () => sensor.ReadFifo(new int[32], new int[32]));

            Expect.MessageContains(thrown, "Initialize()");
            Max30102Script.ExpectDefaultInitialization(bus);
            sensor.Initialize();
            Max30102Script.ExpectEmpty(bus, 0);
            Assert.AreEqual(0, sensor.ReadFifo(new int[32], new int[32]));
            bus.VerifyAllTransfersHappened();
        }

        /// <summary>3 bytes per value, MSB first, as the FIFO sends them.</summary>
        private static byte[] Triplets(params int[] values)
        {
            var bytes = new byte[values.Length * 3];
            for (int index = 0; index < values.Length; index++)
            {
                bytes[index * 3] = (byte)((values[index] >> 16) & 0xFF);
                bytes[(index * 3) + 1] = (byte)((values[index] >> 8) & 0xFF);
                bytes[(index * 3) + 2] = (byte)(values[index] & 0xFF);
            }

            return bytes;
        }
    }
}
