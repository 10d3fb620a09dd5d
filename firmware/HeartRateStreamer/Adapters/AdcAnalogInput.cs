using System;
using System.Device.Adc;
using HeartRateStreamer.Esp32;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// The analog-input port on the ESP32: one channel of nanoFramework's <see cref="AdcController"/>. Only ADC1 channels
    /// (0-7) are accepted, because the ESP32 cannot read ADC2 while Wi-Fi runs; the check comes before the channel is opened.
    /// </summary>
    public sealed class AdcAnalogInput : IAnalogInput, IDisposable
    {
        private readonly AdcChannel _channel;
        private readonly int _maxValue;

        /// <summary>Opens ADC channel <paramref name="channelNumber"/> (nanoFramework's ESP32 numbering; 6 is GPIO34).</summary>
        /// <exception cref="ArgumentException">The channel is on ADC2, is an internal sensor or does not exist.</exception>
        public AdcAnalogInput(int channelNumber)
        {
            Esp32AdcChannels.CheckUsableWithWifi(channelNumber);
            var controller = new AdcController();
            _maxValue = controller.MaxValue;
            _channel = controller.OpenChannel(channelNumber);
        }

        /// <inheritdoc />
        public int MaxValue => _maxValue;

        /// <inheritdoc />
        public int Read()
        {
            return _channel.ReadValue();
        }

        /// <summary>Releases the ADC channel.</summary>
        public void Dispose()
        {
            _channel.Dispose();
        }
    }
}
