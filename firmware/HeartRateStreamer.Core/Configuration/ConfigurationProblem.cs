namespace HeartRateStreamer.Configuration
{
    /// <summary>One thing wrong with the configuration file: which key, what was wrong, and whether the device can run anyway.</summary>
    public sealed class ConfigurationProblem
    {
        /// <summary>Creates a problem report.</summary>
        public ConfigurationProblem(string key, string message, bool isFatal)
        {
            Key = key;
            Message = message;
            IsFatal = isFatal;
        }

        /// <summary>The dotted key, e.g. <c>sensor.adcChannel</c>.</summary>
        public string Key { get; }

        /// <summary>What was wrong, the allowed values, and what the device does instead.</summary>
        public string Message { get; }

        /// <summary>True when the device cannot stream without a corrected file; false when it runs on a default.</summary>
        public bool IsFatal { get; }

        /// <summary>The line to log: "ERROR key: message" or "WARNING key: message".</summary>
        public override string ToString()
        {
            return (IsFatal ? "ERROR " : "WARNING ") + Key + ": " + Message;
        }
    }
}
