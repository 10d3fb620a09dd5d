using System;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.Device
{
    /// <summary>
    /// Every reboot the device decides on, said in the log first: the watchdog's at once (<see cref="Reboot"/>), and the
    /// ones after a start-up that threw (<see cref="HeartRateDevice.Start"/>) or a connecting job that threw three times in
    /// a row, after a delay so the reason can be read (<see cref="After"/>). Start-up's steps and the network recovery never reboot. On a board the platform's reboot
    /// does not return; on a PC it ends the run, and <see cref="IsRequested"/> tells the device's threads to stop.
    /// </summary>
    public sealed class DeviceReboot : IRebootAction
    {
        private readonly IDevicePlatform _platform;
        private readonly DeviceLog _log;
        private readonly object _lock = new object();
        private string _reason = "";

        /// <summary>Reboots through <paramref name="platform"/>, logging to <paramref name="log"/>.</summary>
        public DeviceReboot(IDevicePlatform platform, DeviceLog log)
        {
            _platform = platform;
            _log = log;
        }

        /// <summary>True once a reboot has been asked for.</summary>
        public bool IsRequested => Reason.Length > 0;

        /// <summary>Why, or an empty string.</summary>
        public string Reason
        {
            get
            {
                lock (_lock)
                {
                    return _reason;
                }
            }
        }

        /// <summary>The watchdog's reboot: now.</summary>
        public void Reboot(string reason)
        {
            try
            {
                _log.Write("REBOOT now, watchdog: " + reason);
            }
            catch (Exception)
            {
                // The line cannot be built on an exhausted heap; the reboot still happens.
            }

            Restart(reason);
        }

        /// <summary>Logs <paramref name="reason"/>, waits <paramref name="delayMilliseconds"/> so it can be read, reboots.</summary>
        public void After(int delayMilliseconds, string reason)
        {
            try
            {
                _log.Write("REBOOT in " + (delayMilliseconds / 1000).ToString() + " s: " + reason);
            }
            catch (Exception)
            {
                // As in Reboot: the reboot does not depend on the line.
            }

            _platform.Threads.Sleep(delayMilliseconds);
            Restart(reason);
        }

        private void Restart(string reason)
        {
            lock (_lock)
            {
                if (_reason.Length > 0)
                {
                    return;
                }

                _reason = reason;
            }

            _platform.Reboot(reason);
        }
    }
}
