using System;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Esp32;
using HeartRateStreamer.Tests.Drivers;
using nanoFramework.TestFramework;

namespace HeartRateStreamer.Tests.Esp32
{
    /// <summary>The ESP32's ADC channels: which GPIO each is on, and the ADC1-only rule with Wi-Fi on, in one message for every caller.</summary>
    [TestClass]
    public class Esp32AdcChannelsTests
    {
        [DataRow(0, 36)]
        [DataRow(3, 39)]
        [DataRow(4, 32)]
        [DataRow(6, 34)]
        [DataRow(7, 35)]
        public static void Adc1ChannelsAreAcceptedWithWifiOn(int channel, int gpio)
        {
            Esp32AdcChannels.CheckUsableWithWifi(channel);

            Assert.IsNull(Esp32AdcChannels.ProblemWithWifiOn(channel));
            Assert.AreEqual(gpio, Esp32AdcChannels.ToGpio(channel));
        }

        [DataRow(10, 4)]
        [DataRow(11, 0)]
        [DataRow(13, 15)]
        [DataRow(17, 27)]
        [DataRow(19, 26)]
        public static void Adc2ChannelsAreRefusedBecauseWifiUsesAdc2(int channel, int gpio)
        {
            Exception thrown = Expect.Throws(typeof(ArgumentException), () => Esp32AdcChannels.CheckUsableWithWifi(channel));

            Expect.MessageContains(thrown, "channel " + channel.ToString(), "GPIO" + gpio.ToString(), "ADC2", "Wi-Fi",
                "Wire the pulse sensor to an ADC1 pin; allowed: channels 0-7 (GPIO36, 37, 38, 39, 32, 33, 34, 35).");
        }

        [DataRow(8, "internal temperature sensor")]
        [DataRow(9, "internal Hall sensor")]
        [DataRow(-1, "has no ADC channel -1")]
        [DataRow(20, "has no ADC channel 20")]
        public static void InternalSensorsAndUnknownChannelsAreRefused(int channel, string reason)
        {
            Exception thrown = Expect.Throws(typeof(ArgumentException), () => Esp32AdcChannels.CheckUsableWithWifi(channel));

            Expect.MessageContains(thrown, reason, "allowed: channels 0-7");
            Assert.AreEqual(-1, Esp32AdcChannels.ToGpio(channel));
        }

        [DataRow(12)]
        [DataRow(8)]
        [DataRow(20)]
        public static void TheConfigurationAndTheAdcAdapterRefuseAChannelInTheSameWords(int channel)
        {
            // The adapter on the board throws CheckUsableWithWifi's exception; the configuration warns and keeps the default.
            string rule = Esp32AdcChannels.ProblemWithWifiOn(channel)!;
            Exception thrown = Expect.Throws(typeof(ArgumentException), () => Esp32AdcChannels.CheckUsableWithWifi(channel));
            var reader = new ConfigurationReader();
            reader.Apply("sensor.adcChannel", channel);

            Assert.StartsWith(rule, thrown.Message);
            Assert.AreEqual(1, reader.ProblemCount);
            Assert.AreEqual(rule + " Using the default 6 (GPIO34).", reader.GetProblem(0).Message);
        }
    }
}
