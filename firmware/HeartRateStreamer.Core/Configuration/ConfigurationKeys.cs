namespace HeartRateStreamer.Configuration
{
    /// <summary>
    /// The keys of the configuration file, as dotted paths into its JSON (<c>{"wifi": {"ssid": ...}}</c> is
    /// <c>wifi.ssid</c>). Messages about the file always name the key in this form, so a person can find it.
    /// </summary>
    public static class ConfigurationKeys
    {
        /// <summary>Network name. Optional: Wi-Fi credentials stored on the device are tried first.</summary>
        public const string WifiSsid = "wifi.ssid";

        /// <summary>Network password; empty for an open network.</summary>
        public const string WifiPassword = "wifi.password";

        /// <summary>How long one connection attempt may take.</summary>
        public const string WifiConnectTimeoutSeconds = "wifi.connectTimeoutSeconds";

        /// <summary>The stream server, e.g. http://192.168.1.20:8080. Required.</summary>
        public const string ServerUrl = "server.url";

        /// <summary>Stream token of the pulse waveform trace. Required.</summary>
        public const string ServerPulseToken = "server.pulseToken";

        /// <summary>Stream token of the heart-rate trace; empty: not streamed.</summary>
        public const string ServerHeartRateToken = "server.heartRateToken";

        /// <summary>Stream token of the SpO2 trace; empty: not streamed.</summary>
        public const string ServerOxygenSaturationToken = "server.spo2Token";

        /// <summary>Stream token of the RMSSD trace (heart-rate variability); empty: not streamed.</summary>
        public const string ServerRmssdToken = "server.rmssdToken";

        /// <summary>Stream token of the SDNN trace (heart-rate variability); empty: not streamed.</summary>
        public const string ServerSdnnToken = "server.sdnnToken";

        /// <summary>Points each trace keeps (Plotly's maxpoints).</summary>
        public const string ServerMaxPoints = "server.maxPoints";

        /// <summary>Silence after which a stream sends a heartbeat.</summary>
        public const string ServerHeartbeatSeconds = "server.heartbeatSeconds";

        /// <summary>Account that creates the plot at boot (with <see cref="ServerApiKey"/>); empty: no plot creation.</summary>
        public const string ServerUser = "server.user";

        /// <summary>API key of <see cref="ServerUser"/>.</summary>
        public const string ServerApiKey = "server.apiKey";

        /// <summary>File name of the plot created at boot; a plot of that name is overwritten, so its link stays the same.</summary>
        public const string ServerPlotName = "server.plotName";

        /// <summary>"max30102" or "analog".</summary>
        public const string SensorType = "sensor.type";

        /// <summary>Samples per second taken from the sensor.</summary>
        public const string SensorSampleRateHertz = "sensor.sampleRateHertz";

        /// <summary>GPIO carrying I2C data (SDA).</summary>
        public const string SensorDataPin = "sensor.sdaPin";

        /// <summary>GPIO carrying the I2C clock (SCL).</summary>
        public const string SensorClockPin = "sensor.sclPin";

        /// <summary>Current of both MAX30102 LEDs.</summary>
        public const string SensorLedCurrentMicroamperes = "sensor.ledCurrentMicroamperes";

        /// <summary>ADC channel of the analog pulse sensor (ESP32 numbering, ADC1 only).</summary>
        public const string SensorAdcChannel = "sensor.adcChannel";

        /// <summary>GPIO of the status LED; -1 for none.</summary>
        public const string StatusLedPin = "statusLed.pin";

        /// <summary>True when the LED lights with the pin high.</summary>
        public const string StatusLedActiveHigh = "statusLed.activeHigh";

        /// <summary>SNTP server name; empty keeps the firmware's own servers.</summary>
        public const string TimeSntpServer = "time.sntpServer";

        /// <summary>How long start-up waits for the clock to be set.</summary>
        public const string TimeTimeoutSeconds = "time.timeoutSeconds";

        /// <summary>How long a loop may make no progress before the watchdog reboots.</summary>
        public const string SupervisionStallSeconds = "supervision.stallSeconds";

        /// <summary>Pause before a reboot the firmware decides on, so the log can be read.</summary>
        public const string SupervisionRebootDelaySeconds = "supervision.rebootDelaySeconds";

        /// <summary>How often the counters (points sent, dropped, resent) are logged.</summary>
        public const string SupervisionReportSeconds = "supervision.reportSeconds";

        /// <summary>The objects the keys are grouped in; a value in place of one of them is a mistake worth naming.</summary>
        public static readonly string[] Sections = { "wifi", "server", "sensor", "statusLed", "time", "supervision" };

        /// <summary>
        /// True when the value of <paramref name="key"/> is a secret that no message, log line or printed file may show:
        /// the Wi-Fi password, the API key and every stream token (any key of the server section ending in "Token", so
        /// a trace added later is a secret too). Letter case is ignored: "Wifi.Password" is not a key the firmware
        /// reads, but its value is still the password someone meant to give. The one rule for the firmware's reader,
        /// the PC tools' device.json reader and the flash tool's masking.
        /// </summary>
        public static bool IsSecret(string key)
        {
            if (key == null)
            {
                return false;
            }

            // As the device compares: only A-Z lowered (AsciiText), StartsWith and EndsWith ordinal (nanoFramework's are;
            // the PC processes run in invariant globalization mode, where .NET's are too: Directory.Build.props).
            string lower = AsciiText.ToLower(key);
            return lower == s_wifiPasswordLower || lower == s_serverApiKeyLower || (lower.StartsWith("server.") && lower.EndsWith("token"));
        }

        private static readonly string s_wifiPasswordLower = AsciiText.ToLower(WifiPassword);
        private static readonly string s_serverApiKeyLower = AsciiText.ToLower(ServerApiKey);

        /// <summary>Every key the firmware reads.</summary>
        public static readonly string[] All =
        {
            WifiSsid, WifiPassword, WifiConnectTimeoutSeconds,
            ServerUrl, ServerPulseToken, ServerHeartRateToken, ServerOxygenSaturationToken, ServerRmssdToken, ServerSdnnToken, ServerMaxPoints, ServerHeartbeatSeconds, ServerUser, ServerApiKey, ServerPlotName,
            SensorType, SensorSampleRateHertz, SensorDataPin, SensorClockPin, SensorLedCurrentMicroamperes, SensorAdcChannel,
            StatusLedPin, StatusLedActiveHigh,
            TimeSntpServer, TimeTimeoutSeconds,
            SupervisionStallSeconds, SupervisionRebootDelaySeconds, SupervisionReportSeconds,
        };
    }
}
