using System;

namespace Iot.Device.PulseSensor
{
    /// <summary>
    /// Which ESP32 ADC channel a pulse sensor may use while Wi-Fi is on. nanoFramework numbers the ESP32's
    /// channels 0-19: 0-7 are ADC1 (GPIO 36, 37, 38, 39, 32, 33, 34, 35), 8 the internal temperature sensor,
    /// 9 the Hall sensor, 10-19 ADC2 (GPIO 4, 0, 2, 15, 13, 12, 14, 27, 25, 26). The Wi-Fi radio uses ADC2, so
    /// ADC2 cannot be read while Wi-Fi runs (nanoFramework ESP32 pin-out notes).
    /// </summary>
    public static class Esp32AdcChannels
    {
        /// <summary>The first ADC2 channel number in nanoFramework's ESP32 numbering.</summary>
        public const int FirstAdc2Channel = 10;

        /// <summary>The last channel number nanoFramework's ESP32 ADC controller knows.</summary>
        public const int LastChannel = 19;

        /// <summary>A good default: channel 6, GPIO34, an input-only ADC1 pin.</summary>
        public const int DefaultPulseSensorChannel = 6;

        // ADC1 channel n is on this GPIO.
        private static readonly int[] s_adc1Gpio = new int[] { 36, 37, 38, 39, 32, 33, 34, 35 };

        // ADC2 channel 10 + n is on this GPIO.
        private static readonly int[] s_adc2Gpio = new int[] { 4, 0, 2, 15, 13, 12, 14, 27, 25, 26 };

        /// <summary>The GPIO number behind an ADC1 or ADC2 channel, or -1 for the internal sensors (8, 9) and unknown numbers.</summary>
        public static int ToGpio(int channel)
        {
            if (channel >= 0 && channel < s_adc1Gpio.Length)
            {
                return s_adc1Gpio[channel];
            }

            if (channel >= FirstAdc2Channel && channel <= LastChannel)
            {
                return s_adc2Gpio[channel - FirstAdc2Channel];
            }

            return -1;
        }

        /// <summary>
        /// Throws <see cref="ArgumentException"/> saying why when <paramref name="channel"/> cannot carry a pulse sensor on an
        /// ESP32 with Wi-Fi on: an ADC2 channel (10-19), an internal sensor (8, 9) or a number the ESP32 does not have.
        /// </summary>
        public static void CheckUsableWithWifi(int channel)
        {
            if (channel >= FirstAdc2Channel && channel <= LastChannel)
            {
                throw new ArgumentException(
                    "ADC channel " + channel + " (GPIO" + ToGpio(channel) + ") belongs to the ESP32's ADC2, which cannot be read while Wi-Fi is on. "
                    + "Wire the pulse sensor to an ADC1 pin instead: channels 0-7 (GPIO36, 37, 38, 39, 32, 33, 34, 35), for example channel 6 (GPIO34).",
                    nameof(channel));
            }

            if (channel == 8 || channel == 9)
            {
                throw new ArgumentException(
                    "ADC channel " + channel + " is the ESP32's internal " + (channel == 8 ? "temperature" : "Hall") + " sensor, not a pin. "
                    + "Wire the pulse sensor to an ADC1 pin: channels 0-7, for example channel 6 (GPIO34).",
                    nameof(channel));
            }

            if (channel < 0 || channel > LastChannel)
            {
                throw new ArgumentException(
                    "The ESP32 has no ADC channel " + channel + ". Use an ADC1 channel, 0-7, for example channel 6 (GPIO34).",
                    nameof(channel));
            }
        }
    }
}
