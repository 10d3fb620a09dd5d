namespace HeartRateStreamer.Startup
{
    /// <summary>The steps of start-up that can fail, in the order <c>Program.Main</c> takes them.</summary>
    public enum StartupStep
    {
        /// <summary>Reading the configuration file from the device's internal storage.</summary>
        Configuration = 0,

        /// <summary>Joining the Wi-Fi network and getting an address.</summary>
        Wifi = 1,

        /// <summary>Getting the date and time by SNTP.</summary>
        Time = 2,

        /// <summary>Bringing up the pulse sensor.</summary>
        Sensor = 3,

        /// <summary>Reaching the stream server.</summary>
        Server = 4,
    }
}
