using HeartRateStreamer.Streaming;
using HeartRateStreamer.Supervision;

namespace HeartRateStreamer.Configuration
{
    /// <summary>
    /// Everything the firmware needs to know about its board, network and server, as read from the configuration
    /// file by <see cref="ConfigurationReader"/>. Every value has a default except the Wi-Fi credentials (which may
    /// already be stored on the device) and the server with its pulse token (which no default could guess).
    /// </summary>
    public sealed class DeviceSettings
    {
        /// <summary>Default of <c>wifi.connectTimeoutSeconds</c>: the nanoFramework samples give a connection a minute.</summary>
        public const int DefaultWifiConnectTimeoutSeconds = 60;

        /// <summary>Default of <c>server.maxPoints</c>: Plotly's own default for a stream's maxpoints.</summary>
        public const int DefaultMaxPoints = 500;

        /// <summary>Default of <c>server.heartbeatSeconds</c>: the streams' own default, <see cref="HeartbeatSchedule.DefaultIntervalMilliseconds"/>.</summary>
        public const int DefaultHeartbeatSeconds = HeartbeatSchedule.DefaultIntervalMilliseconds / 1000;

        /// <summary>Default of <c>server.plotName</c>.</summary>
        public const string DefaultPlotName = "heart-rate";

        /// <summary>Default of <c>sensor.sampleRateHertz</c>: 100 samples/s resolves a beat to 10 ms for either sensor.</summary>
        public const int DefaultSampleRateHertz = 100;

        /// <summary>Default of <c>sensor.sdaPin</c>: GPIO21, the SDA pin printed on most ESP32 DevKit boards.</summary>
        public const int DefaultDataPin = 21;

        /// <summary>Default of <c>sensor.sclPin</c>: GPIO22, the SCL pin printed on most ESP32 DevKit boards.</summary>
        public const int DefaultClockPin = 22;

        /// <summary>Default of <c>sensor.ledCurrentMicroamperes</c>: about 7 mA, enough through a fingertip without saturating.</summary>
        public const int DefaultLedCurrentMicroamperes = 7000;

        /// <summary>Default of <c>sensor.adcChannel</c>: channel 6, GPIO34, an input-only ADC1 pin.</summary>
        public const int DefaultAdcChannel = 6;

        /// <summary>Default of <c>statusLed.pin</c>: GPIO2, the on-board LED of ESP32 DevKit boards.</summary>
        public const int DefaultStatusLedPin = 2;

        /// <summary>Default of <c>time.timeoutSeconds</c>.</summary>
        public const int DefaultTimeTimeoutSeconds = 30;

        /// <summary>
        /// Default of <c>supervision.stallSeconds</c>: longer than the slowest blocking call a healthy loop makes
        /// (a TCP connect to an unreachable host plus a TLS handshake on the ESP32 take tens of seconds).
        /// </summary>
        public const int DefaultStallSeconds = 120;

        /// <summary>Default of <c>supervision.rebootDelaySeconds</c>: long enough to read why in the log.</summary>
        public const int DefaultRebootDelaySeconds = 15;

        /// <summary>Default of <c>supervision.reportSeconds</c>.</summary>
        public const int DefaultReportSeconds = 60;

        /// <summary>Creates settings holding every default; the server is not set.</summary>
        public DeviceSettings()
        {
            WifiSsid = "";
            WifiPassword = "";
            WifiConnectTimeoutSeconds = DefaultWifiConnectTimeoutSeconds;
            ServerUrl = "";
            PulseToken = "";
            HeartRateToken = "";
            OxygenSaturationToken = "";
            RmssdToken = "";
            SdnnToken = "";
            MaxPoints = DefaultMaxPoints;
            HeartbeatSeconds = DefaultHeartbeatSeconds;
            PlotUser = "";
            PlotApiKey = "";
            PlotName = DefaultPlotName;
            Sensor = SensorKind.Max30102;
            SampleRateHertz = DefaultSampleRateHertz;
            DataPin = DefaultDataPin;
            ClockPin = DefaultClockPin;
            LedCurrentMicroamperes = DefaultLedCurrentMicroamperes;
            AdcChannel = DefaultAdcChannel;
            StatusLedPin = DefaultStatusLedPin;
            StatusLedActiveHigh = true;
            SntpServer = "";
            TimeTimeoutSeconds = DefaultTimeTimeoutSeconds;
            StallSeconds = DefaultStallSeconds;
            RebootDelaySeconds = DefaultRebootDelaySeconds;
            ReportSeconds = DefaultReportSeconds;
        }

