namespace HeartRateStreamer.Configuration
{
    /// <summary>One thing wrong with the configuration file: which key, what was wrong, what the device does about it, and
    /// whether the device can run anyway.</summary>
    public sealed class ConfigurationProblem
    {
        /// <summary>Creates a problem report; <paramref name="consequence"/> may be empty.</summary>
        public ConfigurationProblem(string key, string problem, string consequence, bool isFatal)
        {
            Key = key;
            Problem = problem;
            Consequence = consequence;
            IsFatal = isFatal;
        }

        /// <summary>The dotted key, e.g. <c>sensor.adcChannel</c>.</summary>
        public string Key { get; }

        /// <summary>What was wrong and the allowed values, e.g. "70 is out of range; allowed: 1 to 59.".</summary>
        public string Problem { get; }

        /// <summary>What the device does about it, e.g. "Using the default 30.", "Heart rate is not streamed.", or empty.
        /// Apart from <see cref="Problem"/> because a command that refuses bad input (the virtual device's options) does
        /// none of it.</summary>
        public string Consequence { get; }

        /// <summary>The problem and what the device does about it.</summary>
        public string Message
        {
            get { return Consequence.Length == 0 ? Problem : Problem + " " + Consequence; }
        }

        /// <summary>True when the device cannot stream without a corrected file; false when it runs on a default.</summary>
        public bool IsFatal { get; }

        /// <summary>The line to log: "ERROR key: message" or "WARNING key: message".</summary>
        public override string ToString()
        {
            return (IsFatal ? "ERROR " : "WARNING ") + Key + ": " + Message;
        }
    }
}
