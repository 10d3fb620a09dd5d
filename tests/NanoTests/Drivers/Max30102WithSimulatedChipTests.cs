using System;
using System.IO;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Simulation.Max30102;
using Iot.Device.Max30102;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Drivers
{
    /// <summary>
    /// The driver against the simulated chip for simulated minutes, polled at realistic, jittered intervals: every sample
    /// must arrive exactly once, in order, with its value, and every loss must show up in OverflowCount.
    /// </summary>
    [TestClass]
    public class Max30102WithSimulatedChipTests
    {
        private const int OneMinuteMilliseconds = 60000;

        // SpO2 mode: 50 sps at 411 µs (poll every 200 ± 60 ms), 100 sps at 411 µs (100 ± 40 ms),
        // 400 sps at 411 µs (40 ± 15 ms), 1000 sps at 118 µs, the longest Table 11 allows (15 ± 8 ms).
        // The longest gap is always shorter than the 32 samples the FIFO holds.
        [DataRow(0, 3, 50, 200, 60)]
        [DataRow(1, 3, 100, 100, 40)]
        [DataRow(3, 3, 400, 40, 15)]
        [DataRow(5, 1, 1000, 15, 8)]
        public static void EverySampleOfAMinuteArrivesOnceInOrderWithItsValue(int sampleRateCode, int pulseWidthCode, int samplesPerSecond, int pollMilliseconds, int jitterMilliseconds)
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(samplesPerSecond));
            var settings = new Max30102Settings();
            settings.SampleRate = (SampleRate)sampleRateCode;
            settings.PulseWidth = (LedPulseWidth)pulseWidthCode;
            var sensor = new Max30102(chip, settings);
            var checker = new SequenceChecker(18 - Max30102Settings.ToResolutionBits(settings.PulseWidth));
            var red = new int[32];
            var infrared = new int[32];
            int jitterState = 12345;

            while (clock.Milliseconds < OneMinuteMilliseconds)
            {
                jitterState = (int)(((jitterState * 1103515245L) + 12345) & 0x7FFFFFFF);
                long next = clock.Milliseconds + pollMilliseconds + ((jitterState % ((2 * jitterMilliseconds) + 1)) - jitterMilliseconds);
                clock.Set(next < OneMinuteMilliseconds ? next : OneMinuteMilliseconds);
                checker.Check(red, infrared, sensor.ReadFifo(red, infrared));
            }

            Assert.AreEqual(string.Empty, checker.FirstProblem);
            Assert.AreEqual(60 * samplesPerSecond, checker.ReceivedCount, "one minute of samples, none missing, none twice");
            Assert.AreEqual((long)(60 * samplesPerSecond), chip.ProducedSampleCount);
            Assert.AreEqual(0, checker.GapTotal);
            Assert.AreEqual(0, sensor.OverflowCount);
        }

        [DataRow(false, 1)]
        [DataRow(true, 19)]
        public static void APollGapLongerThanTheFifoShowsUpAsOverflowCount(bool rollover, int expectedJumpAfterGap)
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            var settings = new Max30102Settings();
            settings.FifoFullBehavior = rollover ? FifoFullBehavior.OverwriteOldest : FifoFullBehavior.KeepOldest;
            var sensor = new Max30102(chip, settings);
            var checker = new SequenceChecker(0);
            var red = new int[32];
            var infrared = new int[32];
            PollEvery(clock, sensor, checker, red, infrared, 100, 1000);
            long lastBeforeGap = checker.LastIndex;

            // 500 ms at 100 sps: 50 samples for 32 slots, 18 lost.
            clock.Advance(500);
            checker.Check(red, infrared, sensor.ReadFifo(red, infrared));
            long firstAfterGap = lastBeforeGap + checker.FirstDeltaOfLastBatch;
            PollEvery(clock, sensor, checker, red, infrared, 100, 1000);

            Assert.AreEqual(string.Empty, checker.FirstProblem);
            Assert.AreEqual(18, sensor.OverflowCount, "the loss is counted, not hidden");
            Assert.IsFalse(sensor.OverflowCountIsLowerBound);
            Assert.AreEqual(18, checker.GapTotal, "exactly the counted samples are missing from the sequence");
            Assert.AreEqual(lastBeforeGap + expectedJumpAfterGap, firstAfterGap,
                rollover ? "rollover keeps the newest 32, so the first 18 after the gap are gone" : "without rollover the oldest 32 are kept");
            Assert.AreEqual(chip.ProducedSampleCount, (long)(checker.ReceivedCount + sensor.OverflowCount));
        }

        // A stall of exactly 32 sample periods fills the FIFO with none lost yet: the write pointer has come round to the
        // read pointer, as in an empty FIFO, and OVF_COUNTER is still 0 (p.15). Only A_FULL tells the two apart.
        [DataRow(0)] // FifoFullBehavior.KeepOldest
        [DataRow(1)] // FifoFullBehavior.OverwriteOldest
        public static void AnExactlyFullFifoIsReadAsThirtyTwoSamplesWithNoneLost(int fifoFullBehavior)
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            var settings = new Max30102Settings();
            settings.FifoFullBehavior = (FifoFullBehavior)fifoFullBehavior;
            var sensor = new Max30102(chip, settings);
            var checker = new SequenceChecker(0);
            var red = new int[32];
            var infrared = new int[32];
            PollEvery(clock, sensor, checker, red, infrared, 100, 1000);

            // 320 ms at 100 sps: 32 samples for 32 slots.
            clock.Advance(320);
            chip.CatchUp();
            Assert.AreEqual(32, chip.UnreadSampleCount, "the stall filled the FIFO exactly");
            Assert.AreEqual(chip.PeekRegister(DatasheetMax30102.FifoReadPointer), chip.PeekRegister(DatasheetMax30102.FifoWritePointer), "the pointers are equal");
            Assert.AreEqual((byte)0, chip.PeekRegister(DatasheetMax30102.OverflowCounter), "no sample lost yet");
            int count = sensor.ReadFifo(red, infrared);
            checker.Check(red, infrared, count);
            Assert.AreEqual(32, count, "a full FIFO, not an empty one");
            Assert.AreEqual(0, sensor.ReadFifo(red, infrared), "drained: equal pointers now mean empty");
            PollEvery(clock, sensor, checker, red, infrared, 100, 500);

            Assert.AreEqual(string.Empty, checker.FirstProblem);
            Assert.AreEqual(0, checker.GapTotal, "no sample missing");
            Assert.AreEqual(0, sensor.OverflowCount, "none lost");
            Assert.AreEqual(chip.ProducedSampleCount, (long)checker.ReceivedCount);
        }

        // Rollover on: a stall of 37 samples overwrote the oldest 5 (OVF_COUNTER 5), the data read breaks off after popping
        // 4, and 9 samples come before the retry: 4 fill the popped slots, 5 overwrite the oldest unread, so FIFO_RD_PTR is
        // 9 past where the broken read began and OVF_COUNTER (cleared by the pop) is 5 again. Of the 9, the read popped
        // only 4; the chip's overwrites moved the pointer the rest of the way and are this read's own loss. The loss is
        // 5 + 4 + 5 = 14, all before the batch of 32: each of the 46 samples is read or counted once.
        [TestMethod]
        public static void ABrokenReadWithRolloverCountsThePopsApartFromTheOverwritesThatFollowed()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            var settings = new Max30102Settings();
            settings.FifoFullBehavior = FifoFullBehavior.OverwriteOldest;
            var sensor = new Max30102(chip, settings);
            var checker = new SequenceChecker(0);
            var red = new int[32];
            var infrared = new int[32];
            PollEvery(clock, sensor, checker, red, infrared, 100, 1000);
            long produced = chip.ProducedSampleCount;

            clock.Advance(370);
            chip.BreakNextFifoRead(20); // the first bytes of samples 1 to 4
            Expect.Throws(typeof(IOException), () => sensor.ReadFifo(red, infrared));
            clock.Advance(90);
            int count = sensor.ReadFifo(red, infrared);
            checker.Check(red, infrared, count);

            Assert.AreEqual(32, count, "the FIFO was full again");
            Assert.AreEqual(14, sensor.OverflowCount, "5 overwritten before the read, the 4 it popped, 5 overwritten since");
            Assert.AreEqual(produced + 46, (long)(checker.ReceivedCount + sensor.OverflowCount), "each sample read or counted once");
            Assert.AreEqual(4, sensor.LastReadLostBeforeBatch, "the popped ones");
            PollEvery(clock, sensor, checker, red, infrared, 100, 1000);

            Assert.AreEqual(string.Empty, checker.FirstProblem);
            Assert.AreEqual(14, checker.GapTotal, "exactly the counted samples are missing from the sequence");
            Assert.AreEqual(chip.ProducedSampleCount, (long)(checker.ReceivedCount + sensor.OverflowCount));
        }

        [TestMethod]
        public static void AGapBeyondWhatTheCounterCanCountIsFlaggedAsALowerBound()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            var sensor = new Max30102(chip, new Max30102Settings());
            var checker = new SequenceChecker(0);
            var red = new int[32];
            var infrared = new int[32];

            clock.Advance(1000);
            checker.Check(red, infrared, sensor.ReadFifo(red, infrared));
            PollEvery(clock, sensor, checker, red, infrared, 100, 500);

            Assert.AreEqual(string.Empty, checker.FirstProblem);
            Assert.AreEqual(31, sensor.OverflowCount, "OVF_COUNTER saturated at 31");
            Assert.IsTrue(sensor.OverflowCountIsLowerBound);
            Assert.AreEqual(68, checker.GapTotal, "100 samples arrived for 32 slots");
        }

        [TestMethod]
        public static void AveragingDeliversTheMeanOfEachGroupAtAQuarterOfTheRate()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            var settings = new Max30102Settings();
            settings.SampleAveraging = SampleAveraging.Average4;
            var sensor = new Max30102(chip, settings);
            var red = new int[32];
            var infrared = new int[32];
            int received = 0;

            for (int poll = 0; poll < 100; poll++)
            {
                clock.Advance(100);
                int count = sensor.ReadFifo(red, infrared);
                for (int index = 0; index < count; index++)
                {
                    received++;
                    // Conversions 4j-3 .. 4j average to index 4j - 1.5, that is 32j - 12 counts of infrared.
                    Assert.AreEqual((32 * received) - 12, infrared[index], "sample " + received);
                }
            }

            Assert.AreEqual(250, received, "100 sps averaged by 4 for 10 s");
        }

        [TestMethod]
        public static void HeartRateModeDeliversTheRedChannel()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            var settings = new Max30102Settings();
            settings.Mode = MeasurementMode.HeartRate;
            var sensor = new Max30102(chip, settings);
            var red = new int[32];
            int expected = 1;

            for (int poll = 0; poll < 50; poll++)
            {
                clock.Advance(100);
                int count = sensor.ReadFifo(red, null!);
                for (int index = 0; index < count; index++)
                {
                    Assert.AreEqual(IndexedWaveform.RedOf(expected), red[index], "sample " + expected);
                    expected++;
                }
            }

            Assert.AreEqual(501, expected);
        }

        [TestMethod]
        public static void MultiLedModeDeliversRedThenInfraredLikeSpO2Mode()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            var settings = new Max30102Settings();
            settings.Mode = MeasurementMode.MultiLed;
            var sensor = new Max30102(chip, settings);
            var checker = new SequenceChecker(0);
            var red = new int[32];
            var infrared = new int[32];

            PollEvery(clock, sensor, checker, red, infrared, 100, 2000);

            Assert.AreEqual(string.Empty, checker.FirstProblem);
            Assert.AreEqual(200, checker.ReceivedCount);
        }

        [TestMethod]
        public static void AChipWithAnotherPartIdIsRefusedByName()
        {
            var chip = new SimulatedMax30102(new ManualClock(), new FixedWaveform(0, 0));
            chip.PartId = 0x11;

            Exception thrown = Expect.Throws(typeof(IOException), () => new Max30102(chip, new Max30102Settings()));

            Expect.MessageContains(thrown, "PART_ID 0x11", "not a MAX30102");
        }

        [TestMethod]
        public static void AResetThatNeverCompletesGivesUpWithAnError()
        {
            var chip = new SimulatedMax30102(new ManualClock(), new FixedWaveform(0, 0));
            chip.ReadsBeforeResetCompletes = int.MaxValue;

            Exception thrown = Expect.Throws(typeof(IOException), () => new Max30102(chip, new Max30102Settings()));

            Expect.MessageContains(thrown, "did not finish its soft reset");
            Assert.AreEqual(2 + Max30102.MaximumResetPolls, chip.TransferCount, "the identity, one reset write, then the bounded polls");
        }

        // 0: the chip stops answering, and the bus says so. 1: its supply dipped and it came back idle, answering every
        // read with an empty FIFO; its PWR_RDY says so.
        [DataRow(0)]
        [DataRow(1)]
        public static void AChipThatFailsIsReportedAndRecoversAfterInitialize(int fault)
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            var sensor = new Max30102(chip, new Max30102Settings());
            var red = new int[32];
            var infrared = new int[32];
            clock.Advance(100);
            Assert.AreEqual(10, sensor.ReadFifo(red, infrared), "no PWR_RDY left from the start-up: Initialize read it away");

            if (fault == 0)
            {
                chip.IsResponding = false;
            }
            else
            {
                chip.LosePowerBriefly();
            }

            clock.Advance(100);
            Exception thrown = Expect.Throws(typeof(IOException), () => sensor.ReadFifo(red, infrared));
            if (fault == 0)
            {
                Expect.MessageContains(thrown, "INTR_STATUS_1 (0x00)", "SlaveAddressNotAcknowledged");
                Expect.Throws(typeof(IOException), () => sensor.Initialize());
                chip.IsResponding = true;
            }
            else
            {
                Expect.MessageContains(thrown, "lost power", "PWR_RDY");
                Assert.IsFalse(chip.IsConverting, "the chip is idle, as the message says");
            }

            sensor.Initialize();
            clock.Advance(100);

            Assert.AreEqual(10, sensor.ReadFifo(red, infrared), "after re-initialising, a fresh FIFO fills again");
            Assert.AreEqual(IndexedWaveform.InfraredOf(21), infrared[0], "the timeline restarted at the re-initialisation (t = 200 ms)");
        }

        [TestMethod]
        public static void ShutdownStopsTheFlowAndWakeUpResumesIt()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            var sensor = new Max30102(chip, new Max30102Settings());
            var red = new int[32];
            var infrared = new int[32];

            sensor.Shutdown();
            clock.Advance(1000);
            Assert.AreEqual(0, sensor.ReadFifo(red, infrared), "no conversions in power-save mode");
            sensor.WakeUp();
            clock.Advance(100);

            Assert.AreEqual(10, sensor.ReadFifo(red, infrared));
        }

        [TestMethod]
        public static void DieTemperatureIsReadyAfterTheConversionTime()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new FixedWaveform(0, 0));
            chip.DieTemperatureDegreesCelsius = 36.6875;
            var sensor = new Max30102(chip, new Max30102Settings());

            sensor.StartTemperatureMeasurement();
            Assert.IsFalse(sensor.TryReadTemperature(out double _));
            clock.Advance(SimulatedMax30102.TemperatureConversionMilliseconds);

            Assert.IsTrue(sensor.TryReadTemperature(out double degreesCelsius));
            Assert.AreEqual(36.6875, degreesCelsius);
        }

        [TestMethod]
        public static void DieTemperatureWaitsForTheConversionEvenWhenTempEnClearsAtOnce()
        {
            // Real parts were seen clearing TEMP_EN almost at once (SparkFun MAX3010x issue 19): a driver that took that
            // for "done" read TINT/TFRAC from before the conversion, here the power-on 0x00 0x00: 0 °C on a 36.7 °C die.
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new FixedWaveform(0, 0));
            chip.DieTemperatureDegreesCelsius = 36.6875;
            chip.TemperatureEnableClearsAtOnce = true;
            var sensor = new Max30102(chip, new Max30102Settings());

            sensor.StartTemperatureMeasurement();
            clock.Advance(SimulatedMax30102.TemperatureConversionMilliseconds - 1);
            Assert.IsFalse(sensor.TryReadTemperature(out double early), "still converting, yet read " + early + " °C");
            clock.Advance(1);

            Assert.IsTrue(sensor.TryReadTemperature(out double degreesCelsius));
            Assert.AreEqual(36.6875, degreesCelsius);
        }

        // A start that failed on the bus has started nothing: the earlier conversion's result is not passed off as its
        // own, and no conversion is waited for (the chip's transfer fault here hits the DIE_TEMP_RDY read).
        [TestMethod]
        public static void AFailedStartLeavesNoTemperatureToRead()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new FixedWaveform(0, 0));
            chip.DieTemperatureDegreesCelsius = 36.6875;
            var sensor = new Max30102(chip, new Max30102Settings());

            sensor.StartTemperatureMeasurement();
            clock.Advance(SimulatedMax30102.TemperatureConversionMilliseconds);
            chip.TransfersToFail = 1;
            Expect.Throws(typeof(IOException), () => sensor.StartTemperatureMeasurement());

            Expect.Throws(typeof(InvalidOperationException), () => sensor.TryReadTemperature(out double _));
            sensor.StartTemperatureMeasurement();
            clock.Advance(SimulatedMax30102.TemperatureConversionMilliseconds);
            Assert.IsTrue(sensor.TryReadTemperature(out double degreesCelsius), "a start that succeeds works as before");
            Assert.AreEqual(36.6875, degreesCelsius);
        }

        [TestMethod]
        public static void AFifoPollBetweenStartAndReadDoesNotSwallowTheFinishedTemperature()
        {
            // The FIFO's status burst reads INTR_STATUS_2 too, which clears DIE_TEMP_RDY: the driver must keep it.
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            chip.DieTemperatureDegreesCelsius = 31.25;
            var sensor = new Max30102(chip, new Max30102Settings());
            var red = new int[32];
            var infrared = new int[32];

            sensor.StartTemperatureMeasurement();
            clock.Advance(40);
            Assert.AreEqual(4, sensor.ReadFifo(red, infrared));

            Assert.IsTrue(sensor.TryReadTemperature(out double degreesCelsius), "finished 11 ms before the FIFO poll");
            Assert.AreEqual(31.25, degreesCelsius);
        }

        private static void PollEvery(ManualClock clock, Max30102 sensor, SequenceChecker checker, int[] red, int[] infrared, int intervalMilliseconds, int durationMilliseconds)
        {
            for (int elapsed = 0; elapsed < durationMilliseconds; elapsed += intervalMilliseconds)
            {
                clock.Advance(intervalMilliseconds);
                checker.Check(red, infrared, sensor.ReadFifo(red, infrared));
            }
        }
    }
}
