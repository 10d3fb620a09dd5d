using System.Threading;
using HeartRateStreamer.Adapters;
using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device;
using HeartRateStreamer.Device.Startup;

namespace HeartRateStreamer
{
    /// <summary>
    /// Power on: read the configuration, build the ESP32 platform, run the device. Everything the device does, and
    /// every decision about failures (a start-up that throws among them), is <see cref="HeartRateDevice"/>'s, the same
    /// composition the virtual device runs.
    /// </summary>
    public static class Program
    {
        // Held for the device's lifetime, so nothing it owns can be collected.
        private static HeartRateDevice? s_device;

        public static void Main()
        {
            var platform = new Esp32Platform();
            DeviceSettings settings = ConfigurationStartup.ReadUntilUsable(new JsonConfigurationFile(ConfigurationFile.BoardPath), platform);
            s_device = new HeartRateDevice(settings, platform);
            s_device.Start();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
