using System;
using System.Collections;
using System.IO;
using HeartRateStreamer.Buffers;
using HeartRateStreamer.Sampling;
using HeartRateStreamer.Simulation;
using HeartRateStreamer.Simulation.Max30102;
using HeartRateStreamer.Tests.Drivers;
using Iot.Device.Max30102;
using Iot.Device.PulseSensor;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Sampling
{
    /// <summary>
    /// The sampler with real parts: the MAX30102 driver on the simulated chip, and the pulse-sensor driver on a scripted
    /// ADC, driven by a manual clock the way the firmware's thread drives it (sleep for what Poll returns).
    /// </summary>
    [TestClass]
    public class FixedRateSamplerTests
    {
        [TestMethod]
        public static void TenSecondsAt100SpsReachTheRingBufferInOrderWithTheirTimes()
        {
            var clock = new ManualClock();
            FixedRateSampler sampler = Max30102Sampler(clock, 2048, out _, out SampleRingBuffer buffer);

            RunLoop(sampler, clock, 10000, 0);

            Assert.AreEqual(1000, sampler.SampleCount);
            Assert.AreEqual(1000, buffer.Count);
            for (int expected = 1; expected <= 1000; expected++)
            {
                Assert.IsTrue(buffer.TryRead(out long time, out int infrared, out int red));
                Assert.AreEqual(IndexedWaveform.InfraredOf(expected), infrared, "infrared of sample " + expected);
                Assert.AreEqual(IndexedWaveform.RedOf(expected), red, "red of sample " + expected);
                Assert.AreEqual(expected * 10L, time, "sample " + expected + " was taken at " + (expected * 10) + " ms");
            }

            Assert.AreEqual(0, sampler.ErrorCount);
            Assert.AreEqual(1, sampler.StartCount);
            Assert.AreEqual(0, sampler.LostSampleCount);
            Assert.AreEqual(126, sampler.PollCount, "a poll every 80 ms (8 samples) from 0 to 10 000 ms");
        }

        [TestMethod]
        public static void PollSaysHowLongToWaitAndAnEarlyCallReadsNothing()
        {
            var clock = new ManualClock();
            FixedRateSampler sampler = Max30102Sampler(clock, 64, out SimulatedMax30102 chip, out _);

            Assert.AreEqual(80, sampler.Poll(), "started and read; the next poll is due in 8 sample periods");
            int transfers = chip.TransferCount;
            clock.Advance(30);
            Assert.AreEqual(50, sampler.Poll(), "too early: wait the rest");
            Assert.AreEqual(transfers, chip.TransferCount, "an early call does not touch the sensor");
            clock.Advance(50);
            Assert.AreEqual(80, sampler.Poll());
            Assert.AreEqual(8, sampler.SampleCount);
        }

        [TestMethod]
        public static void JitteredLateWakeUpsLoseNothingAndTimestampsNeverGoBackwards()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(400));
            var settings = new Max30102Settings();
            settings.SampleRate = SampleRate.SamplesPerSecond400;
            var buffer = new SampleRingBuffer(30000);
            var sampler = new FixedRateSampler(new Max30102SampleSource(chip, settings), buffer, clock);

            // The thread oversleeps by 0-15 ms each time; the FIFO (80 ms at 400 sps) absorbs it.
            RunLoop(sampler, clock, 60000, 15);

            Assert.AreEqual(0, sampler.LostSampleCount);
            long previousTime = long.MinValue;
            int expected = 1;
            while (buffer.TryRead(out long time, out int infrared, out int red))
            {
                Assert.AreEqual(IndexedWaveform.InfraredOf(expected), infrared, "sample " + expected);
                Assert.IsTrue(time >= previousTime, "timestamps never go backwards (sample " + expected + ")");
                previousTime = time;
                expected++;
            }

            Assert.AreEqual(chip.ProducedSampleCount, (long)(expected - 1), "every sample the chip produced, once");
            Assert.IsTrue(expected > 23000, "about a minute of samples at 400 sps");
        }

        [TestMethod]
        public static void BufferedSamplesAreTimedByTheSensorsClockNotByTheWakeUps()
        {
            // The thread oversleeps by 0-15 ms, so each poll finds the newest sample 0-10 ms old. Dated back from the poll
            // time, every batch of samples moved by a different 0-10 ms, and so did every beat; on the sensor's clock
            // they keep their spacing.
            var clock = new ManualClock();
            FixedRateSampler sampler = Max30102Sampler(clock, 8192, out _, out SampleRingBuffer buffer);

            RunLoop(sampler, clock, 60000, 15);

            Assert.AreEqual(0, sampler.LostSampleCount);
            AssertOnTheSensorsClock(buffer, 10000, 1, 5000, 2000);
        }

        [TestMethod]
        public static void ASensorClockThreePercentFastIsFollowedAtItsOwnRate()
        {
            // The chip's oscillator runs 3 % fast: 103 samples every 1000 ms of the processor's clock. The chip's own
            // clock ticks in whole milliseconds of its time, which puts up to 1 ms into the spread measured here.
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(new ScaledClock(clock, 103, 100), new IndexedWaveform(100));
            var buffer = new SampleRingBuffer(8192);
            var sampler = new FixedRateSampler(new Max30102SampleSource(chip, new Max30102Settings()), buffer, clock);

            RunLoop(sampler, clock, 60000, 15);

            Assert.AreEqual(0, sampler.LostSampleCount);
            AssertOnTheSensorsClock(buffer, 1000000, 103, 10000, 4500);
        }

        [TestMethod]
        public static void ABusFailureIsReportedAndRetriedWithADoublingBackOffUntilTheSensorAnswers()
        {
            var clock = new ManualClock();
            FixedRateSampler sampler = Max30102Sampler(clock, 4096, out SimulatedMax30102 chip, out _);
            var events = new ArrayList();
            sampler.SensorError += (sender, e) => events.Add(e);
            RunLoop(sampler, clock, 1000, 0);
            int samplesBefore = sampler.SampleCount;

            chip.IsResponding = false;
            clock.Advance(80);
            Assert.AreEqual(100, sampler.Poll(), "first retry after 100 ms");
            Assert.IsFalse(sampler.IsSensorRunning);
            int transfers = chip.TransferCount;
            clock.Advance(60);
            Assert.AreEqual(40, sampler.Poll(), "waiting out the back-off");
            Assert.AreEqual(transfers, chip.TransferCount, "no bus traffic while waiting");
            clock.Advance(40);
            for (int retry = 0; retry < 8; retry++)
            {
                clock.Advance(sampler.Poll());
            }

            var expectedDelays = new int[] { 100, 200, 400, 800, 1600, 3200, 6400, 10000, 10000 };
            Assert.AreEqual(expectedDelays.Length, events.Count);
            for (int index = 0; index < expectedDelays.Length; index++)
            {
                var error = (SensorErrorEventArgs)events[index]!;
                Assert.AreEqual(expectedDelays[index], error.RetryDelayMilliseconds, "retry delay after failure " + (index + 1));
                Assert.AreEqual(index + 1, error.ConsecutiveFailureCount);
                Assert.AreEqual(index + 1, error.ErrorCount);
                Assert.IsInstanceOfType(error.Error, typeof(IOException));
                Assert.Contains("SlaveAddressNotAcknowledged", error.Error.Message);
            }

            Assert.Contains("INTR_STATUS_1 (0x00)", ((SensorErrorEventArgs)events[0]!).Error.Message, "the first failure was a FIFO read");
            Assert.Contains("REV_ID (0xFE)", ((SensorErrorEventArgs)events[1]!).Error.Message, "later ones are re-initialisations, which read the identity first");

            chip.IsResponding = true;
            long recoveredAt = clock.Milliseconds;
            RunLoop(sampler, clock, recoveredAt + 1000, 0);

            Assert.IsTrue(sampler.IsSensorRunning);
            Assert.AreEqual(2, sampler.StartCount, "started once at boot and once after the fault");
            Assert.AreEqual(0, sampler.ConsecutiveFailureCount);
            Assert.AreEqual(9, sampler.ErrorCount);
            Assert.IsTrue(sampler.SampleCount >= samplesBefore + 90, "samples flow again after the recovery");
        }

        [TestMethod]
        public static void AChipThatLostPowerIsStartedAgainAtTheNextPollWithAMessageNamingPower()
        {
            // A dip in the breakout's supply resets the chip to MODE 000 while the bus answers every read with an empty
            // FIFO. Its PWR_RDY says so at the next poll; before, only the 1 s silence limit caught it, with a guess.
            var clock = new ManualClock();
            var messages = new ArrayList();
            FixedRateSampler sampler = SampledForFiveSeconds(clock, messages, out SimulatedMax30102 chip);
            int samplesBefore = sampler.SampleCount;

            chip.LosePowerBriefly();
            RunLoop(sampler, clock, clock.Milliseconds + 1000, 0);

            Assert.AreEqual(1, messages.Count, "one failure: the read and its retry at once are one");
            Assert.Contains("lost power", (string)messages[0]!);
            Assert.Contains("PWR_RDY", (string)messages[0]!);
            Assert.AreEqual(1, sampler.ErrorCount);
            Assert.AreEqual(2, sampler.StartCount, "started again within the second, not after the silence limit");
            Assert.IsTrue(chip.IsConverting, "started again: converting");
            Assert.IsTrue(sampler.SampleCount >= samplesBefore + 70, "the next poll (80 ms) and the first back-off (100 ms) cost less than 0.2 s of samples, not " + (sampler.SampleCount - samplesBefore) + " read in the second");
        }

        // A chip that stops sampling without PWR_RDY, so with nothing for the driver to see: 0, a stray write (a noisy
        // wire) set MODE 000; 1, a power loss whose PWR_RDY something else read away first.
        [DataRow(0)]
        [DataRow(1)]
        public static void AChipThatStopsSamplingWithoutPwrRdyIsStartedAgainAfterTheSilenceLimit(int cause)
        {
            // The bus answers every read with an empty FIFO: no error, no sample. Without a limit on the silence the board
            // would measure nothing until rebooted.
            var clock = new ManualClock();
            var messages = new ArrayList();
            FixedRateSampler sampler = SampledForFiveSeconds(clock, messages, out SimulatedMax30102 chip);
            int samplesBefore = sampler.SampleCount;

            if (cause == 0)
            {
                chip.Write(new byte[] { DatasheetMax30102.ModeConfiguration, 0x00 }, 2);
            }
            else
            {
                chip.LosePowerBriefly();
                chip.WriteRead(new byte[] { DatasheetMax30102.InterruptStatus1 }, 1, new byte[1], 1);
            }

            Assert.IsFalse(chip.IsConverting, "the chip stopped");
            RunLoop(sampler, clock, 5000 + FixedRateSampler.SilentSensorMilliseconds - 100, 0);
            Assert.AreEqual(0, sampler.ErrorCount, "silence shorter than the limit is not yet a failure");
            Assert.AreEqual(samplesBefore, sampler.SampleCount, "the idle chip gave nothing");

            RunLoop(sampler, clock, 8000, 0);

            Assert.AreEqual(1, messages.Count, "one failure, then the chip was started again");
            Assert.Contains("no sample for 1000 ms", (string)messages[0]!);
            Assert.AreEqual(2, sampler.StartCount);
            Assert.IsTrue(chip.IsConverting, "started again: converting");
            Assert.IsTrue(sampler.SampleCount >= samplesBefore + 180, "about two seconds of samples since the restart, not " + (sampler.SampleCount - samplesBefore));
        }

        [TestMethod]
        public static void ASupplyThatDipsEveryFewSecondsIsOneFaultUntilTheSensorWorksForAMinute()
        {
            // A loose VIN wire: the chip resets every 3 s and works again after each restart. Every failure was the
            // first "consecutive" one, so what to check was said at every one: two lines every 3 s, for as long as it lasts.
            var clock = new ManualClock();
            FixedRateSampler sampler = Max30102Sampler(clock, 64, out SimulatedMax30102 chip, out _);
            var faults = new ArrayList();
            int failures = 0;
            sampler.SensorError += (sender, e) =>
            {
                failures++;
                if (e.StartsAFault)
                {
                    faults.Add(clock.Milliseconds);
                }
            };
            RunLoop(sampler, clock, 3000, 0);
            for (int dip = 1; dip <= 60; dip++)
            {
                chip.LosePowerBriefly();
                RunLoop(sampler, clock, 3000 + (dip * 3000), 0);
            }

            Assert.AreEqual(60, failures, "every dip is a failure, and the sensor is started again after each");
            Assert.AreEqual(1, faults.Count, "one fault");

            RunLoop(sampler, clock, clock.Milliseconds + FixedRateSampler.FaultGapMilliseconds, 0);
            chip.LosePowerBriefly();
            RunLoop(sampler, clock, clock.Milliseconds + 3000, 0);

            Assert.AreEqual(61, failures);
            Assert.AreEqual(2, faults.Count, "a dip after a minute of work is a new fault");
        }

        // -1: one transfer refused before its first byte. n: a FIFO_DATA read that breaks off after n bytes (a clock-stretch
        // timeout), having popped the samples they began: those were lost uncounted, and the rest of the batch was dated
        // as if it followed the last one.
        [DataRow(-1)]
        [DataRow(20)]
        public static void AGlitchOnTheBusCostsNoSampleAndNoRestart(int bytesBeforeBreak)
        {
            // One failed transfer (a long or noisy I2C wire) used to start the sensor again, which empties its FIFO:
            // about 0.2 s of pulse gone, and counted nowhere.
            var clock = new ManualClock();
            FixedRateSampler sampler = Max30102Sampler(clock, 4096, out SimulatedMax30102 chip, out SampleRingBuffer buffer);
            int reported = 0;
            sampler.SensorError += (sender, e) => reported++;
            RunLoop(sampler, clock, 2000, 0);

            if (bytesBeforeBreak < 0)
            {
                chip.TransfersToFail = 1;
            }
            else
            {
                chip.BreakNextFifoRead(bytesBeforeBreak);
            }

            RunLoop(sampler, clock, 4000, 0);

            Assert.AreEqual(0, reported, "no failure reported");
            Assert.AreEqual(1, sampler.StartCount, "not started again");
            Assert.AreEqual(1, sampler.ErrorCount);
            Assert.AreEqual(1, sampler.RecoveredReadCount);
            Assert.AreEqual(0, sampler.LostSampleCount);
            Assert.AreEqual(chip.ProducedSampleCount, (long)sampler.SampleCount, "every sample the chip made was read");
            long expected = 1;
            while (buffer.TryRead(out long time, out int infrared, out int red))
            {
                Assert.AreEqual(IndexedWaveform.InfraredOf(expected), infrared, "sample " + expected + " in its place");
                Assert.AreEqual(expected * 10L, time, "sample " + expected);
                expected++;
            }

            chip.TransfersToFail = 2; // two in a row: a failure as before
            RunLoop(sampler, clock, 6000, 0);
            Assert.AreEqual(1, reported);
            Assert.AreEqual(2, sampler.StartCount);
        }

        // A late poll finds the FIFO full with 5 samples lost (OVF_COUNTER 5, rollover off keeps the oldest), and its data
        // read breaks off after 20 bytes, popping 4 samples. The retry cannot read them again (the FIFO was full): they
        // and the 5 are lost and counted, and the 28 read are dated after the 4 popped, the 5 after them. Uncounted, the
        // 28 were dated as if they followed the last batch, 40 ms early, and the beat-to-beat interval across came out short.
        [TestMethod]
        public static void ABrokenReadOfAFullFifoCountsWhatItLostAndDatesTheRestInTheirPlace()
        {
            var clock = new ManualClock();
            FixedRateSampler sampler = Max30102Sampler(clock, 4096, out SimulatedMax30102 chip, out SampleRingBuffer buffer);
            RunLoop(sampler, clock, 2000, 0);
            long produced = chip.ProducedSampleCount;

            clock.Advance(370); // the loop stalled: 37 samples, 32 fill the FIFO, 5 are lost
            chip.BreakNextFifoRead(20); // the first bytes of samples 1 to 4 go out
            sampler.Poll();

            Assert.AreEqual(1, sampler.RecoveredReadCount, "the retry succeeded");
            Assert.AreEqual(9, sampler.LostSampleCount, "the 4 popped and the 5 the full FIFO dropped");
            Assert.AreEqual(produced + 37, (long)sampler.SampleCount + sampler.LostSampleCount);
            RunLoop(sampler, clock, 4000, 0);

            Assert.AreEqual(1, sampler.StartCount, "not started again");
            Assert.AreEqual(9, sampler.LostSampleCount);
            Assert.AreEqual(chip.ProducedSampleCount, (long)sampler.SampleCount + sampler.LostSampleCount, "every sample read or counted lost");
            long previous = 0;
            int gaps = 0;
            foreach (long index in AssertDatedByTheirConversions(buffer, 0, ""))
            {
                gaps += index == previous + 1 ? 0 : 1;
                previous = index;
            }

            Assert.AreEqual(2, gaps, "the 4 popped before the 28, the 5 dropped after them");
        }

        // As above, but the read breaks off after the first byte of the 32nd sample: it popped all the FIFO held, so the
        // retry reads none. FIFO_RD_PTR is back where it was (a read refused at once leaves it there too); the cleared
        // OVF_COUNTER shows the pop. The 32 and the 5 were counted nowhere, and with no batch to carry them the clock was
        // not moved on: the next batch, read 5 ms after its newest sample, was dated as if that one came at the poll.
        // 1200: a stall past the silence limit (OVF_COUNTER at 31, 63 reported of 120): the retry's report is a sign of
        // life, not silence. Taken for silence, the sensor was started again (its FIFO cleared, more lost) and the 63 never
        // reached LostSampleCount. The loss is uncounted, so the clock starts again from the next poll: no oversleep there.
        // 320: full with nothing lost, the retry finds it empty whether popped or refused, and reports nothing: the next
        // poll's sample tells, and the 32 are counted then, before its batch (left uncounted, the clock was 32 behind).
        [DataRow(370, 37, 37, 5)]
        [DataRow(1200, 63, 63, 0)]
        [DataRow(320, 0, 32, 5)]
        public static void ABrokenReadThatPoppedAWholeFullFifoMovesTheClockOnOverWhatItLost(int stallMilliseconds, int reportedAtRetry, int reportedLost, int oversleepMilliseconds)
        {
            var clock = new ManualClock();
            FixedRateSampler sampler = Max30102Sampler(clock, 4096, out SimulatedMax30102 chip, out SampleRingBuffer buffer);
            int reported = 0;
            sampler.SensorError += (sender, e) => reported++;
            RunLoop(sampler, clock, 2000, 0);
            long produced = chip.ProducedSampleCount;

            clock.Advance(stallMilliseconds); // 32 fill the FIFO, the rest are lost (OVF_COUNTER stops at 31)
            chip.BreakNextFifoRead(187); // 31 samples of 6 bytes, then the first byte of the 32nd
            int wait = sampler.Poll();
            int stored = sampler.SampleCount;
            long uncounted = (stallMilliseconds / 10) - reportedLost; // beyond OVF_COUNTER's 31

            Assert.AreEqual(0, reported, "no failure reported");
            Assert.AreEqual(1, sampler.RecoveredReadCount, "the retry succeeded");
            Assert.AreEqual(reportedAtRetry, sampler.LostSampleCount, "what the retry reported");
            Assert.AreEqual(produced + reportedAtRetry, (long)stored + sampler.LostSampleCount, "nothing read: all the read reported is lost");

            clock.Advance(wait + oversleepMilliseconds);
            sampler.Poll();
            RunLoop(sampler, clock, 4000, 0);

            Assert.AreEqual(0, reported, "no failure reported");
            Assert.AreEqual(1, sampler.StartCount, "not started again");
            Assert.AreEqual(reportedLost, sampler.LostSampleCount, "the 32 popped and what OVF_COUNTER counted of the rest");
            Assert.AreEqual(chip.ProducedSampleCount, (long)sampler.SampleCount + sampler.LostSampleCount + uncounted, "every sample read or counted lost");
            Assert.AreEqual(sampler.SampleCount, AssertDatedByTheirConversions(buffer, 1, "").Length);
        }

        // At 100 sps averaged by 4 (a sample every 40 ms) a FIFO full with nothing lost is 1280 ms or more old, past the 1 s
        // silence limit. A read of it that breaks off after popping all 32 leaves a retry that finds nothing and reports
        // nothing: only the next read tells the pop (a sample arrived) from a refusal (OVF_COUNTER rose). Taken for
        // silence, the sensor was started again, its FIFO cleared with what told, and the 32 popped went uncounted. Row
        // true: the chip stops (shut down) and every read fails once: silence all the same, once a sample interval passed.
        [DataRow(false)]
        [DataRow(true)]
        public static void AtASlowRateABrokenReadOfAFullFifoIsDecidedByTheNextPollNotTakenForSilence(bool silentAfter)
        {
            var clock = new ManualClock();
            var settings = new Max30102Settings();
            settings.SampleAveraging = SampleAveraging.Average4;
            FixedRateSampler sampler = Max30102Sampler(clock, settings, 4096, out SimulatedMax30102 chip, out SampleRingBuffer buffer);
            int reported = 0;
            sampler.SensorError += (sender, e) => reported++;
            RunLoop(sampler, clock, 2000, 0);
            long produced = chip.ProducedSampleCount;

            clock.Advance(1290); // 32 samples fill the FIFO, none lost yet
            chip.BreakNextFifoRead(187); // 31 samples of 6 bytes, then the first byte of the 32nd
            int wait = sampler.Poll();

            Assert.AreEqual(produced + 32, chip.ProducedSampleCount, "the FIFO just full");
            Assert.AreEqual(0, reported, "no failure reported: the next poll decides");
            Assert.AreEqual(1, sampler.RecoveredReadCount, "the retry succeeded");
            Assert.AreEqual(0, sampler.LostSampleCount, "nothing told yet");

            if (silentAfter)
            {
                chip.Write(new byte[] { DatasheetMax30102.ModeConfiguration, (byte)(DatasheetMax30102.ShutdownBit | DatasheetMax30102.ModeSpO2) }, 2);
                for (int poll = 0; poll < 5 && reported == 0; poll++)
                {
                    chip.TransfersToFail = 1;
                    clock.Advance(wait);
                    wait = sampler.Poll();
                }

                Assert.IsTrue(sampler.RecoveredReadCount >= 2, "the reads after failed once too");
                Assert.AreEqual(1, reported, "silent: the sensor is started again");
                return;
            }

            clock.Advance(wait);
            sampler.Poll();
            RunLoop(sampler, clock, 5000, 0);

            Assert.AreEqual(0, reported, "no failure reported");
            Assert.AreEqual(1, sampler.StartCount, "not started again");
            Assert.AreEqual(32, sampler.LostSampleCount, "the 32 popped");
            Assert.AreEqual(chip.ProducedSampleCount, (long)sampler.SampleCount + sampler.LostSampleCount, "every sample read or counted lost");
        }

        [TestMethod]
        public static void HeartRateModeDeliversItsRedPulseWhereBeatDetectionReadsIt()
        {
            // Heart-rate mode has the red LED only; the estimator finds the finger and the beats in the infrared slot.
            var clock = new ManualClock();
            var settings = new Max30102Settings();
            settings.Mode = MeasurementMode.HeartRate;
            FixedRateSampler sampler = Max30102Sampler(clock, settings, 256, out _, out SampleRingBuffer buffer);

            RunLoop(sampler, clock, 1000, 0);

            Assert.AreEqual(96, buffer.Count, "polls every 80 ms, the last at 960 ms");
            for (int expected = 1; expected <= 96; expected++)
            {
                Assert.IsTrue(buffer.TryRead(out long _, out int infrared, out int red));
                Assert.AreEqual(IndexedWaveform.RedOf(expected), infrared, "the red LED's sample " + expected + " in the infrared slot");
                Assert.AreEqual(0, red, "no second wavelength, no SpO2");
            }
        }

        [TestMethod]
        public static void ASlowSensorIsNotMistakenForASilentOne()
        {
            // 50 conversions/s averaged by 32: a sample every 640 ms, so a poll often finds none; the limit is then four
            // sample intervals, not one second.
            var clock = new ManualClock();
            var settings = new Max30102Settings();
            settings.SampleRate = SampleRate.SamplesPerSecond50;
            settings.SampleAveraging = SampleAveraging.Average32;
            FixedRateSampler sampler = Max30102Sampler(clock, settings, 256, out _, out _);

            RunLoop(sampler, clock, 60000, 15);

            Assert.AreEqual(0, sampler.ErrorCount);
            Assert.AreEqual(1, sampler.StartCount);
            Assert.IsTrue(sampler.SampleCount >= 92, "a sample every 640 ms for a minute, not " + sampler.SampleCount);
        }

        [TestMethod]
        public static void ASensorMissingAtBootIsRetriedWithoutEndingTheLoop()
        {
            var clock = new ManualClock();
            FixedRateSampler sampler = Max30102Sampler(clock, 256, out SimulatedMax30102 chip, out _);
            chip.PartId = 0x11;
            var messages = new ArrayList();
            sampler.SensorError += (sender, e) => messages.Add(e.Error.Message);

            RunLoop(sampler, clock, 60000, 0);
            Assert.AreEqual(0, sampler.SampleCount);
            Assert.IsTrue(sampler.ErrorCount >= 8, "it kept trying for a minute");
            Assert.Contains("PART_ID 0x11", (string)messages[0]!);

            chip.PartId = 0x15;
            RunLoop(sampler, clock, 72000, 0);

            Assert.IsTrue(sampler.IsSensorRunning);
            Assert.IsTrue(sampler.SampleCount > 0, "it started as soon as the right chip answered");
        }

        [TestMethod]
        public static void AThrowingListenerIsCountedAndSamplingGoesOn()
        {
            var clock = new ManualClock();
            FixedRateSampler sampler = Max30102Sampler(clock, 256, out SimulatedMax30102 chip, out _);
            sampler.SensorError += (sender, e) => throw new InvalidOperationException("a listener bug");
            chip.IsResponding = false;

            int wait = sampler.Poll();
            chip.IsResponding = true;
            clock.Advance(wait);
            RunLoop(sampler, clock, 1000, 0);

            Assert.AreEqual(1, sampler.EventHandlerFailureCount);
            Assert.AreEqual(1, sampler.ErrorCount);
            Assert.IsTrue(sampler.SampleCount > 0);
        }

        [TestMethod]
        public static void AFullRingBufferDropsAndCountsWhileSamplingGoesOn()
        {
            var clock = new ManualClock();
            FixedRateSampler sampler = Max30102Sampler(clock, 16, out _, out SampleRingBuffer buffer);

            RunLoop(sampler, clock, 1600, 0);

            Assert.AreEqual(160, sampler.SampleCount);
            Assert.AreEqual(16, buffer.Count);
            Assert.AreEqual(144, buffer.DroppedCount, "the sampler never waits for the consumer");
            Assert.AreEqual(0, sampler.ErrorCount);
        }

        [TestMethod]
        public static void FifoOverflowDuringAStallIsAddedToLostSampleCount()
        {
            var clock = new ManualClock();
            FixedRateSampler sampler = Max30102Sampler(clock, 4096, out SimulatedMax30102 chip, out SampleRingBuffer buffer);
            RunLoop(sampler, clock, 1000, 0);
            Assert.AreEqual(960L, clock.Milliseconds, "the last poll read sample 96");

            // The next poll comes 500 ms later: samples 97-146 arrive for 32 slots.
            clock.Advance(500);
            RunLoop(sampler, clock, 2000, 0);

            Assert.AreEqual(18, sampler.LostSampleCount, "a 500 ms stall at 100 sps overflows the 32-sample FIFO by 18");
            Assert.AreEqual(chip.ProducedSampleCount, (long)(sampler.SampleCount + sampler.LostSampleCount));

            // The lost samples move the sample clock on: every sample kept, before and after the gap, has its own time.
            Assert.AreEqual(sampler.SampleCount, AssertDatedByTheirConversions(buffer, 0, "").Length);
        }

        [TestMethod]
        public static void WithRolloverOnTheSamplesLostDuringAStallCameBeforeTheOnesKept()
        {
            var clock = new ManualClock();
            var settings = new Max30102Settings();
            settings.FifoFullBehavior = FifoFullBehavior.OverwriteOldest;
            FixedRateSampler sampler = Max30102Sampler(clock, settings, 4096, out _, out SampleRingBuffer buffer);
            RunLoop(sampler, clock, 1000, 0);

            // 340 ms without a poll: samples 97-130 for 32 slots, so the FIFO overwrites 97 and 98. Two samples (20 ms) are
            // within what the clock would steer away, so only counting them before the batch keeps 99-130 on time.
            clock.Advance(340);
            RunLoop(sampler, clock, 2000, 0);

            Assert.AreEqual(2, sampler.LostSampleCount);
            long[] kept = AssertDatedByTheirConversions(buffer, 0, "");
            foreach (long index in kept)
            {
                Assert.IsTrue(index < 97 || index > 98, "sample " + index + " was overwritten");
            }

            Assert.AreEqual(sampler.SampleCount, kept.Length);
        }

        [TestMethod]
        // A poll late by 0.7-2 s: more samples arrive than the 32 slots plus the 31 that OVF_COUNTER can count (register
        // 0x05 saturates). The FIFO keeps its oldest (the default), so the 32 read follow the last batch on the running
        // clock, and the batch after them starts the clock again from its poll. Before, the 32 were dated as if 31 were
        // lost after them, 70-170 ms late, and the clock steered seconds of later samples by up to 92 ms: false
        // beat-to-beat intervals wherever native work (a TLS handshake, a DNS lookup) stalled the board.
        [DataRow(700)]
        [DataRow(750)]
        [DataRow(800)]
        [DataRow(2000)]
        public static void AStallLongerThanTheOverflowCounterCanCountKeepsEverySampleOnItsTime(int stallMilliseconds)
        {
            var clock = new ManualClock();
            FixedRateSampler sampler = Max30102Sampler(clock, 4096, out _, out SampleRingBuffer buffer);
            RunLoop(sampler, clock, 1000, 0);

            clock.Advance(stallMilliseconds);
            RunLoop(sampler, clock, 6000, 0);

            Assert.AreEqual(31, sampler.LostSampleCount, "OVF_COUNTER saturates at 31 (datasheet, register 0x05)");
            Assert.AreEqual(sampler.SampleCount, AssertDatedByTheirConversions(buffer, 0, " after a stall of " + stallMilliseconds + " ms").Length);
        }

        [TestMethod]
        public static void AnAdcSourceIsReadOnAFixedScheduleAndMissedPollsAreLostSamples()
        {
            var clock = new ManualClock();
            var input = new ScriptedAnalogInput(4095, 0, 100, 200, 300, 400);
            var buffer = new SampleRingBuffer(16);
            var sampler = new FixedRateSampler(new PulseSensorSampleSource(new PulseSensor(input, 4095), 100), buffer, clock);

            Assert.AreEqual(10, sampler.Poll(), "the trial conversion at start, then the first sample; next in 10 ms");
            clock.Advance(10);
            Assert.AreEqual(10, sampler.Poll());
            clock.Advance(45);
            Assert.AreEqual(5, sampler.Poll(), "late: due times 30, 40 and 50 ms were missed, the schedule resumes at 60 ms");

            Assert.AreEqual(3, sampler.SampleCount);
            Assert.AreEqual(3, sampler.LostSampleCount);
            AssertSample(buffer, 0, 100);
            AssertSample(buffer, 10, 200);
            AssertSample(buffer, 55, 300);
        }

        [TestMethod]
        public static void AFailingAdcIsReportedAndRetried()
        {
            var clock = new ManualClock();
            var input = new ScriptedAnalogInput(4095, 1000);
            var sampler = new FixedRateSampler(new PulseSensorSampleSource(new PulseSensor(input, 4095), 100), new SampleRingBuffer(256), clock);
            var events = new ArrayList();
            sampler.SensorError += (sender, e) => events.Add(e);
            RunLoop(sampler, clock, 100, 0);

            input.FailureMessage = "ADC channel 6 is not available";
            RunLoop(sampler, clock, 400, 0);
            input.FailureMessage = string.Empty;
            RunLoop(sampler, clock, 1000, 0);

            Assert.IsTrue(events.Count >= 2);
            Assert.Contains("ADC channel 6", ((SensorErrorEventArgs)events[0]!).Error.Message);
            Assert.IsTrue(sampler.IsSensorRunning);
            Assert.AreEqual(0, sampler.ConsecutiveFailureCount);
        }

        [TestMethod]
        public static void MissingPartsAndABadBackOffAreRefused()
        {
            var clock = new ManualClock();
            var source = new PulseSensorSampleSource(new PulseSensor(new ScriptedAnalogInput(4095, 0)), 100);
            var buffer = new SampleRingBuffer(4);

            Expect.Throws(typeof(ArgumentNullException), () => new FixedRateSampler(null!, buffer, clock));
            Expect.Throws(typeof(ArgumentNullException), () => new FixedRateSampler(source, null!, clock));
            Expect.Throws(typeof(ArgumentNullException), () => new FixedRateSampler(source, buffer, null!));
            Expect.Throws(typeof(ArgumentOutOfRangeException), () => new FixedRateSampler(source, buffer, clock, 0, 100));
            Expect.Throws(typeof(ArgumentOutOfRangeException), () => new FixedRateSampler(source, buffer, clock, 200, 100));
        }

        [TestMethod]
        public static void Max30102SourceReportsItsTiming()
        {
            var clock = new ManualClock();
            var chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            var slow = new Max30102Settings();
            slow.SampleAveraging = SampleAveraging.Average4;
            var fast = new Max30102Settings();
            fast.SampleRate = SampleRate.SamplesPerSecond1000;
            fast.PulseWidth = LedPulseWidth.Microseconds118;

            var slowSource = new Max30102SampleSource(chip, slow);
            var fastSource = new Max30102SampleSource(chip, fast);

            Assert.AreEqual(40000, slowSource.SampleIntervalMicroseconds, "100 sps averaged by 4: 25 samples a second");
            Assert.AreEqual(100000, slowSource.PollIntervalMicroseconds, "polls at least every 100 ms");
            Assert.AreEqual(1000, fastSource.SampleIntervalMicroseconds);
            Assert.AreEqual(8000, fastSource.PollIntervalMicroseconds, "every 8 samples");
            Assert.AreEqual(32, fastSource.MaximumSamplesPerRead);
            Assert.IsTrue(fastSource.BuffersSamples);
            Assert.IsNull(fastSource.Sensor, "the driver is created by the first Start");
            Expect.Throws(typeof(InvalidOperationException), () => fastSource.Read(new int[32], new int[32]));
        }

        private static void AssertSample(SampleRingBuffer buffer, long expectedTime, int expectedInfrared)
        {
            Assert.IsTrue(buffer.TryRead(out long time, out int infrared, out int red));
            Assert.AreEqual(expectedTime, time);
            Assert.AreEqual(expectedInfrared, infrared);
            Assert.AreEqual(0, red);
        }

        /// <summary>
        /// Every sample's time in the buffer against the time the chip took it (its index × the true interval,
        /// <paramref name="intervalNumerator"/> / <paramref name="intervalDenominator"/> µs),
        /// after <paramref name="settleMilliseconds"/>: the error may be any constant (where a batch's clock starts), but its
        /// spread stays within <paramref name="spreadMicroseconds"/>, which is what keeps beat-to-beat intervals right.
        /// </summary>
        private static void AssertOnTheSensorsClock(SampleRingBuffer buffer, long intervalNumerator, long intervalDenominator, long settleMilliseconds, long spreadMicroseconds)
        {
            long lowest = long.MaxValue;
            long highest = long.MinValue;
            int compared = 0;
            while (buffer.TryRead(out long time, out int infrared, out int red))
            {
                if (time < settleMilliseconds)
                {
                    continue;
                }

                long error = (time * 1000) - ((IndexedWaveform.IndexOfInfrared(infrared) * intervalNumerator) / intervalDenominator);
                lowest = error < lowest ? error : lowest;
                highest = error > highest ? error : highest;
                compared++;
            }

            Assert.IsTrue(compared > 5000, "most of a minute compared, got " + compared);
            Assert.IsTrue(highest - lowest <= spreadMicroseconds, "sample times off by " + lowest + " to " + highest + " µs: a spread of " + (highest - lowest) + " µs");
        }

        /// <summary>
        /// The sampler on the MAX30102 driver with <paramref name="settings"/>, over a simulated chip on <paramref name="clock"/>
        /// whose samples carry their conversion's index (<see cref="IndexedWaveform"/> at 100 sps: conversion k at k × 10 ms),
        /// into a new buffer of <paramref name="bufferCapacity"/> samples.
        /// </summary>
        private static FixedRateSampler Max30102Sampler(ManualClock clock, Max30102Settings settings, int bufferCapacity, out SimulatedMax30102 chip, out SampleRingBuffer buffer)
        {
            chip = new SimulatedMax30102(clock, new IndexedWaveform(100));
            buffer = new SampleRingBuffer(bufferCapacity);
            return new FixedRateSampler(new Max30102SampleSource(chip, settings), buffer, clock);
        }

        /// <summary><see cref="Max30102Sampler(ManualClock, Max30102Settings, int, out SimulatedMax30102, out SampleRingBuffer)"/> with the driver's default settings.</summary>
        private static FixedRateSampler Max30102Sampler(ManualClock clock, int bufferCapacity, out SimulatedMax30102 chip, out SampleRingBuffer buffer)
        {
            return Max30102Sampler(clock, new Max30102Settings(), bufferCapacity, out chip, out buffer);
        }

        /// <summary>The default MAX30102 sampler, sampled for 5 s, each failure's message added to <paramref name="messages"/>.</summary>
        private static FixedRateSampler SampledForFiveSeconds(ManualClock clock, ArrayList messages, out SimulatedMax30102 chip)
        {
            FixedRateSampler sampler = Max30102Sampler(clock, 4096, out chip, out _);
            sampler.SensorError += (sender, e) => messages.Add(e.Error.Message);
            RunLoop(sampler, clock, 5000, 0);
            return sampler;
        }

        /// <summary>
        /// Reads <paramref name="buffer"/> empty, checking that every sample is dated by its conversion (its index, carried
        /// by <see cref="IndexedWaveform"/>, × 10 ms) within <paramref name="toleranceMilliseconds"/>; returns the indices
        /// read, in order. <paramref name="context"/> ends each failure's message.
        /// </summary>
        private static long[] AssertDatedByTheirConversions(SampleRingBuffer buffer, long toleranceMilliseconds, string context)
        {
            var indices = new long[buffer.Count];
            int read = 0;
            while (buffer.TryRead(out long time, out int infrared, out int red))
            {
                long index = IndexedWaveform.IndexOfInfrared(infrared);
                long error = time - (index * 10L);
                Assert.IsTrue(error >= -toleranceMilliseconds && error <= toleranceMilliseconds, "sample " + index + " at " + time + " ms, not within " + toleranceMilliseconds + " ms of " + (index * 10) + " ms" + context);
                indices[read++] = index;
            }

            Assert.AreEqual(indices.Length, read, "the buffer held what it counted");
            return indices;
        }

        /// <summary>
        /// What the firmware's sampling thread does, on a manual clock: poll, then sleep for what Poll returned plus an
        /// oversleep of up to <paramref name="oversleepMilliseconds"/> (deterministic). Stops before a sleep would pass
        /// <paramref name="untilMilliseconds"/>, so the clock is left at the last poll.
        /// </summary>
        private static void RunLoop(FixedRateSampler sampler, ManualClock clock, long untilMilliseconds, int oversleepMilliseconds)
        {
            int state = 7;
            for (int guard = 0; guard < 1000000; guard++)
            {
                int wait = sampler.Poll();
                int oversleep = 0;
                if (oversleepMilliseconds > 0)
                {
                    state = (int)(((state * 1103515245L) + 12345) & 0x7FFFFFFF);
                    oversleep = state % (oversleepMilliseconds + 1);
                }

                if (clock.Milliseconds + wait + oversleep > untilMilliseconds)
                {
                    return;
                }

                clock.Advance(wait + oversleep);
            }

            Assert.IsTrue(false, "the loop kept returning 0 ms: it would spin");
        }
    }
}
