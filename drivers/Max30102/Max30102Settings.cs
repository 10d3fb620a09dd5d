using System;

namespace Iot.Device.Max30102
{
    /// <summary>
    /// The configuration a <see cref="Max30102"/> writes at start-up. The defaults suit a fingertip:
    /// SpO2 mode, 100 samples/s, 411 µs pulses (18 bits), 4096 nA full scale, about 7 mA per LED, no averaging,
    /// FIFO rollover off.
    /// </summary>
    /// <remarks>
    /// Each property can be set in any order; <see cref="Validate"/> checks the combination as a whole and the
    /// driver calls it before it sends anything to the chip.
    /// </remarks>
    public class Max30102Settings
    {
        /// <summary>The largest LED current the chip drives: 0xFF × 0.2 mA (datasheet, registers 0x0C-0x0D, LED Current Control table).</summary>
        public const int MaximumLedCurrentMicroamperes = 51000;

        /// <summary>One LED_PA step: 0.2 mA (datasheet, registers 0x0C-0x0D, LED Current Control table).</summary>
        public const int LedCurrentStepMicroamperes = 200;

        /// <summary>Which LEDs fire per sample. Default <see cref="MeasurementMode.SpO2"/>.</summary>
        public MeasurementMode Mode { get; set; } = MeasurementMode.SpO2;

        /// <summary>ADC conversions per second. Default 100.</summary>
        public SampleRate SampleRate { get; set; } = SampleRate.SamplesPerSecond100;

        /// <summary>LED pulse width, which sets the resolution. Default 411 µs (18 bits).</summary>
        public LedPulseWidth PulseWidth { get; set; } = LedPulseWidth.Microseconds411;

        /// <summary>ADC full scale. Default 4096 nA.</summary>
        public AdcRange AdcRange { get; set; } = AdcRange.FullScale4096Nanoamperes;

        /// <summary>On-chip averaging of adjacent conversions. Default none.</summary>
        public SampleAveraging SampleAveraging { get; set; } = SampleAveraging.NoAveraging;

        /// <summary>What the FIFO does when it is full. Default <see cref="FifoFullBehavior.KeepOldest"/> (rollover off).</summary>
        public FifoFullBehavior FifoFullBehavior { get; set; } = FifoFullBehavior.KeepOldest;

        /// <summary>Red LED (LED1) current, 0 to 51000 µA, applied in 200 µA steps (rounded to the nearest). Default 7000 µA.</summary>
        public int RedLedCurrentMicroamperes { get; set; } = 7000;

        /// <summary>Infrared LED (LED2) current, 0 to 51000 µA, applied in 200 µA steps (rounded to the nearest). Default 7000 µA.</summary>
        public int InfraredLedCurrentMicroamperes { get; set; } = 7000;

        /// <summary>
        /// Throws <see cref="ArgumentException"/> naming the offending values when an option is out of range or when
        /// the sample rate and pulse width cannot be combined in the chosen mode (datasheet Tables 11 and 12).
        /// </summary>
        public void Validate()
        {
            int modeCode = (int)Mode;
            if (modeCode != (int)MeasurementMode.HeartRate && modeCode != (int)MeasurementMode.SpO2 && modeCode != (int)MeasurementMode.MultiLed)
            {
                throw new ArgumentException("Measurement mode " + modeCode + " does not exist; use HeartRate, SpO2 or MultiLed.", nameof(Mode));
            }

            CheckRange((int)SampleRate, (int)SampleRate.SamplesPerSecond3200, "Sample rate", nameof(SampleRate));
            CheckRange((int)PulseWidth, (int)LedPulseWidth.Microseconds411, "LED pulse width", nameof(PulseWidth));
            CheckRange((int)AdcRange, (int)AdcRange.FullScale16384Nanoamperes, "ADC range", nameof(AdcRange));
            CheckRange((int)SampleAveraging, (int)SampleAveraging.Average32, "Sample averaging", nameof(SampleAveraging));
            CheckRange((int)FifoFullBehavior, (int)FifoFullBehavior.OverwriteOldest, "FIFO full behaviour", nameof(FifoFullBehavior));
            CheckLedCurrent(RedLedCurrentMicroamperes, nameof(RedLedCurrentMicroamperes));
            CheckLedCurrent(InfraredLedCurrentMicroamperes, nameof(InfraredLedCurrentMicroamperes));

            if (!IsAllowed(Mode, SampleRate, PulseWidth))
            {
                throw new ArgumentException(
                    "The MAX30102 cannot sample at " + ToSamplesPerSecond(SampleRate) + " samples/s with a " + ToMicroseconds(PulseWidth)
                    + " µs LED pulse width in " + ModeName(Mode) + " mode (datasheet " + (Mode == MeasurementMode.HeartRate ? "Table 12" : "Table 11")
                    + "). Lower the sample rate or shorten the pulse width.");
            }
        }

