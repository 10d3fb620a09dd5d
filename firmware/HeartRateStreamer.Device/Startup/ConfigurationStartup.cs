using HeartRateStreamer.Configuration;
using HeartRateStreamer.Device.Platform;
using HeartRateStreamer.Startup;
using HeartRateStreamer.Status;

namespace HeartRateStreamer.Device.Startup
{
    /// <summary>
    /// The board's first step: read the configuration until it is usable. Only a person can fix a missing or broken
    /// file (by deploying a corrected one), so it is read again and again, each problem logged with the advice of
    /// <see cref="StartupPolicy"/>, while the default status LED shows the error pattern. A PC reads once instead and
    /// stops with the same messages.
    /// </summary>
    public static class ConfigurationStartup
    {
        /// <summary>Reads <paramref name="source"/> until it gives settings without fatal problems, and returns them.</summary>
        public static DeviceSettings ReadUntilUsable(IConfigurationSource source, IDevicePlatform platform)
        {
            var log = new DeviceLog(platform.Clock, platform.LogOutput);
            var policy = new StartupPolicy(platform.Clock, false);
            IStatusLed? errorLed = null;
            while (true)
            {
                string reason;
                StartupFailure failure;
                ConfigurationReader? reader = Read(source, log, out failure, out reason);
                if (reader != null && !reader.HasFatalProblem)
                {
                    if (errorLed != null)
                    {
                        errorLed.Dispose();
                    }

                    return reader.Settings;
                }

                StartupDecision decision = policy.Decide(failure);
                log.Write("Configuration: " + reason + "; " + decision.ToString());
                if (errorLed == null)
                {
                    // Show the error on the LED the file names, or on the default one when there is no file to ask.
                    errorLed = TryOpenLed(reader != null ? reader.Settings : new DeviceSettings(), platform, log);
                }

                ShowErrorWhileWaiting(errorLed, platform, decision.DelayMilliseconds);
            }
        }

        /// <summary>
        /// Reads <paramref name="source"/> once and logs every problem. Returns the reader, or null with
        /// <paramref name="failure"/> and <paramref name="reason"/> saying why when the file is missing, unreadable or has a fatal problem.
        /// </summary>
        public static ConfigurationReader? Read(IConfigurationSource source, DeviceLog log, out StartupFailure failure, out string reason)
        {
            log.Write("Configuration: reading " + source.Path);
            ConfigurationReader? reader = source.Read(out failure, out reason);
            if (reader == null)
            {
                return null;
            }

            for (int i = 0; i < reader.ProblemCount; i++)
            {
                log.Write("Configuration: " + reader.GetProblem(i).ToString());
            }

            if (reader.HasFatalProblem)
            {
                failure = StartupFailure.ConfigurationUnusable;
                reason = "the file lacks what the device cannot run without (the ERROR lines above)";
            }

            return reader;
        }

        private static IStatusLed? TryOpenLed(DeviceSettings settings, IDevicePlatform platform, DeviceLog log)
        {
            if (settings.StatusLedPin < 0)
            {
                return null;
            }

            try
            {
                return platform.OpenStatusLed(settings.StatusLedPin, settings.StatusLedActiveHigh);
            }
            catch (System.Exception e)
            {
                log.Write("Status LED: GPIO" + settings.StatusLedPin.ToString() + " cannot be opened: " + e.Message);
                return null;
            }
        }

        private static void ShowErrorWhileWaiting(IStatusLed? led, IDevicePlatform platform, int milliseconds)
        {
            if (led == null)
            {
                platform.Threads.Sleep(milliseconds);
                return;
            }

            long end = platform.Clock.Milliseconds + milliseconds;
            long now;
            while ((now = platform.Clock.Milliseconds) < end)
            {
                led.Show(StatusLedPattern.IsLit(DeviceStatus.Error, now));
                platform.Threads.Sleep(StatusLedPattern.TickMilliseconds);
            }
        }
    }
}
