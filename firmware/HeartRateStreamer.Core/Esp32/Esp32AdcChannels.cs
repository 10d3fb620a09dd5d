using System;

namespace HeartRateStreamer.Esp32
{
    /// <summary>
    /// Which GPIO sits behind each ESP32 ADC channel, and which channels a pulse sensor can use while Wi-Fi is on.
    /// nanoFramework numbers the ESP32's channels 0-19: 0-7 are ADC1, 8 the internal temperature sensor, 9 the Hall
    /// sensor, 10-19 ADC2 (ESP32 datasheet v4.x, Table 2-1 Pin Definitions). The Wi-Fi radio uses ADC2, so ADC2 cannot
    /// be read while Wi-Fi runs (nanoFramework ESP32 pin-out notes). The configuration and the ADC adapter both check a
    /// channel here, so the rule and its message are the same wherever a channel is refused.
    /// </summary>
    public static class Esp32AdcChannels
    {
        /// <summary>The first ADC2 channel number in nanoFramework's ESP32 numbering.</summary>
        public const int FirstAdc2Channel = 10;

        /// <summary>The last channel number nanoFramework's ESP32 ADC controller knows.</summary>
        public const int LastChannel = 19;

        private const int TemperatureSensorChannel = 8;
        private const int HallSensorChannel = 9;

        // ADC1 channel n is on this GPIO.
        private static readonly int[] s_adc1Gpio = { 36, 37, 38, 39, 32, 33, 34, 35 };

        // ADC2 channel 10 + n is on this GPIO.
        private static readonly int[] s_adc2Gpio = { 4, 0, 2, 15, 13, 12, 14, 27, 25, 26 };

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
        /// Why <paramref name="channel"/> cannot carry a pulse sensor on an ESP32 with Wi-Fi on (an ADC2 channel, an
        /// internal sensor or a number the ESP32 does not have), with the channels to use instead; null when it can.
        /// </summary>
        public static string? ProblemWithWifiOn(long channel)
        {
            string what;
            if (channel >= FirstAdc2Channel && channel <= LastChannel)
            {
                what = "ADC channel " + channel.ToString() + " (GPIO" + ToGpio((int)channel).ToString()
                    + ") belongs to the ESP32's ADC2, which cannot be read while Wi-Fi is on.";
            }
            else if (channel == TemperatureSensorChannel || channel == HallSensorChannel)
            {
                what = "ADC channel " + channel.ToString() + " is the ESP32's internal "
                    + (channel == TemperatureSensorChannel ? "temperature" : "Hall") + " sensor, not a pin.";
            }
            else if (channel < 0 || channel > LastChannel)
            {
                what = "The ESP32 has no ADC channel " + channel.ToString() + ".";
            }
            else
            {
                return null;
            }

            return what + " Wire the pulse sensor to an ADC1 pin; allowed: " + Adc1Channels() + ".";
        }

        /// <summary>Throws <see cref="ArgumentException"/> with <see cref="ProblemWithWifiOn"/>'s message when <paramref name="channel"/> cannot be used.</summary>
        public static void CheckUsableWithWifi(int channel)
        {
            string? problem = ProblemWithWifiOn(channel);
            if (problem != null)
            {
                throw new ArgumentException(problem, nameof(channel));
            }
        }

        // "channels 0-7 (GPIO36, 37, 38, 39, 32, 33, 34, 35)", from the table, so the message cannot differ from the rule.
        private static string Adc1Channels()
        {
            string text = "channels 0-" + (s_adc1Gpio.Length - 1).ToString() + " (GPIO";
            for (int i = 0; i < s_adc1Gpio.Length; i++)
            {
                text += (i == 0 ? "" : ", ") + s_adc1Gpio[i].ToString();
            }

            return text + ")";
        }
    }
}
