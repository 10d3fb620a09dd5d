namespace HeartRateStreamer.Configuration
{
    /// <summary>Where the configuration file lives on the board: the firmware reads it there, the flash tool writes it there.</summary>
    public static class ConfigurationFile
    {
        /// <summary>Drive I: is the ESP32's internal flash storage (nanoFramework's storage on ESP32).</summary>
        public const string BoardPath = "I:\\heartrate.json";
    }
}
