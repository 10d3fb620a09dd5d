using nanoFramework.Hardware.Esp32;
using Esp32Configuration = nanoFramework.Hardware.Esp32.Configuration;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// Routes the ESP32's I2C1 to the pins the MAX30102 is wired to. The firmware's default I2C1 pins are GPIO18/19;
    /// most boards and the nanoFramework samples use GPIO21 (SDA) and GPIO22 (SCL), and the pin matrix can route any
    /// output-capable GPIO, so this must run before the I2C device is opened.
    /// </summary>
    public static class Esp32Pins
    {
        /// <summary>Routes I2C1's SDA and SCL to <paramref name="dataGpio"/> and <paramref name="clockGpio"/>.</summary>
        public static void RouteI2c1(int dataGpio, int clockGpio)
        {
            // "Configuration" alone would mean the firmware core's HeartRateStreamer.Configuration namespace.
            Esp32Configuration.SetPinFunction(dataGpio, DeviceFunction.I2C1_DATA);
            Esp32Configuration.SetPinFunction(clockGpio, DeviceFunction.I2C1_CLOCK);
        }
    }
}