        /// <summary>
        /// Whether the datasheet allows this sample rate with this pulse width in this mode: Table 11 (SpO2 mode) and
        /// Table 12 (heart-rate mode). Multi-LED mode with two LEDs fires two pulses per sample like SpO2 mode, and the
        /// tables do not cover it, so it follows the stricter SpO2 table.
        /// </summary>
        public static bool IsAllowed(MeasurementMode mode, SampleRate sampleRate, LedPulseWidth pulseWidth)
        {
            int samplesPerSecond = ToSamplesPerSecond(sampleRate);
            int pulseMicroseconds = ToMicroseconds(pulseWidth);
            if (mode == MeasurementMode.HeartRate)
            {
                // Table 12: every width up to 1000 sps; 1600 sps without 411 µs; 3200 sps only 69 µs.
                return samplesPerSecond <= 1000
                    || (samplesPerSecond == 1600 && pulseMicroseconds <= 215)
                    || (samplesPerSecond == 3200 && pulseMicroseconds == 69);
            }

            // Table 11: every width up to 400 sps; 800 sps without 411 µs; 1000 sps up to 118 µs; 1600 sps only 69 µs; never 3200 sps.
            return samplesPerSecond <= 400
                || (samplesPerSecond == 800 && pulseMicroseconds <= 215)
                || (samplesPerSecond == 1000 && pulseMicroseconds <= 118)
                || (samplesPerSecond == 1600 && pulseMicroseconds == 69);
        }

        /// <summary>The number of conversions per second a <see cref="SampleRate"/> stands for.</summary>
        public static int ToSamplesPerSecond(SampleRate sampleRate)
        {
            switch (sampleRate)
            {
                case SampleRate.SamplesPerSecond50: return 50;
                case SampleRate.SamplesPerSecond100: return 100;
                case SampleRate.SamplesPerSecond200: return 200;
                case SampleRate.SamplesPerSecond400: return 400;
                case SampleRate.SamplesPerSecond800: return 800;
                case SampleRate.SamplesPerSecond1000: return 1000;
                case SampleRate.SamplesPerSecond1600: return 1600;
                case SampleRate.SamplesPerSecond3200: return 3200;
                default: throw new ArgumentException("Sample rate code " + (int)sampleRate + " does not exist; use one of the SampleRate values.", nameof(sampleRate));
            }
        }

        /// <summary>The pulse length in microseconds a <see cref="LedPulseWidth"/> stands for.</summary>
        public static int ToMicroseconds(LedPulseWidth pulseWidth)
        {
            switch (pulseWidth)
            {
                case LedPulseWidth.Microseconds69: return 69;
                case LedPulseWidth.Microseconds118: return 118;
                case LedPulseWidth.Microseconds215: return 215;
                case LedPulseWidth.Microseconds411: return 411;
                default: throw new ArgumentException("LED pulse width code " + (int)pulseWidth + " does not exist; use one of the LedPulseWidth values.", nameof(pulseWidth));
            }
        }

        /// <summary>The ADC resolution in bits for a pulse width: 15, 16, 17 or 18 (datasheet, register 0x0A, LED Pulse Width Control table).</summary>
        public static int ToResolutionBits(LedPulseWidth pulseWidth)
        {
            switch (pulseWidth)
            {
                case LedPulseWidth.Microseconds69: return 15;
                case LedPulseWidth.Microseconds118: return 16;
                case LedPulseWidth.Microseconds215: return 17;
                case LedPulseWidth.Microseconds411: return 18;
                default: throw new ArgumentException("LED pulse width code " + (int)pulseWidth + " does not exist; use one of the LedPulseWidth values.", nameof(pulseWidth));
            }
        }

        /// <summary>How many conversions one FIFO sample averages for a <see cref="SampleAveraging"/> value.</summary>
        public static int ToAveragedCount(SampleAveraging averaging)
        {
            switch (averaging)
            {
                case SampleAveraging.NoAveraging: return 1;
                case SampleAveraging.Average2: return 2;
                case SampleAveraging.Average4: return 4;
                case SampleAveraging.Average8: return 8;
                case SampleAveraging.Average16: return 16;
                case SampleAveraging.Average32: return 32;
                default: throw new ArgumentException("Sample averaging code " + (int)averaging + " does not exist; use one of the SampleAveraging values.", nameof(averaging));
            }
        }

        /// <summary>The LED_PA register value for a current: the nearest 200 µA step.</summary>
        internal static byte ToLedAmplitude(int microamperes)
        {
            return (byte)((microamperes + (LedCurrentStepMicroamperes / 2)) / LedCurrentStepMicroamperes);
        }

        internal static void CheckLedCurrent(int microamperes, string parameterName)
        {
            if (microamperes < 0 || microamperes > MaximumLedCurrentMicroamperes)
            {
                throw new ArgumentException(
                    "LED current " + microamperes + " µA is outside what the MAX30102 can drive; use 0 to " + MaximumLedCurrentMicroamperes + " µA.",
                    parameterName);
            }
        }

        internal static string ModeName(MeasurementMode mode)
        {
            switch (mode)
            {
                case MeasurementMode.HeartRate: return "heart-rate";
                case MeasurementMode.SpO2: return "SpO2";
                case MeasurementMode.MultiLed: return "multi-LED";
                default: return "unknown (" + (int)mode + ")";
            }
        }

        private static void CheckRange(int code, int largestCode, string what, string parameterName)
        {
            if (code < 0 || code > largestCode)
            {
                throw new ArgumentException(what + " code " + code + " does not exist; use one of its enum values.", parameterName);
            }
        }
    }
}