        /// <summary><c>wifi.ssid</c>; empty when the file names no network.</summary>
        public string WifiSsid { get; internal set; }

        /// <summary><c>wifi.password</c>; empty for an open network.</summary>
        public string WifiPassword { get; internal set; }

        /// <summary>True when the file names a network to fall back on after the stored credentials.</summary>
        public bool HasWifiCredentials => WifiSsid.Length > 0;

        /// <summary><c>wifi.connectTimeoutSeconds</c>.</summary>
        public int WifiConnectTimeoutSeconds { get; internal set; }

        /// <summary><c>server.url</c> as written in the file.</summary>
        public string ServerUrl { get; internal set; }

        /// <summary>The parsed <c>server.url</c>; null until a valid one was read.</summary>
        public ServerAddress? Server { get; internal set; }

        /// <summary><c>server.pulseToken</c>.</summary>
        public string PulseToken { get; internal set; }

        /// <summary><c>server.heartRateToken</c>; empty: heart rate is not streamed.</summary>
        public string HeartRateToken { get; internal set; }

        /// <summary><c>server.spo2Token</c>; empty: SpO2 is not streamed.</summary>
        public string OxygenSaturationToken { get; internal set; }

        /// <summary><c>server.rmssdToken</c>; empty: RMSSD is not streamed.</summary>
        public string RmssdToken { get; internal set; }

        /// <summary><c>server.sdnnToken</c>; empty: SDNN is not streamed.</summary>
        public string SdnnToken { get; internal set; }

        /// <summary><c>server.maxPoints</c>.</summary>
        public int MaxPoints { get; internal set; }

        /// <summary>
        /// Lowers <see cref="MaxPoints"/> to <paramref name="maxPoints"/> (never raises it): the board keeps fewer points
        /// than configured when its memory cannot hold more (StreamMemory), and the plot it makes asks for as many.
        /// </summary>
        public void LimitMaxPoints(int maxPoints)
        {
            if (maxPoints >= 1 && maxPoints < MaxPoints)
            {
                MaxPoints = maxPoints;
            }
        }

        /// <summary><c>server.heartbeatSeconds</c>.</summary>
        public int HeartbeatSeconds { get; internal set; }

        /// <summary><c>server.user</c>; empty when the plot is not created at boot.</summary>
        public string PlotUser { get; internal set; }

        /// <summary><c>server.apiKey</c>.</summary>
        public string PlotApiKey { get; internal set; }

        /// <summary><c>server.plotName</c>.</summary>
        public string PlotName { get; internal set; }

        /// <summary>True when the file gives an account to create the plot with at boot.</summary>
        public bool CreatesPlot => PlotUser.Length > 0 && PlotApiKey.Length > 0;

        /// <summary><c>sensor.type</c>.</summary>
        public SensorKind Sensor { get; internal set; }

        /// <summary><c>sensor.sampleRateHertz</c>.</summary>
        public int SampleRateHertz { get; internal set; }

        /// <summary><c>sensor.sdaPin</c>: the GPIO that I2C1's data line is routed to.</summary>
        public int DataPin { get; internal set; }

        /// <summary><c>sensor.sclPin</c>.</summary>
        public int ClockPin { get; internal set; }

        /// <summary><c>sensor.ledCurrentMicroamperes</c>, for both LEDs.</summary>
        public int LedCurrentMicroamperes { get; internal set; }

        /// <summary><c>sensor.adcChannel</c>.</summary>
        public int AdcChannel { get; internal set; }

        /// <summary><c>statusLed.pin</c>; -1 when the board has no status LED.</summary>
        public int StatusLedPin { get; internal set; }

        /// <summary><c>statusLed.activeHigh</c>.</summary>
        public bool StatusLedActiveHigh { get; internal set; }

        /// <summary><c>time.sntpServer</c>; empty keeps the firmware's servers.</summary>
        public string SntpServer { get; internal set; }

        /// <summary><c>time.timeoutSeconds</c>.</summary>
        public int TimeTimeoutSeconds { get; internal set; }

        /// <summary><c>supervision.stallSeconds</c>.</summary>
        public int StallSeconds { get; internal set; }

        /// <summary><c>supervision.rebootDelaySeconds</c>.</summary>
        public int RebootDelaySeconds { get; internal set; }

        /// <summary><c>supervision.reportSeconds</c>.</summary>
        public int ReportSeconds { get; internal set; }
    }
}
