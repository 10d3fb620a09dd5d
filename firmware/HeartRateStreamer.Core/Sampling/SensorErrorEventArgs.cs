using System;

namespace HeartRateStreamer.Sampling
{
    /// <summary>What went wrong with the sensor, and when the sampler will try again.</summary>
    public class SensorErrorEventArgs : EventArgs
    {
        /// <summary>Creates the event data.</summary>
        public SensorErrorEventArgs(Exception error, int errorCount, int consecutiveFailureCount, int retryDelayMilliseconds)
        {
            Error = error;
            ErrorCount = errorCount;
            ConsecutiveFailureCount = consecutiveFailureCount;
            RetryDelayMilliseconds = retryDelayMilliseconds;
        }

        /// <summary>The exception the sensor threw; its message says what happened.</summary>
        public Exception Error { get; }

        /// <summary>Sensor errors since the sampler was created, this one included.</summary>
        public int ErrorCount { get; }

        /// <summary>Failures since the last successful read, this one included; it sets the back-off.</summary>
        public int ConsecutiveFailureCount { get; }

        /// <summary>How long the sampler waits before it re-initialises the sensor.</summary>
        public int RetryDelayMilliseconds { get; }
    }
}
