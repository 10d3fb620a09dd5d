using System;
using System.IO;
using HeartRateStreamer.Ports;

namespace Iot.Device.Max30102
{
    /// <summary>
    /// Maxim MAX30102 pulse oximeter and heart-rate sensor: red and infrared LEDs, a photodiode, an 18-bit ADC
    /// and a 32-sample FIFO, on I2C address 0x57.
    /// </summary>
    /// <remarks>
    /// Settings are checked before any bus traffic. Configuration registers are shadowed and a shadow changes
    /// only after its write succeeded, so the driver never needs a read-modify-write and its idea of the chip
    /// cannot drift after a bus error. All buffers are allocated in the constructor: <see cref="ReadFifo"/>
    /// allocates nothing. Call every member from one thread.
    /// </remarks>
    public class Max30102
    {
        /// <summary>The 7-bit I2C address: write 0xAE, read 0xAF (datasheet p.5, I2C timing characteristics).</summary>
        public const byte DefaultI2cAddress = 0x57;

        /// <summary>The value of PART_ID (register 0xFF) on a MAX30102.</summary>
        public const byte ExpectedPartId = 0x15;

        /// <summary>The FIFO holds 32 samples (datasheet p.15, FIFO Data Register).</summary>
        public const int FifoDepth = 32;

        /// <summary>
        /// How many times the driver reads MODE_CONFIG waiting for RESET to clear. The datasheet gives no reset time;
        /// one poll is at least 38 bit times on the bus, so 250 polls span over 23 ms at 400 kHz, more than the
        /// 10 ms other drivers wait (libdriver) and without sleeping.
        /// </summary>
        public const int MaximumResetPolls = 250;

        /// <summary>Each channel of a sample is 3 bytes, MSB first (datasheet p.15, FIFO Data Contains 3 Bytes per Channel).</summary>
        private const int BytesPerChannel = 3;

        /// <summary>
        /// ReadFifo's first burst, INTR_STATUS_1 (0x00) through FIFO_RD_PTR (0x06), so each register's offset in it is its
        /// address (Table 1).
        /// </summary>
        private const int FifoStatusBurstLength = 7;

        /// <summary>Red and infrared: the MAX30102 has two LEDs.</summary>
        private const int MaximumChannelCount = 2;

        /// <summary>The full ADC resolution; shorter pulses leave the low bits of the left-justified word empty (p.15).</summary>
        private const int FullResolutionBits = 18;

        /// <summary>What a read after the chip's own power-on reset says, and what <see cref="ReadFifo"/> says until <see cref="Initialize"/>.</summary>
        private const string PowerLostMessage =
            "The MAX30102 lost power and reset itself: INTR_STATUS_1 had PWR_RDY set and MODE_CONFIG was back to idle, so its"
            + " supply dropped and came back (check the sensor's VIN and GND wires and that its supply holds up)."
            + " It is idle until Initialize() configures it again.";

        /// <summary>TFRAC counts sixteenths of a degree (datasheet, register 0x20).</summary>
        private const double DegreesCelsiusPerFractionStep = 0.0625;

        private readonly IRegisterBus _bus;
        private readonly byte[] _writeBuffer = new byte[4];
        private readonly byte[] _readBuffer = new byte[FifoStatusBurstLength];
        private readonly byte[] _fifoBuffer = new byte[FifoDepth * MaximumChannelCount * BytesPerChannel];
        private readonly byte[] _modeReadBack = new byte[1];

        // What Initialize writes: the requested configuration as register values.
        private readonly byte _requestedFifoConfiguration;
        private readonly byte _requestedModeConfiguration;
        private readonly byte _requestedSpO2Configuration;
        private byte _requestedRedAmplitude;
        private byte _requestedInfraredAmplitude;

        // Shadow registers: what the chip holds, changed only after the write succeeded.
        private byte _fifoConfiguration;
        private byte _modeConfiguration;
        private byte _spO2Configuration;
        private byte _redAmplitude;
        private byte _infraredAmplitude;

        private bool _isInitialized;

        // Set when a read found the chip reset by a power loss; ReadFifo names that cause until Initialize runs again.
        private bool _powerWasLost;

        // A PWR_RDY seen, or a status read that failed (its first byte may have cleared one), whose MODE read-back has not
        // completed yet: the next poll reads it back, since the flag itself is gone.
        private bool _powerCheckPending;
        private bool _temperatureMeasurementStarted;
        private bool _temperatureReady;

