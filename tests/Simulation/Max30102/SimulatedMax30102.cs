using System;
using System.IO;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Simulation.Max30102
{
    /// <summary>
    /// A register-level model of the MAX30102 behind <see cref="IRegisterBus"/>, for tests and the virtual device.
    /// Time comes from an <see cref="IClock"/>, so a simulated minute takes no real time: before every transfer the chip
    /// catches up with the clock, taking the ADC conversions that fell due (from an <see cref="IOpticalWaveform"/>),
    /// averaging them and pushing samples into its 32-sample FIFO.
    /// </summary>
    /// <remarks>
    /// Modelled from the datasheet (19-7740; register map Table 1 and the register descriptions; FIFO p.15): register file
    /// with power-on values, PART_ID 0x15 and REV_ID; self-clearing RESET; register address auto-increment except on
    /// FIFO_DATA; FIFO pointers that wrap modulo 32 and can be written only while MODE is 010, 011 or 111; OVF_COUNTER
    /// saturating at 31 and cleared when a sample is popped; FIFO rollover; SHDN; TEMP_EN conversions of 29 ms; status
    /// bits that clear on read. Where the datasheet is silent the model chooses and says so: with rollover on, a full
    /// FIFO drops its oldest sample (moving FIFO_RD_PTR) and counts it in OVF_COUNTER; reading FIFO_DATA while empty
    /// repeats the last sample without moving a pointer; every read transfer of FIFO_DATA starts at a sample boundary.
    /// Not thread-safe: one caller at a time, as on a real bus.
    /// </remarks>
    public sealed class SimulatedMax30102 : IRegisterBus
    {
        /// <summary>Samples the FIFO holds.</summary>
        public const int FifoDepth = 32;

        /// <summary>Temperature ADC acquisition time, typical (datasheet electrical characteristics).</summary>
        public const int TemperatureConversionMilliseconds = 29;

        /// <summary>The largest 18-bit ADC count.</summary>
        public const int MaximumCount = 0x3FFFF;

        private const int BytesPerChannel = 3;
        private const int MaximumChannels = 4;
        private const long MicrosecondsPerSecond = 1000000;

        private static readonly int[] s_samplesPerSecond = new int[] { 50, 100, 200, 400, 800, 1000, 1600, 3200 };

        private readonly IClock _clock;
        private readonly IOpticalWaveform _waveform;
        private readonly byte[] _registers = new byte[256];
        private readonly int[] _fifo = new int[FifoDepth * MaximumChannels];
        private readonly int[] _channelSlots = new int[MaximumChannels];
        private readonly byte[] _outputSample = new byte[MaximumChannels * BytesPerChannel];

        private int _unreadCount;
        private int _outputByteIndex;
        private bool _isConverting;
        private long _timelineStartMilliseconds;
        private long _conversionCount;
        private int _averagedSoFar;
        private long _sumRed;
        private long _sumInfrared;
        private bool _discardCurrentSample;
        private int _resetReadsRemaining;
        private bool _temperatureRunning;
        private long _temperatureReadyAtMilliseconds;
        private long _producedSampleCount;
        private int _transferCount;
        private int _fifoReadBreaksAfterBytes = -1;

        /// <summary>Creates a powered-up chip: registers at their power-on values, PWR_RDY set.</summary>
        public SimulatedMax30102(IClock clock, IOpticalWaveform waveform)
        {
            if (clock == null)
            {
                throw new ArgumentNullException(nameof(clock), "Pass the clock that drives the simulated chip.");
            }

            if (waveform == null)
            {
                throw new ArgumentNullException(nameof(waveform), "Pass the optical waveform the photodiode sees.");
            }

            _clock = clock;
            _waveform = waveform;
            PartId = DatasheetMax30102.PartId;
            RevisionId = 0x03;
            ReadsBeforeResetCompletes = 1;
            DieTemperatureDegreesCelsius = 30.0;
            IsResponding = true;
            PowerOnReset();
            _registers[DatasheetMax30102.InterruptStatus1] = DatasheetMax30102.PowerReadyFlag;
        }

        /// <summary>What PART_ID (0xFF) reads; set another value to impersonate a different chip.</summary>
        public byte PartId { get; set; }

        /// <summary>What REV_ID (0xFE) reads.</summary>
        public byte RevisionId { get; set; }

        /// <summary>How many reads of MODE_CONFIG still show RESET set after a reset is requested (default 1; int.MaxValue: never finishes).</summary>
        public int ReadsBeforeResetCompletes { get; set; }

        /// <summary>
        /// True: TEMP_EN reads 0 at once after it is set, while the conversion still runs its 29 ms and TINT/TFRAC keep
        /// their old values until DIE_TEMP_RDY. Real parts were seen doing so (SparkFun MAX3010x library issue 19), against
        /// the datasheet's "clears at the conclusion" (register 0x21), which is the default (false).
        /// </summary>
        public bool TemperatureEnableClearsAtOnce { get; set; }

        /// <summary>The die temperature the next TEMP_EN conversion reports.</summary>
        public double DieTemperatureDegreesCelsius { get; set; }

        /// <summary>The fault switch: false makes every transfer fail with <see cref="IOException"/>, as if the chip stopped acknowledging. Time keeps running.</summary>
        public bool IsResponding { get; set; }

        /// <summary>A glitch on the bus: the next this many transfers fail as with <see cref="IsResponding"/> off, then the chip answers again.</summary>
        public int TransfersToFail { get; set; }

        /// <summary>
        /// A transfer that breaks off mid-way (a clock-stretch timeout on a noisy wire): the next read of FIFO_DATA clocks
        /// out <paramref name="bytes"/> bytes, popping every sample whose first byte went out (p.15), then fails with
        /// <see cref="IOException"/> as the bus reports it, the bytes never reaching the caller.
        /// </summary>
        public void BreakNextFifoRead(int bytes)
        {
            if (bytes < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(bytes), "Say how many bytes go out before the transfer breaks off: 0 or more.");
            }

            _fifoReadBreaksAfterBytes = bytes;
        }

        /// <summary>Transfers attempted so far (failed ones included).</summary>
        public int TransferCount => _transferCount;

        /// <summary>Samples the chip has completed since it was created, including those the FIFO lost (as of the last transfer or <see cref="CatchUp"/>).</summary>
        public long ProducedSampleCount => _producedSampleCount;

        /// <summary>Unread samples in the FIFO (as of the last transfer or <see cref="CatchUp"/>).</summary>
        public int UnreadSampleCount => _unreadCount;

        /// <summary>True while the chip takes conversions: a valid MODE and SHDN clear.</summary>
        public bool IsConverting => _isConverting;

        /// <summary>
        /// A dip in the chip's supply, too short for the bus to notice: it restarts as at power-on (every register 0x00,
        /// so MODE 000 and no conversions; the FIFO empty) with PWR_RDY set (datasheet, register 0x00), and answers
        /// every transfer as before.
        /// </summary>
        public void LosePowerBriefly()
        {
            CatchUp();
            PowerOnReset();
            _registers[DatasheetMax30102.InterruptStatus1] = DatasheetMax30102.PowerReadyFlag;
        }

        /// <summary>Brings the chip up to the clock's time without a transfer, for tests that inspect it.</summary>
        public void CatchUp()
        {
            long now = _clock.Milliseconds;
            FinishTemperatureIfDue(now);
            if (!_isConverting)
            {
                return;
            }

            int rate = SamplesPerSecond;
            int averaged = AveragedCount;
            long target = ((now - _timelineStartMilliseconds) * rate) / 1000;
            while (_conversionCount < target)
            {
                _conversionCount++;
                if (_averagedSoFar == 0)
                {
                    _discardCurrentSample = WillBeLost(target - _conversionCount + 1, averaged);
                }

                if (!_discardCurrentSample)
                {
                    long timeMicroseconds = (_timelineStartMilliseconds * 1000) + ((_conversionCount * MicrosecondsPerSecond) / rate);
                    _waveform.Sample(timeMicroseconds, out int red, out int infrared);
                    _sumRed += Clip(red);
                    _sumInfrared += Clip(infrared);
                }

                _averagedSoFar++;
                if (_averagedSoFar == averaged)
                {
                    Push((int)(_sumRed / averaged), (int)(_sumInfrared / averaged));
                    _averagedSoFar = 0;
                    _sumRed = 0;
                    _sumInfrared = 0;
                }
            }
        }

        /// <summary>A register's value without the side effects of a bus read (no clear-on-read, no FIFO pop).</summary>
        public byte PeekRegister(int address)
        {
            if (address < 0 || address > 0xFF)
            {
                throw new ArgumentOutOfRangeException(nameof(address), "MAX30102 register addresses are 0x00 to 0xFF.");
            }

            return _registers[address];
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int count)
        {
            CheckBuffer(buffer, count, nameof(buffer));
            if (count < 1)
            {
                throw new ArgumentException("An I2C write to the MAX30102 starts with a register address; pass at least 1 byte.", nameof(count));
            }

            BeginTransfer();
            WriteFrom(buffer, count);
        }

        /// <inheritdoc />
        public void WriteRead(byte[] write, int writeCount, byte[] read, int readCount)
        {
            CheckBuffer(write, writeCount, nameof(write));
            CheckBuffer(read, readCount, nameof(read));
            if (writeCount < 1)
            {
                throw new ArgumentException("A MAX30102 read starts by writing the register address; pass at least 1 byte.", nameof(writeCount));
            }

            BeginTransfer();
            int address = WriteFrom(write, writeCount);
            _outputByteIndex = 0;
            for (int index = 0; index < readCount; index++)
            {
                if (address == DatasheetMax30102.FifoData && index == _fifoReadBreaksAfterBytes)
                {
                    _fifoReadBreaksAfterBytes = -1;
                    throw new IOException("The simulated MAX30102's FIFO_DATA read broke off after " + index + " bytes (ClockStretchTimeout): a glitch on the bus mid-transfer.");
                }

                read[index] = ReadRegister(address);
                address = NextAddress(address);
            }
        }

        private int SamplesPerSecond =>
            s_samplesPerSecond[(_registers[DatasheetMax30102.SpO2Configuration] >> DatasheetMax30102.SampleRateShift) & DatasheetMax30102.SampleRateMask];

        private int AveragedCount
        {
            get
            {
                // SMP_AVE 0-5 average 1-32 conversions; 6 and 7 also mean 32.
                int code = (_registers[DatasheetMax30102.FifoConfiguration] >> DatasheetMax30102.SampleAveragingShift) & DatasheetMax30102.SampleAveragingMask;
                return code >= 5 ? 32 : 1 << code;
            }
        }

        // Each pulse-width step below 411 µs resolves one bit less; the left-justified word keeps those low bits 0 (p.15).
        private int ResolutionDropBits =>
            DatasheetMax30102.FullResolutionCode - (_registers[DatasheetMax30102.SpO2Configuration] & DatasheetMax30102.PulseWidthMask);

        private bool RolloverEnabled => (_registers[DatasheetMax30102.FifoConfiguration] & DatasheetMax30102.RolloverBit) != 0;

        private void BeginTransfer()
        {
            _transferCount++;
            if (TransfersToFail > 0)
            {
                TransfersToFail--;
                throw new IOException("The simulated MAX30102 did not acknowledge its address (SlaveAddressNotAcknowledged): a glitch on the bus.");
            }

            if (!IsResponding)
            {
                throw new IOException("The simulated MAX30102 did not acknowledge its address (SlaveAddressNotAcknowledged): its fault switch is on.");
            }

            CatchUp();
        }

        private int WriteFrom(byte[] buffer, int count)
        {
            int address = buffer[0];
            for (int index = 1; index < count; index++)
            {
                WriteRegister(address, buffer[index]);
                address = NextAddress(address);
            }

            return address;
        }

        private static int NextAddress(int address)
        {
            // The address auto-increments, except on FIFO_DATA so a burst keeps draining the FIFO (p.15).
            return address == DatasheetMax30102.FifoData ? address : (address + 1) & 0xFF;
        }

        private byte ReadRegister(int address)
        {
            switch (address)
            {
                case DatasheetMax30102.InterruptStatus1:
                case DatasheetMax30102.InterruptStatus2:
                    byte status = _registers[address];
                    _registers[address] = 0;
                    return status;
                case DatasheetMax30102.ModeConfiguration:
                    if (_resetReadsRemaining > 0)
                    {
                        _resetReadsRemaining--;
                        return (byte)(_registers[DatasheetMax30102.ModeConfiguration] | DatasheetMax30102.ResetBit);
                    }

                    return _registers[DatasheetMax30102.ModeConfiguration];
                case DatasheetMax30102.FifoData:
                    return ReadFifoByte();
                case DatasheetMax30102.RevisionIdRegister:
                    return RevisionId;
                case DatasheetMax30102.PartIdRegister:
                    return PartId;
                default:
                    return _registers[address];
            }
        }

        private void WriteRegister(int address, byte value)
        {
            switch (address)
            {
                case DatasheetMax30102.InterruptStatus1:
                case DatasheetMax30102.InterruptStatus2:
                case DatasheetMax30102.FifoData:
                case DatasheetMax30102.TemperatureInteger:
                case DatasheetMax30102.TemperatureFraction:
                case DatasheetMax30102.RevisionIdRegister:
                case DatasheetMax30102.PartIdRegister:
                    // Read-only.
                    return;
                case DatasheetMax30102.FifoWritePointer:
                case DatasheetMax30102.OverflowCounter:
                case DatasheetMax30102.FifoReadPointer:
                    // The pointers can be written only in heart-rate, SpO2 or multi-LED mode.
                    if (IsFifoMode(_registers[DatasheetMax30102.ModeConfiguration] & DatasheetMax30102.ModeMask))
                    {
                        _registers[address] = (byte)(value & DatasheetMax30102.PointerMask);
                        _unreadCount = (_registers[DatasheetMax30102.FifoWritePointer] - _registers[DatasheetMax30102.FifoReadPointer]) & DatasheetMax30102.PointerMask;
                    }

                    return;
                case DatasheetMax30102.ModeConfiguration:
                    if ((value & DatasheetMax30102.ResetBit) != 0)
                    {
                        SoftReset();
                        return;
                    }

                    _registers[DatasheetMax30102.ModeConfiguration] = value;
                    UpdateConversionState();
                    return;
                case DatasheetMax30102.FifoConfiguration:
                case DatasheetMax30102.SpO2Configuration:
                case DatasheetMax30102.MultiLedControl1:
                case DatasheetMax30102.MultiLedControl2:
                    _registers[address] = value;
                    UpdateConversionState();
                    return;
                case DatasheetMax30102.TemperatureConfiguration:
                    if ((value & DatasheetMax30102.TemperatureEnable) != 0 && !_temperatureRunning)
                    {
                        _temperatureRunning = true;
                        _temperatureReadyAtMilliseconds = _clock.Milliseconds + TemperatureConversionMilliseconds;
                        _registers[DatasheetMax30102.TemperatureConfiguration] = TemperatureEnableClearsAtOnce ? (byte)0 : (byte)DatasheetMax30102.TemperatureEnable;
                    }

                    return;
                default:
                    _registers[address] = value;
                    return;
            }
        }

        private static bool IsFifoMode(int mode)
        {
            return mode == DatasheetMax30102.ModeHeartRate || mode == DatasheetMax30102.ModeSpO2 || mode == DatasheetMax30102.ModeMultiLed;
        }

        private void UpdateConversionState()
        {
            // Any configuration change restarts the conversion timeline at the current time, with a fresh average.
            int mode = _registers[DatasheetMax30102.ModeConfiguration] & DatasheetMax30102.ModeMask;
            _isConverting = IsFifoMode(mode) && (_registers[DatasheetMax30102.ModeConfiguration] & DatasheetMax30102.ShutdownBit) == 0;
            _timelineStartMilliseconds = _clock.Milliseconds;
            _conversionCount = 0;
            _averagedSoFar = 0;
            _sumRed = 0;
            _sumInfrared = 0;
            ConfigureChannels(mode);
        }

        private void ConfigureChannels(int mode)
        {
            for (int index = 0; index < MaximumChannels; index++)
            {
                _channelSlots[index] = 0;
            }

            if (mode == DatasheetMax30102.ModeHeartRate)
            {
                _channelSlots[0] = DatasheetMax30102.SlotRed;
            }
            else if (mode == DatasheetMax30102.ModeSpO2)
            {
                _channelSlots[0] = DatasheetMax30102.SlotRed;
                _channelSlots[1] = DatasheetMax30102.SlotInfrared;
            }
            else if (mode == DatasheetMax30102.ModeMultiLed)
            {
                // Slots run in order and stop at the first disabled one; only LED1 and LED2 exist on a MAX30102.
                _channelSlots[0] = _registers[DatasheetMax30102.MultiLedControl1] & DatasheetMax30102.SlotMask;
                _channelSlots[1] = (_registers[DatasheetMax30102.MultiLedControl1] >> DatasheetMax30102.UpperSlotShift) & DatasheetMax30102.SlotMask;
                _channelSlots[2] = _registers[DatasheetMax30102.MultiLedControl2] & DatasheetMax30102.SlotMask;
                _channelSlots[3] = (_registers[DatasheetMax30102.MultiLedControl2] >> DatasheetMax30102.UpperSlotShift) & DatasheetMax30102.SlotMask;
            }
        }

        private int ChannelCount
        {
            get
            {
                int count = 0;
                while (count < MaximumChannels && (_channelSlots[count] == DatasheetMax30102.SlotRed || _channelSlots[count] == DatasheetMax30102.SlotInfrared))
                {
                    count++;
                }

                return count;
            }
        }

        private bool WillBeLost(long conversionsLeft, int averaged)
        {
            // Only decide for a sample that completes in this catch-up: no host read can happen before it is pushed.
            long samplesLeft = conversionsLeft / averaged;
            if (samplesLeft < 1)
            {
                return false;
            }

            return RolloverEnabled ? samplesLeft > FifoDepth : _unreadCount >= FifoDepth;
        }

        private void Push(int red, int infrared)
        {
            _producedSampleCount++;
            int dropMask = ~((1 << ResolutionDropBits) - 1);
            if (_unreadCount >= FifoDepth)
            {
                IncrementOverflowCounter();
                if (!RolloverEnabled)
                {
                    return;
                }

                _registers[DatasheetMax30102.FifoReadPointer] = (byte)((_registers[DatasheetMax30102.FifoReadPointer] + 1) & DatasheetMax30102.PointerMask);
                _unreadCount--;
            }

            int slot = _registers[DatasheetMax30102.FifoWritePointer];
            for (int channel = 0; channel < MaximumChannels; channel++)
            {
                int value = _channelSlots[channel] == DatasheetMax30102.SlotRed ? red : infrared;
                _fifo[(slot * MaximumChannels) + channel] = value & dropMask;
            }

            _registers[DatasheetMax30102.FifoWritePointer] = (byte)((slot + 1) & DatasheetMax30102.PointerMask);
            _unreadCount++;
            _registers[DatasheetMax30102.InterruptStatus1] |= DatasheetMax30102.NewDataFlag;
            if (_unreadCount >= FifoDepth - (_registers[DatasheetMax30102.FifoConfiguration] & DatasheetMax30102.AlmostFullMask))
            {
                _registers[DatasheetMax30102.InterruptStatus1] |= DatasheetMax30102.AlmostFullFlag;
            }
        }

        private void IncrementOverflowCounter()
        {
            if (_registers[DatasheetMax30102.OverflowCounter] < DatasheetMax30102.PointerMask)
            {
                _registers[DatasheetMax30102.OverflowCounter]++;
            }
        }

        private byte ReadFifoByte()
        {
            int bytesPerSample = ChannelCount * BytesPerChannel;
            if (bytesPerSample == 0)
            {
                return 0;
            }

            if (_outputByteIndex == 0 && _unreadCount > 0)
            {
                // The read pointer moves as the first byte of a sample is read (p.15); popping clears OVF_COUNTER.
                int slot = _registers[DatasheetMax30102.FifoReadPointer];
                for (int channel = 0; channel < ChannelCount; channel++)
                {
                    int value = _fifo[(slot * MaximumChannels) + channel];
                    int offset = channel * BytesPerChannel;
                    // MSB first: FIFO_DATA[17:16], [15:8], [7:0] (p.15, Table 2).
                    _outputSample[offset] = (byte)((value >> 16) & DatasheetMax30102.DataHighBitsMask);
                    _outputSample[offset + 1] = (byte)((value >> 8) & 0xFF);
                    _outputSample[offset + 2] = (byte)(value & 0xFF);
                }

                _registers[DatasheetMax30102.FifoReadPointer] = (byte)((slot + 1) & DatasheetMax30102.PointerMask);
                _registers[DatasheetMax30102.OverflowCounter] = 0;
                _unreadCount--;
            }

            byte result = _outputSample[_outputByteIndex];
            _outputByteIndex = (_outputByteIndex + 1) % bytesPerSample;
            return result;
        }

        private void SoftReset()
        {
            PowerOnReset();
            _resetReadsRemaining = ReadsBeforeResetCompletes;
        }

        private void PowerOnReset()
        {
            // Every register's power-on value is 0x00 (Table 1), except the IDs, which are read-only.
            for (int index = 0; index < _registers.Length; index++)
            {
                _registers[index] = 0;
            }

            _unreadCount = 0;
            _outputByteIndex = 0;
            _temperatureRunning = false;
            UpdateConversionState();
        }

        private void FinishTemperatureIfDue(long nowMilliseconds)
        {
            if (!_temperatureRunning || nowMilliseconds < _temperatureReadyAtMilliseconds)
            {
                return;
            }

            // TINT is two's complement whole degrees (rounded down), TFRAC sixteenths.
            double temperature = DieTemperatureDegreesCelsius;
            int whole = (int)temperature;
            if (temperature < whole)
            {
                whole--;
            }

            int sixteenths = (int)(((temperature - whole) * DatasheetMax30102.SixteenthsPerDegree) + 0.5);
            if (sixteenths == DatasheetMax30102.SixteenthsPerDegree)
            {
                whole++;
                sixteenths = 0;
            }

            _registers[DatasheetMax30102.TemperatureInteger] = (byte)(sbyte)whole;
            _registers[DatasheetMax30102.TemperatureFraction] = (byte)sixteenths;
            _registers[DatasheetMax30102.TemperatureConfiguration] = 0;
            _registers[DatasheetMax30102.InterruptStatus2] |= DatasheetMax30102.DieTemperatureReady;
            _temperatureRunning = false;
        }

        private static int Clip(int count)
        {
            return count < 0 ? 0 : (count > MaximumCount ? MaximumCount : count);
        }

        private static void CheckBuffer(byte[] buffer, int count, string name)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(name, "Pass a buffer for the transfer.");
            }

            if (count < 0 || count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(name, "The byte count must be between 0 and the buffer's length.");
            }
        }
    }
}
