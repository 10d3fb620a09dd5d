using HeartRateStreamer.Supervision;
using nanoFramework.Runtime.Native;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// Reboots the board when the watchdog finds a stalled loop: nanoFramework has no managed hardware watchdog,
    /// and the ESP32 firmware leaves the task watchdog off, so this is the device's only way out of a hang.
    /// </summary>
    public sealed class RebootAction : IRebootAction
    {
        /// <inheritdoc />
        public void Reboot(string reason)
        {
            DeviceLog.Write("REBOOT now, watchdog: " + reason);
            Power.RebootDevice(RebootOption.NormalReboot);
        }
    }
}