        // A FIFO_DATA read that failed, and the pointers it started from: the samples it popped before failing are read
        // again by the next ReadFifo (see RewindBrokenRead).
        private bool _dataReadBroke;
        private int _brokenReadPointer;
        private int _brokenWritePointer;
        private int _brokenUnread;
        private int _brokenRequested;
        private int _brokenLoss;

        // What a broken read cost when its samples could not be read again: its burst's OVF_COUNTER (popping cleared it,
        // p.15) plus the samples it popped, counted with the next read's loss; the popped ones came before that read's batch.
        private int _poppedLoss;
        private int _poppedCount;
        private bool _poppedLossSaturated;
        private int _lastReadLostBeforeBatch;
        private int _overflowCount;
        private bool _overflowCountIsLowerBound;
        private bool _lastReadLossSaturated;
        private byte _revisionId;

        /// <summary>
        /// Checks <paramref name="settings"/> (before any bus traffic), then checks that PART_ID is 0x15, resets the chip,
        /// writes the configuration and clears the FIFO.
        /// </summary>
        /// <param name="bus">The register bus the chip answers on (an I2C device at <see cref="DefaultI2cAddress"/>).</param>
        /// <param name="settings">The configuration; the driver copies it, later changes to the object have no effect.</param>
        /// <exception cref="ArgumentException">A setting or the sample-rate/pulse-width combination is not allowed.</exception>
        /// <exception cref="IOException">The bus failed, the reset did not finish, or the chip is not a MAX30102.</exception>
        public Max30102(IRegisterBus bus, Max30102Settings settings)
        {
            if (bus == null)
            {
                throw new ArgumentNullException(nameof(bus), "Pass the register bus the MAX30102 is connected to.");
            }

            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings), "Pass the settings to write (new Max30102Settings() gives the finger-tip defaults).");
            }

            settings.Validate();
            _bus = bus;

            int averagingCode = (int)settings.SampleAveraging;
            int rolloverBit = settings.FifoFullBehavior == FifoFullBehavior.OverwriteOldest ? RegisterBits.FifoRolloverEnable : 0;
            _requestedFifoConfiguration = (byte)((averagingCode << RegisterBits.SampleAveragingShift) | rolloverBit | RegisterBits.AlmostFullWithNoFreeSlot);
            _requestedModeConfiguration = (byte)settings.Mode;
            _requestedSpO2Configuration = (byte)(((int)settings.AdcRange << RegisterBits.AdcRangeShift)
                | ((int)settings.SampleRate << RegisterBits.SampleRateShift)
                | (int)settings.PulseWidth);
            _requestedRedAmplitude = Max30102Settings.ToLedAmplitude(settings.RedLedCurrentMicroamperes);
            _requestedInfraredAmplitude = Max30102Settings.ToLedAmplitude(settings.InfraredLedCurrentMicroamperes);

            Initialize();
        }

        /// <summary>
        /// Samples the chip dropped since construction, added up from OVF_COUNTER at every FIFO read that succeeded, plus
        /// the samples a broken-off read popped that could not be read again.
        /// </summary>
        public int OverflowCount => _overflowCount;

        /// <summary>
        /// True once OVF_COUNTER was read at its ceiling of 31 (it saturates, datasheet register 0x05): more samples
        /// may have been lost than <see cref="OverflowCount"/> says. Poll more often than every 32 sample periods.
        /// </summary>
        public bool OverflowCountIsLowerBound => _overflowCountIsLowerBound;

        /// <summary>True when the last <see cref="ReadFifo"/> found OVF_COUNTER at its ceiling: that read's loss is 31 or more.</summary>
        public bool LastReadLossSaturated => _lastReadLossSaturated;

        /// <summary>
        /// Of the last <see cref="ReadFifo"/>'s loss, the samples that came before the ones it returned even with rollover
        /// off: those a broken-off read popped and that could not be read again.
        /// </summary>
        public int LastReadLostBeforeBatch => _lastReadLostBeforeBatch;

        /// <summary>REV_ID as read during the last <see cref="Initialize"/>.</summary>
        public byte RevisionId => _revisionId;

        /// <summary>The measurement mode the chip is configured for.</summary>
        public MeasurementMode Mode => (MeasurementMode)(_modeConfiguration & RegisterBits.ModeMask);

        /// <summary>Samples per FIFO entry: 1 in heart-rate mode (red), 2 otherwise (red, infrared).</summary>
        public int ChannelCount => Mode == MeasurementMode.HeartRate ? 1 : MaximumChannelCount;

        /// <summary>The configured ADC sample rate.</summary>
        public SampleRate SampleRate => (SampleRate)((_spO2Configuration & RegisterBits.SampleRateMask) >> RegisterBits.SampleRateShift);

        /// <summary>The configured LED pulse width.</summary>
        public LedPulseWidth PulseWidth => (LedPulseWidth)(_spO2Configuration & RegisterBits.PulseWidthMask);

        /// <summary>The configured ADC full scale.</summary>
        public AdcRange AdcRange => (AdcRange)((_spO2Configuration & RegisterBits.AdcRangeMask) >> RegisterBits.AdcRangeShift);

        /// <summary>The configured on-chip averaging.</summary>
        public SampleAveraging SampleAveraging => (SampleAveraging)((_fifoConfiguration & RegisterBits.SampleAveragingMask) >> RegisterBits.SampleAveragingShift);

        /// <summary>The configured FIFO rollover behaviour.</summary>
        public FifoFullBehavior FifoFullBehavior => (_fifoConfiguration & RegisterBits.FifoRolloverEnable) != 0 ? FifoFullBehavior.OverwriteOldest : FifoFullBehavior.KeepOldest;

        /// <summary>The red LED current the chip drives, in microamperes.</summary>
        public int RedLedCurrentMicroamperes => _redAmplitude * Max30102Settings.LedCurrentStepMicroamperes;

        /// <summary>The infrared LED current the chip drives, in microamperes.</summary>
        public int InfraredLedCurrentMicroamperes => _infraredAmplitude * Max30102Settings.LedCurrentStepMicroamperes;

        /// <summary>True while the chip is in power-save mode (SHDN set).</summary>
        public bool IsShutDown => (_modeConfiguration & RegisterBits.Shutdown) != 0;

        /// <summary>
        /// Resets the chip and writes the configuration again: the start-up sequence, and the way back after a bus
        /// failure. LED currents keep their last successfully set values; the chip leaves power-save mode.
        /// </summary>
        /// <exception cref="IOException">The bus failed, the reset did not finish, or the chip is not a MAX30102.</exception>
        public void Initialize()
        {
            _isInitialized = false;
            _powerWasLost = false;
            _powerCheckPending = false;
            _temperatureMeasurementStarted = false;
            _temperatureReady = false;
            _dataReadBroke = false;

            // The identity first: whatever else answers at 0x57 (an AT24C32 EEPROM on a DS3231 clock module does) is
            // named and never written to.
            ReadIdentity();
            Reset();

            // Reading both status registers clears PWR_RDY, latched at power-up (datasheet p.28, Power-Up Sequencing), so
            // ReadFifo sees it set again only after a power-on reset since (CheckPowerReady).
            ReadRegisters(Register.InterruptStatus1, _readBuffer, 2);

            // DIE_TEMP_RDY is what says a temperature conversion has finished (TryReadTemperature); enabled, as the
            // libraries that poll it do (SparkFun MAX3010x issue 19). It also drives INT, which this driver does not use.
            WriteRegister(Register.InterruptEnable2, RegisterBits.DieTemperatureReady);

            WriteRegister(Register.FifoConfiguration, _requestedFifoConfiguration);
            _fifoConfiguration = _requestedFifoConfiguration;

            WriteRegister(Register.SpO2Configuration, _requestedSpO2Configuration);
            _spO2Configuration = _requestedSpO2Configuration;

            WriteLedAmplitudes(_requestedRedAmplitude, _requestedInfraredAmplitude);

            if (_requestedModeConfiguration == (byte)MeasurementMode.MultiLed)
            {
                // Slot 1 red, slot 2 infrared, slots 3-4 off: the FIFO then carries red, infrared as in SpO2 mode.
                _writeBuffer[0] = (byte)Register.MultiLedModeControl1;
                _writeBuffer[1] = (byte)((RegisterBits.SlotInfrared << RegisterBits.Slot2Shift) | RegisterBits.SlotRed);
                _writeBuffer[2] = 0;
                Write(Register.MultiLedModeControl1, 3);
            }

            // The mode goes last: conversions start from a complete configuration.
            WriteRegister(Register.ModeConfiguration, _requestedModeConfiguration);
            _modeConfiguration = _requestedModeConfiguration;

            ClearFifo();
            _isInitialized = true;
        }

        /// <summary>
        /// Reads every waiting sample, up to the arrays' length, in one burst. Fills <paramref name="red"/> (and, except in
        /// heart-rate mode, <paramref name="ir"/>) from index 0, oldest first, as right-aligned ADC counts
        /// (0 to 2^resolution − 1), and returns how many samples it read. Allocates nothing.
        /// </summary>
        /// <param name="red">Receives red samples. 32 elements drain a full FIFO.</param>
        /// <param name="ir">Receives infrared samples; not written in heart-rate mode.</param>
        /// <exception cref="IOException">
        /// The bus failed, or the chip lost power and reset itself (PWR_RDY set and the configuration gone); call
        /// <see cref="Initialize"/> to recover.
        /// </exception>
        /// <exception cref="InvalidOperationException">The last <see cref="Initialize"/> failed, or the chip reset itself since it succeeded.</exception>
        public int ReadFifo(int[] red, int[] ir)
        {
            int channelCount = ChannelCount;
            int capacity = CheckSampleArrays(red, ir, channelCount);

            // One burst reads INTR_STATUS_1 through FIFO_RD_PTR (0x00-0x06): the address auto-increments (p.15). The status
            // comes first, so an A_FULL in it was set before the pointers were read, and reading it clears it (register 0x00).
            ReadStatus(FifoStatusBurstLength);

            // The burst read INTR_STATUS_2 too, which clears DIE_TEMP_RDY: kept for TryReadTemperature.
            _temperatureReady = _temperatureReady || (_readBuffer[(int)Register.InterruptStatus2] & RegisterBits.DieTemperatureReady) != 0;
            bool reachedFull = (_readBuffer[(int)Register.InterruptStatus1] & RegisterBits.AlmostFull) != 0;
            int writePointer = _readBuffer[(int)Register.FifoWritePointer] & RegisterBits.PointerMask;
            int lostSamples = _readBuffer[(int)Register.OverflowCounter] & RegisterBits.PointerMask;
            int readPointer = _readBuffer[(int)Register.FifoReadPointer] & RegisterBits.PointerMask;
            if (_dataReadBroke)
            {
                readPointer = RewindBrokenRead(writePointer, readPointer, lostSamples, reachedFull);
            }

            // The pointers count modulo 32 (p.15, Write/Read Pointers), so equal pointers mean empty or full.
            int available = (writePointer - readPointer) & RegisterBits.PointerMask;
            if (available == 0 && lostSamples == 0 && !reachedFull)
            {
                // The 32nd sample may have come in the 0.1 ms between the status byte and the pointers: A_FULL read 0,
                // then the pointers met. The burst cleared A_FULL, so set now it says full (an empty FIFO cannot take 32
                // samples in a transfer's time).
                ReadStatus(1);
                reachedFull = (_readBuffer[(int)Register.InterruptStatus1] & RegisterBits.AlmostFull) != 0;
            }

            if (available == 0 && (lostSamples > 0 || reachedFull))
            {
                // Full: a sample was lost, or none yet but A_FULL says the FIFO reached 32 (FIFO_A_FULL is 0) since the
                // last read cleared it, and nothing has been popped since. A read failing after this has cleared A_FULL,
                // so a retry before the next sample sees empty and the poll after counts the samples lost meanwhile. No
                // flag keeps 'full' across the failure: a data read that popped all 32 before failing leaves the same
                // pointers as one refused at once (RewindBrokenRead tells them apart only by a loss or samples since), and
                // the flag would then read an empty FIFO as 32 samples.
                available = FifoDepth;
            }

            int sampleCount = available < capacity ? available : capacity;
            if (sampleCount > 0)
            {
                try
                {
                    ReadRegisters(Register.FifoData, _fifoBuffer, sampleCount * channelCount * BytesPerChannel);

                    // A broken read left undecided (RewindBrokenRead) that now finds the FIFO full had popped nothing.
                    _dataReadBroke = false;
                }
                catch (IOException)
                {
                    // A transfer that broke off (a clock-stretch timeout on a noisy wire) may have clocked bytes out first,
                    // and each sample's first byte popped it (p.15): remember where it started, for the next read.
                    _dataReadBroke = true;
                    _brokenReadPointer = readPointer;
                    _brokenWritePointer = writePointer;
                    _brokenUnread = available;
                    _brokenRequested = sampleCount;
                    _brokenLoss = lostSamples; // not counted below; if the read popped samples, OVF_COUNTER is cleared
                    throw;
                }
            }

            // The loss is counted only once the data has arrived. Popping a sample resets OVF_COUNTER (register 0x05); a
            // data read refused before any sample was clocked out (no acknowledge) pops nothing, so the retry reads the
            // same loss again and counts it then, once. One that broke off after popping samples from a full FIFO cleared
            // that loss, and the chip has written over the popped slots since: RewindBrokenRead kept both for this count.
            _lastReadLossSaturated = lostSamples == RegisterBits.OverflowCounterSaturated || _poppedLossSaturated;
            _lastReadLostBeforeBatch = _poppedCount;
            int lost = lostSamples + _poppedLoss;
            _poppedLoss = 0;
            _poppedCount = 0;
            _poppedLossSaturated = false;
            if (lost > 0)
            {
                _overflowCount += lost;
                _overflowCountIsLowerBound = _overflowCountIsLowerBound || _lastReadLossSaturated;
            }

            if (sampleCount == 0)
            {
                return 0;
            }

            int shift = FullResolutionBits - Max30102Settings.ToResolutionBits(PulseWidth);
            int offset = 0;
            for (int sample = 0; sample < sampleCount; sample++)
            {
                // Red (LED1) comes first, then infrared (LED2) (datasheet p.15, Figure 2).
                red[sample] = DecodeChannel(offset, shift);
                offset += BytesPerChannel;
                if (channelCount == MaximumChannelCount)
                {
                    ir[sample] = DecodeChannel(offset, shift);
                    offset += BytesPerChannel;
                }
            }

            return sampleCount;
        }

        /// <summary>Empties the FIFO: FIFO_WR_PTR, OVF_COUNTER and FIFO_RD_PTR to 0, as p.15 recommends when a mode starts.</summary>
        public void ClearFifo()
        {
            _dataReadBroke = false;
            _poppedLoss = 0;
            _poppedCount = 0;
            _poppedLossSaturated = false;

            // One burst covers 0x04-0x06 because the register address auto-increments.
            _writeBuffer[0] = (byte)Register.FifoWritePointer;
            _writeBuffer[1] = 0;
            _writeBuffer[2] = 0;
            _writeBuffer[3] = 0;
            Write(Register.FifoWritePointer, 4);
        }

        /// <summary>
        /// Sets both LED currents in one transfer, for automatic gain control: 0 to 51000 µA each, applied in 200 µA steps.
        /// Both values are checked before anything is sent.
        /// </summary>
        public void SetLedCurrents(int redMicroamperes, int infraredMicroamperes)
        {
            Max30102Settings.CheckLedCurrent(redMicroamperes, nameof(redMicroamperes));
            Max30102Settings.CheckLedCurrent(infraredMicroamperes, nameof(infraredMicroamperes));
            byte red = Max30102Settings.ToLedAmplitude(redMicroamperes);
            byte infrared = Max30102Settings.ToLedAmplitude(infraredMicroamperes);

            WriteLedAmplitudes(red, infrared);
            _requestedRedAmplitude = red;
            _requestedInfraredAmplitude = infrared;
        }

        /// <summary>Enters power-save mode: LEDs off, no conversions, registers and FIFO kept (datasheet, register 0x09 SHDN).</summary>
        public void Shutdown()
        {
            byte mode = (byte)(_modeConfiguration | RegisterBits.Shutdown);
            WriteRegister(Register.ModeConfiguration, mode);
            _modeConfiguration = mode;
        }

        /// <summary>Leaves power-save mode; conversions resume with the kept configuration.</summary>
        public void WakeUp()
        {
            byte mode = (byte)(_modeConfiguration & ~RegisterBits.Shutdown);
            WriteRegister(Register.ModeConfiguration, mode);
            _modeConfiguration = mode;
        }

        /// <summary>
        /// Starts one die-temperature conversion by setting TEMP_EN (datasheet, register 0x21). It takes about 29 ms
        /// (electrical characteristics, temperature ADC acquisition time); poll <see cref="TryReadTemperature"/>.
        /// </summary>
        public void StartTemperatureMeasurement()
        {
            // Not started until TEMP_EN is written: the read below consumes DIE_TEMP_RDY, so a start that fails after it
            // would leave TryReadTemperature of an earlier start waiting for a flag that never comes.
            _temperatureMeasurementStarted = false;

            // A DIE_TEMP_RDY left from a conversion nobody read would pass this one off as finished: read it away first.
            ReadRegisters(Register.InterruptStatus2, _readBuffer, 1);
            _temperatureReady = false;
            WriteRegister(Register.DieTemperatureConfiguration, RegisterBits.TemperatureEnable);
            _temperatureMeasurementStarted = true;
        }

        /// <summary>
        /// Returns false while the conversion started by <see cref="StartTemperatureMeasurement"/> is still running
        /// (DIE_TEMP_RDY not yet set), otherwise reads TINT and TFRAC and returns true with the die temperature.
        /// </summary>
        /// <exception cref="InvalidOperationException">No conversion was started.</exception>
        public bool TryReadTemperature(out double degreesCelsius)
        {
            degreesCelsius = 0;
            if (!_temperatureMeasurementStarted)
            {
                throw new InvalidOperationException("No die-temperature conversion is running: call StartTemperatureMeasurement() first.");
            }

            if (!_temperatureReady)
            {
                // DIE_TEMP_RDY, not TEMP_EN: on real parts TEMP_EN was seen to clear almost at once, long before the 29 ms
                // conversion ends, and reading then gave the previous or a torn value (-60 °C at times; SparkFun MAX3010x
                // issue 19). DIE_TEMP_RDY is set when the conversion has finished (datasheet, register 0x01).
                ReadRegisters(Register.InterruptStatus2, _readBuffer, 1);
                if ((_readBuffer[0] & RegisterBits.DieTemperatureReady) == 0)
                {
                    return false;
                }

                _temperatureReady = true;
            }

            // TINT (0x1F) is two's complement whole degrees, TFRAC (0x20) adds sixteenths; one burst reads both.
            ReadRegisters(Register.DieTemperatureInteger, _readBuffer, 2);
            degreesCelsius = (sbyte)_readBuffer[0] + ((_readBuffer[1] & RegisterBits.TemperatureFractionMask) * DegreesCelsiusPerFractionStep);
            _temperatureReady = false;
            _temperatureMeasurementStarted = false;
            return true;
        }

        private int CheckSampleArrays(int[] red, int[] ir, int channelCount)
        {
            if (red == null)
            {
                throw new ArgumentNullException(nameof(red), "Pass an array for the red samples; 32 elements drain a full FIFO.");
            }

            int capacity = red.Length;
            if (channelCount == MaximumChannelCount)
            {
                if (ir == null)
                {
                    throw new ArgumentNullException(nameof(ir), "SpO2 and multi-LED modes deliver infrared samples too; pass an array for them.");
                }

                if (ir.Length < capacity)
                {
                    capacity = ir.Length;
                }
            }

            if (capacity == 0)
            {
                throw new ArgumentException("Pass sample arrays with room for at least one sample; 32 elements drain a full FIFO.", nameof(red));
            }

            if (!_isInitialized)
            {
                // After a power loss the same words again: the read that saw PWR_RDY cleared it, and the caller's retry
                // must not hear only "Initialize() failed".
                throw new InvalidOperationException(_powerWasLost
                    ? PowerLostMessage
                    : "The MAX30102 is not initialised: the last Initialize() failed. Call Initialize() again.");
            }

            return capacity;
        }

        // The FIFO_DATA read before this one broke off. Samples it popped (FIFO_RD_PTR moved on from where it started) went
        // nowhere: unread, they would be lost uncounted and the samples after them timed as if they followed the last
        // batch, that many intervals too early. The datasheet's way to re-read a sample is to move FIFO_RD_PTR back (p.15, Write/Read Pointers),
        // which is safe while the chip has not written into the popped slots: they are the last free ones it reaches, so
        // they are intact as long as the samples unread then plus those arrived since stay below 32 (no A_FULL, no
        // overflow). One below 31, in fact: the write pointer is the status burst's, and a sample may arrive before the
        // FIFO_RD_PTR write lands; at 31 plus that one the pointers would meet with 32 unread, which reads as empty.
        // Returns the read pointer to read from.
        private int RewindBrokenRead(int writePointer, int readPointer, int lostSamples, bool reachedFull)
        {
            int popped = (readPointer - _brokenReadPointer) & RegisterBits.PointerMask;
            int arrived = (writePointer - _brokenWritePointer) & RegisterBits.PointerMask;
            bool poppedAll = false;
            if (popped == 0 && _brokenRequested == FifoDepth)
            {
                // FIFO_RD_PTR came round to where it was, as a read refused at once leaves it. All 32 popped shows in
                // OVF_COUNTER, which the pop cleared (refused, it only grows), or in samples written since (refused, a full
                // FIFO writes none, or, overwriting, moves FIFO_RD_PTR with each). 32 or more since bring FIFO_WR_PTR
                // round too, but set A_FULL, which a sample written sets and the broken read's burst had cleared: refused
                // with rollover off, nothing is written; overwriting, the pointers come back only after 32 overwrites,
                // which leave OVF_COUNTER at 31.
                poppedAll = lostSamples < _brokenLoss || arrived > 0
                    || (reachedFull && (FifoFullBehavior == FifoFullBehavior.KeepOldest || lostSamples < RegisterBits.OverflowCounterSaturated));
                if (!poppedAll && lostSamples == 0 && !reachedFull)
                {
                    // Full with no loss yet and nothing since: both read as empty now (ReadFifo's comment), so this read
                    // returns none either way. The next one tells: a sample arrived (popped), or OVF_COUNTER rose (refused).
                    return readPointer;
                }
            }

            popped = poppedAll ? FifoDepth : popped;
            bool intact = popped > 0 && popped <= _brokenRequested && lostSamples == 0 && !reachedFull && _brokenUnread + arrived < FifoDepth - 1;
            if (!intact)
            {
                _dataReadBroke = false;

                // Lost for good: counted with this read's loss, the popped ones before its batch (the sampler's clock
                // would otherwise date the batch as if it followed the last one). The overflow the broken read saw came
                // after the samples left and before any arrived since: with all 32 popped, before the batch; otherwise after
                // the unpopped ones this batch begins with, so a loss after it, exact when none arrived (the sampler retries at once).
                // With rollover the chip also moves FIFO_RD_PTR for each sample it overwrites, which this read's
                // OVF_COUNTER counts already.
                int poppedByRead = FifoFullBehavior == FifoFullBehavior.OverwriteOldest ? popped - lostSamples : popped;
                poppedByRead = poppedByRead > _brokenRequested ? _brokenRequested : poppedByRead;
                if (poppedByRead > 0)
                {
                    _poppedLoss += _brokenLoss + poppedByRead;
                    _poppedCount += poppedAll ? _brokenLoss + poppedByRead : poppedByRead;
                    _poppedLossSaturated = _poppedLossSaturated || _brokenLoss == RegisterBits.OverflowCounterSaturated;
                }

                return readPointer;
            }

            _writeBuffer[0] = (byte)Register.FifoReadPointer;
            _writeBuffer[1] = (byte)_brokenReadPointer;
            Write(Register.FifoReadPointer, 2);
            _dataReadBroke = false; // only now: a failed write leaves the pointer to move back next time
            return _brokenReadPointer;
        }

        // Reads INTR_STATUS_1 on (length registers) into _readBuffer and checks PWR_RDY. Reading the status clears its flags,
        // so a read that fails may have taken a PWR_RDY with it: the next one reads the mode back as if the flag were set.
        private void ReadStatus(int length)
        {
            try
            {
                ReadRegisters(Register.InterruptStatus1, _readBuffer, length);
            }
            catch (IOException)
            {
                _powerCheckPending = true;
                throw;
            }

            CheckPowerReady(_readBuffer[(int)Register.InterruptStatus1]);
        }

        // PWR_RDY is set by a power-on reset only (datasheet, register 0x00 PWR_RDY; p.28, Power-Up Sequencing), and
        // Initialize cleared the one from start-up: set now, the supply dropped since and the chip came back idle, every
        // register at its power-on 0x00 (Table 1), MODE 000 taking no samples, its empty FIFO reading as "nothing new"
        // until the sampler's silence limit gave up on it. The flag alone is not trusted: a flag that came late from the
        // start-up, or a part that sets it oddly, would otherwise restart the chip at every poll and give no sample ever.
        // So MODE_CONFIG is read back (a fault path, taken only then): Initialize always leaves MODE at 010, 011 or 111, so
        // MODE 000 means a reset. Only the mode bits are compared, not every setting: a write that reached the chip but
        // reported a failure, or a clone's reserved bits, would otherwise pass for a reset.
        private void CheckPowerReady(byte interruptStatus1)
        {
            if ((interruptStatus1 & RegisterBits.PowerReady) == 0 && !_powerCheckPending)
            {
                return;
            }

            _powerCheckPending = true; // until the read-back completes: the status read above already cleared the flag
            ReadRegisters(Register.ModeConfiguration, _modeReadBack, 1);
            _powerCheckPending = false;
            if ((_modeReadBack[0] & RegisterBits.ModeMask) != 0)
            {
                return;
            }

            _isInitialized = false;
            _powerWasLost = true;
            throw new IOException(PowerLostMessage);
        }

        private int DecodeChannel(int offset, int shift)
        {
            // MSB first and left-justified: keep FIFO_DATA[17:0], then drop the bits the pulse width does not resolve (p.15).
            int word = (_fifoBuffer[offset] << 16) | (_fifoBuffer[offset + 1] << 8) | _fifoBuffer[offset + 2];
            return (word & RegisterBits.SampleMask) >> shift;
        }

        private void Reset()
        {
            WriteRegister(Register.ModeConfiguration, RegisterBits.Reset);

            // RESET clears itself when the reset sequence has finished (datasheet, register 0x09).
            for (int poll = 0; poll < MaximumResetPolls; poll++)
            {
                ReadRegisters(Register.ModeConfiguration, _readBuffer, 1);
                if ((_readBuffer[0] & RegisterBits.Reset) == 0)
                {
                    // Every register is back at its power-on value, 0x00 for the ones we shadow (Table 1).
                    _fifoConfiguration = 0;
                    _modeConfiguration = 0;
                    _spO2Configuration = 0;
                    _redAmplitude = 0;
                    _infraredAmplitude = 0;
                    return;
                }
            }

            throw new IOException(
                "The MAX30102 did not finish its soft reset: MODE_CONFIG still had RESET set after " + MaximumResetPolls
                + " reads. Check the sensor's 1.8 V supply, then power-cycle it.");
        }

        private void ReadIdentity()
        {
            // REV_ID (0xFE) and PART_ID (0xFF) in one burst.
            ReadRegisters(Register.RevisionId, _readBuffer, 2);
            byte partId = _readBuffer[1];
            if (partId != ExpectedPartId)
            {
                throw new IOException(
                    "The device at the MAX30102's address reports PART_ID 0x" + partId.ToString("X2") + ", not 0x15: it is not a MAX30102"
                    + (partId == 0x11 ? " (0x11 is a MAX30100, which this driver does not support)" : string.Empty)
                    + ". Check which sensor is connected and its I2C address.");
            }

            _revisionId = _readBuffer[0];
        }

        private void WriteLedAmplitudes(byte red, byte infrared)
        {
            // LED1_PA (0x0C, red) and LED2_PA (0x0D, infrared) in one burst.
            _writeBuffer[0] = (byte)Register.Led1PulseAmplitude;
            _writeBuffer[1] = red;
            _writeBuffer[2] = infrared;
            Write(Register.Led1PulseAmplitude, 3);
            _redAmplitude = red;
            _infraredAmplitude = infrared;
        }

        private void WriteRegister(Register register, byte value)
        {
            _writeBuffer[0] = (byte)register;
            _writeBuffer[1] = value;
            Write(register, 2);
        }

        private void Write(Register firstRegister, int count)
        {
            try
            {
                _bus.Write(_writeBuffer, count);
            }
            catch (IOException exception)
            {
                throw new IOException("MAX30102: writing " + RegisterName(firstRegister) + " failed: " + exception.Message, exception);
            }
        }

        private void ReadRegisters(Register firstRegister, byte[] destination, int count)
        {
            _writeBuffer[0] = (byte)firstRegister;
            try
            {
                _bus.WriteRead(_writeBuffer, 1, destination, count);
            }
            catch (IOException exception)
            {
                throw new IOException("MAX30102: reading " + RegisterName(firstRegister) + " failed: " + exception.Message, exception);
            }
        }

        private static string RegisterName(Register register)
        {
            switch (register)
            {
                case Register.InterruptStatus1: return "INTR_STATUS_1 (0x00)";
                case Register.InterruptStatus2: return "INTR_STATUS_2 (0x01)";
                case Register.InterruptEnable2: return "INTR_ENABLE_2 (0x03)";
                case Register.FifoWritePointer: return "FIFO_WR_PTR (0x04)";
                case Register.FifoReadPointer: return "FIFO_RD_PTR (0x06)";
                case Register.FifoData: return "FIFO_DATA (0x07)";
                case Register.FifoConfiguration: return "FIFO_CONFIG (0x08)";
                case Register.ModeConfiguration: return "MODE_CONFIG (0x09)";
                case Register.SpO2Configuration: return "SPO2_CONFIG (0x0A)";
                case Register.Led1PulseAmplitude: return "LED1_PA (0x0C)";
                case Register.MultiLedModeControl1: return "MULTI_LED_CTRL1 (0x11)";
                case Register.DieTemperatureInteger: return "TINT (0x1F)";
                case Register.DieTemperatureConfiguration: return "TEMP_CONFIG (0x21)";
                case Register.RevisionId: return "REV_ID (0xFE)";
                default: return "register 0x" + ((byte)register).ToString("X2");
            }
        }
    }
}
