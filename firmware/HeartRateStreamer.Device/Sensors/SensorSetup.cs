using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Esp32;
using HeartRateStreamer.Sampling;
using HeartRateStreamer.SignalProcessing;
using Iot.Device.Max30102;
using Iot.Device.PulseSensor;

namespace HeartRateStreamer.Device.Sensors
{
    /// <summary>
    /// The sensor the configuration names, on the platform's bus or ADC, read by the real driver; and the estimator
    /// settings that suit it. Creating the source touches no hardware: the sampler's first poll starts the sensor and
    /// retries it with back-off.
    /// </summary>
    public static class SensorSetup
    {
        /// <summary>The sample source for <paramref name="settings"/>.<c>Sensor</c>.</summary>
        public static ISampleSource CreateSampleSource(DeviceSettings settings, IDevicePlatform platform, DeviceLog log)
        {
            if (settings.Sensor == SensorKind.Analog)
            {
                log.Write("Sensor: analog pulse sensor on ADC channel " + settings.AdcChannel.ToString()
                    + " (GPIO" + Esp32AdcChannels.ToGpio(settings.AdcChannel).ToString() + ")");
                return new PulseSensorSampleSource(new PulseSensor(platform.OpenAnalogInput(settings.AdcChannel)), settings.SampleRateHertz);
            }

            log.Write("Sensor: MAX30102 at 0x" + Max30102.DefaultI2cAddress.ToString("X2") + " on I2C1, SDA GPIO"
                + settings.DataPin.ToString() + ", SCL GPIO" + settings.ClockPin.ToString());
            var bus = platform.OpenI2cBus(settings.DataPin, settings.ClockPin, Max30102.DefaultI2cAddress);
            var sensorSettings = new Max30102Settings();
            sensorSettings.SampleRate = ToSampleRate(settings.SampleRateHertz);
            sensorSettings.RedLedCurrentMicroamperes = settings.LedCurrentMicroamperes;
            sensorSettings.InfraredLedCurrentMicroamperes = settings.LedCurrentMicroamperes;
            try
            {
                return new Max30102SampleSource(bus, sensorSettings);
            }
            catch (System.ArgumentException e)
            {
                log.Write("Sensor: " + e.Message + " Using the MAX30102 defaults.");
                return new Max30102SampleSource(bus, new Max30102Settings());
            }
        }

        /// <summary>True when the sensor has a red channel besides the infrared one, so SpO2 can be measured.</summary>
        public static bool HasRedChannel(DeviceSettings settings)
        {
            return settings.Sensor == SensorKind.Max30102;
        }

        /// <summary>The estimator settings for the configured sensor.</summary>
        public static PulseEstimatorSettings CreateEstimatorSettings(SensorKind sensor)
        {
            var estimator = new PulseEstimatorSettings();
            if (sensor == SensorKind.Analog)
            {
                // The PulseSensor's amplifier output rises with each beat, and its level says nothing about a finger.
                estimator.PulseRaisesSignal = true;
                estimator.FingerOnLevel = float.MinValue;
                estimator.FingerOffLevel = float.MinValue;
                estimator.SaturationLevel = PulseSensor.DefaultFullScale;
            }

            return estimator;
        }

        // The configuration allows 50, 100, 200 and 400 samples/s for the MAX30102 (datasheet Table 11 with 411 µs pulses).
        private static SampleRate ToSampleRate(int samplesPerSecond)
        {
            switch (samplesPerSecond)
            {
                case 50:
                    return SampleRate.SamplesPerSecond50;
                case 200:
                    return SampleRate.SamplesPerSecond200;
                case 400:
                    return SampleRate.SamplesPerSecond400;
                default:
                    return SampleRate.SamplesPerSecond100;
            }
        }
    }
}
