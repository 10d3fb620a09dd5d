using System;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Startup
{
    /// <summary>
    /// Decides what the firmware does when a start-up step fails: try again after a pause, or go on with less. It never
    /// reboots: the device measures from power-on whatever the network does, and a reboot would stop a monitor that
    /// works to retry what retrying already does (the reboots left are the watchdog's, for a hung loop, and the ones after a
    /// start-up, or connecting three times in a row, threw what no step handles, in HeartRateDevice). The rules:
    /// <list type="bullet">
    /// <item>Configuration missing or unusable, no Wi-Fi credentials: only a person can fix these (by deploying a
    /// corrected file), so the file is read again every <see cref="ConfigurationRetryMilliseconds"/>.</item>
    /// <item>Wi-Fi: retry with a pause doubling from <see cref="FirstWifiRetryMilliseconds"/> to <see cref="MaximumWifiRetryMilliseconds"/>,
    /// for as long as it takes; the advice says how long the network has been missing.</item>
    /// <item>Time: without TLS the device streams with milliseconds since boot until the clock is set, so it goes on;
    /// with TLS the certificate check needs the date, so it retries every <see cref="TimeRetryMilliseconds"/>.</item>
    /// <item>Sensor and server: the sampler and the streams retry on their own with back-off, so the device goes on.</item>
    /// </list>
    /// "Since the first failure" is measured with the monotonic clock, per step, and starts again after <see cref="Succeeded"/>.
    /// </summary>
    public sealed class StartupPolicy
    {
        /// <summary>Pause between readings of a missing or broken configuration file.</summary>
        public const int ConfigurationRetryMilliseconds = 10000;

        /// <summary>Pause after the first failed Wi-Fi attempt; it doubles with each further one.</summary>
        public const int FirstWifiRetryMilliseconds = 5000;

        /// <summary>The Wi-Fi pause stops doubling here.</summary>
        public const int MaximumWifiRetryMilliseconds = 60000;

        /// <summary>Pause between waits for the clock when TLS needs it.</summary>
        public const int TimeRetryMilliseconds = 15000;

        private const int StepCount = 5;

        private const string WifiAdvice = "Check wifi.ssid and wifi.password, that the access point is in range and offers 2.4 GHz (the ESP32 has no 5 GHz radio), and that it hands out addresses by DHCP.";

        /// <summary>What to check when the server cannot be reached (the streams' advice, and the plot's, whose line says what the streams do).</summary>
        public const string ServerAdvice = "Check server.url, that the stream server is running, and that no firewall blocks its port from the Wi-Fi network.";

        private const string TimeAdvice = "Check that the network lets UDP port 123 out to an NTP server (time.sntpServer).";

        private readonly IClock _clock;
        private readonly bool _clockIsRequired;
        private readonly long[] _firstFailureMilliseconds = new long[StepCount];
        private readonly int[] _failureCounts = new int[StepCount];

        /// <summary>Creates the policy; <paramref name="clockIsRequired"/> is true when the server is reached over TLS.</summary>
        public StartupPolicy(IClock clock, bool clockIsRequired)
        {
            _clock = clock ?? throw new ArgumentNullException(nameof(clock), "Pass the monotonic clock that measures how long a step has been failing.");
            _clockIsRequired = clockIsRequired;
        }

        /// <summary>Failures of <paramref name="step"/> since it last succeeded.</summary>
        public int FailureCount(StartupStep step)
        {
            return _failureCounts[(int)step];
        }

        /// <summary>The step a failure belongs to.</summary>
        public static StartupStep StepOf(StartupFailure failure)
        {
            switch (failure)
            {
                case StartupFailure.ConfigurationMissing:
                case StartupFailure.ConfigurationUnusable:
                    return StartupStep.Configuration;
                case StartupFailure.NoWifiCredentials:
                case StartupFailure.WifiNotConnected:
                    return StartupStep.Wifi;
                case StartupFailure.TimeNotSynchronized:
                    return StartupStep.Time;
                case StartupFailure.SensorNotAnswering:
                    return StartupStep.Sensor;
                default:
                    return StartupStep.Server;
            }
        }

        /// <summary>Records that <paramref name="step"/> worked: its failure count and timer start again.</summary>
        public void Succeeded(StartupStep step)
        {
            _failureCounts[(int)step] = 0;
        }

        /// <summary>Records a failure and returns what to do about it.</summary>
        public StartupDecision Decide(StartupFailure failure)
        {
            int step = (int)StepOf(failure);
            long now = _clock.Milliseconds;
            if (_failureCounts[step] == 0)
            {
                _firstFailureMilliseconds[step] = now;
            }

            _failureCounts[step]++;
            long failingForMilliseconds = now - _firstFailureMilliseconds[step];

            switch (failure)
            {
                case StartupFailure.ConfigurationMissing:
                    return new StartupDecision(StartupAction.Retry, ConfigurationRetryMilliseconds,
                        "There is no configuration file: write it from device.json with the flash tool (dotnet run --project tools/flash).");

                case StartupFailure.ConfigurationUnusable:
                    return new StartupDecision(StartupAction.Retry, ConfigurationRetryMilliseconds,
                        "Correct device.json as the lines above say (a key, or the JSON itself) and deploy it again with the flash tool.");

                case StartupFailure.NoWifiCredentials:
                    return new StartupDecision(StartupAction.Retry, ConfigurationRetryMilliseconds,
                        "No Wi-Fi network is stored on the device and the configuration names none: set wifi.ssid and wifi.password in device.json and flash again.");

                case StartupFailure.WifiNotConnected:
                    return new StartupDecision(StartupAction.Retry, WifiRetryDelay(_failureCounts[step]),
                        (failingForMilliseconds > 0 ? "No network for " + (failingForMilliseconds / 1000).ToString() + " s; the device measures meanwhile. " : "") + WifiAdvice);

                case StartupFailure.TimeNotSynchronized:
                    if (!_clockIsRequired)
                    {
                        return new StartupDecision(StartupAction.ContinueDegraded, 0,
                            "Points carry milliseconds since boot until the clock is set. Check that the network lets UDP port 123 out to an NTP server (time.sntpServer).");
                    }

                    return new StartupDecision(StartupAction.Retry, TimeRetryMilliseconds, "TLS needs the date to check the server's certificate. " + TimeAdvice);

                case StartupFailure.SensorNotAnswering:
                    return new StartupDecision(StartupAction.ContinueDegraded, 0,
                        "The sampler keeps re-initialising the sensor with back-off. Check its wiring (3.3 V, GND and the signal or SDA/SCL pins named in the configuration) and that sensor.type matches it.");

                case StartupFailure.ServerUnreachable:
                    return new StartupDecision(StartupAction.ContinueDegraded, 0,
                        "The streams keep reconnecting with back-off. " + ServerAdvice);

                default:
                    // StartupFailure.ServerRejectedToken: the stream keeps trying its token (the others go on), and with an
                    // account the device makes its plot again when the refusal lasts (DevicePlot in the Device project).
                    return new StartupDecision(StartupAction.ContinueDegraded, 0,
                        "That stream tries its token again with back-off (once a minute at most, once the back-off has grown); the others go on. "
                        + "With server.user and server.apiKey the device makes its plot again if the server keeps refusing; without them, check the "
                        + "server.*Token keys against the tokens of the plot on the server.");
            }
        }

        private static int WifiRetryDelay(int failureCount)
        {
            int delay = FirstWifiRetryMilliseconds;
            for (int i = 1; i < failureCount && delay < MaximumWifiRetryMilliseconds; i++)
            {
                delay *= 2;
            }

            return delay < MaximumWifiRetryMilliseconds ? delay : MaximumWifiRetryMilliseconds;
        }
    }
}
