using System;
using HeartRateStreamer.Ports;

namespace Iot.Device.PulseSensor
{
    /// <summary>
    /// An analog optical pulse sensor (the PulseSensor.com amplified photoplethysmograph and its clones): one LED, one
    /// photodetector and an amplifier whose output voltage follows the blood volume under the skin, read by an ADC.
    /// </summary>
    /// <remarks>
    /// Readings are clipped to the converter's range and scaled to <see cref="FullScale"/> counts, by default the
    /// MAX30102's 18-bit range, so the processing downstream sees comparable numbers from either sensor.
    /// Integer arithmetic only; nothing allocates after construction.
    /// </remarks>
    public class PulseSensor
    {
        /// <summary>The default output scale: 2^18 − 1, the MAX30102's 18-bit sample range.</summary>
        public const int DefaultFullScale = 262143;

        private readonly IAnalogInput _input;
        private readonly int _inputMaxValue;
        private readonly int _fullScale;
        private int _outOfRangeCount;

        /// <summary>Creates a sensor that scales readings to <see cref="DefaultFullScale"/>.</summary>
        public PulseSensor(IAnalogInput input)
            : this(input, DefaultFullScale)
        {
        }

        /// <summary>Creates a sensor that scales readings to 0..<paramref name="fullScale"/>.</summary>
        public PulseSensor(IAnalogInput input, int fullScale)
        {
            if (input == null)
            {
                throw new ArgumentNullException(nameof(input), "Pass the analog input the pulse sensor's signal pin is wired to.");
            }

            if (fullScale < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(fullScale), "The output scale must be at least 1 count.");
            }

            int maxValue = input.MaxValue;
            if (maxValue < 1)
            {
                throw new ArgumentException("The analog input reports a maximum of " + maxValue + " counts; a converter needs at least 1.", nameof(input));
            }

            _input = input;
            _inputMaxValue = maxValue;
            _fullScale = fullScale;
        }

        /// <summary>The value <see cref="Read"/> returns for a reading at the converter's maximum.</summary>
        public int FullScale => _fullScale;

        /// <summary>The converter's maximum count, as the input reported it at construction.</summary>
        public int InputMaxValue => _inputMaxValue;

        /// <summary>Readings outside 0..<see cref="InputMaxValue"/> that were clipped: a sign of a faulty converter or adapter.</summary>
        public int OutOfRangeCount => _outOfRangeCount;

        /// <summary>One conversion in raw counts, clipped to 0..<see cref="InputMaxValue"/>.</summary>
        public int ReadRaw()
        {
            int raw = _input.Read();
            if (raw < 0)
            {
                _outOfRangeCount++;
                return 0;
            }

            if (raw > _inputMaxValue)
            {
                _outOfRangeCount++;
                return _inputMaxValue;
            }

            return raw;
        }

        /// <summary>One conversion scaled to 0..<see cref="FullScale"/> (rounded to the nearest count).</summary>
        public int Read()
        {
            long raw = ReadRaw();
            return (int)(((raw * _fullScale) + (_inputMaxValue / 2)) / _inputMaxValue);
        }
    }
}
