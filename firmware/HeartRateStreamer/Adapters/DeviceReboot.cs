using System.Threading;
using nanoFramework.Runtime.Native;

namespace HeartRateStreamer.Adapters
{
    /// <summary>
    /// The reboots start-up decides on (not the watchdog's, which has <see cref="RebootAction"/>): say why, wait so
    /// the reason can be read in the log, then restart the board.
    /// </summary>
    public static class DeviceReboot
    {
        /// <summary>Logs <paramref name="reason"/>, waits <paramref name="delayMilliseconds"/>, reboots. Does not return.</summary>
        public static void After(int delayMilliseconds, string reason)
        {
            DeviceLog.Write("REBOOT in " + (delayMilliseconds / 1000).ToString() + " s: " + reason);
            Thread.Sleep(delayMilliseconds);
            Power.RebootDevice(RebootOption.NormalReboot);
        }
    }
}
