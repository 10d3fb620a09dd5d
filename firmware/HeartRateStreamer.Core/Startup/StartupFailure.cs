namespace HeartRateStreamer.Startup
{
    /// <summary>What went wrong during start-up; <see cref="StartupPolicy"/> decides what to do about it.</summary>
    public enum StartupFailure
    {
        /// <summary>There is no configuration file on the device.</summary>
        ConfigurationMissing = 0,

        /// <summary>The configuration file cannot be read, is not JSON, or lacks the server or pulse token.</summary>
        ConfigurationUnusable = 1,

        /// <summary>Neither the device's stored credentials nor the configuration name a Wi-Fi network.</summary>
        NoWifiCredentials = 2,

        /// <summary>A connection attempt timed out or failed.</summary>
        WifiNotConnected = 3,

        /// <summary>The clock was not set by SNTP in time.</summary>
        TimeNotSynchronized = 4,

        /// <summary>The sensor did not answer or reported an error.</summary>
        SensorNotAnswering = 5,

        /// <summary>The stream server could not be reached.</summary>
        ServerUnreachable = 6,

        /// <summary>The stream server does not know a stream token (HTTP 404).</summary>
        ServerRejectedToken = 7,
    }
}
