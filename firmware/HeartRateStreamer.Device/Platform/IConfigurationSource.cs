using HeartRateStreamer.Configuration;
using HeartRateStreamer.Startup;

namespace HeartRateStreamer.Device.Platform
{
    /// <summary>Where the device's configuration comes from: the device.json the flash tool deploys, read into a <see cref="ConfigurationReader"/>.</summary>
    public interface IConfigurationSource
    {
        /// <summary>Where the file is, for messages.</summary>
        string Path { get; }

        /// <summary>
        /// Reads and validates the configuration. Returns the finished reader (its problems, fatal or not, are for the
        /// caller to log), or null when there is nothing to read: then <paramref name="failure"/> and
        /// <paramref name="reason"/> say why.
        /// </summary>
        ConfigurationReader? Read(out StartupFailure failure, out string reason);
    }
}
