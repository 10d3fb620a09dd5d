using System;

namespace HeartRateStreamer.Sampling
{
    /// <summary>What went wrong with the sensor, and when the sampler will try again.</summary>
    public class SensorErrorEventArgs : EventArgs
    {
        /// <summary>Creates the event data.</summary>
        public SensorErrorEventArgs(Exception error, int errorCount, int consecutiveFailureCount, int retryDelayMilliseconds, bool startsAFault)
        {
            Error = error;
            ErrorCount = errorCount;
            ConsecutiveFailureCount = consecutiveFailureCount;
            RetryDelayMilliseconds = retryDelayMilliseconds;
            StartsAFault = startsAFault;
        }

        /// <summary>The exception the sensor threw; its message says what happened.</summary>
        public Exception Error { get; }

        /// <summary>Sensor errors since the sampler was created, this one included.</summary>
        public int ErrorCount { get; }

        /// <summary>Failures since the last successful read, this one included; it sets the back-off.</summary>
        public int ConsecutiveFailureCount { get; }

        /// <summary>How long the sampler waits before it re-initialises the sensor.</summary>
        public int RetryDelayMilliseconds { get; }

        /// <summary>
        /// True for the first failure, and for one that comes <see cref="FixedRateSampler.FaultGapMilliseconds"/> or more
        /// after the one before: failures closer together are one fault (a loose supply wire resets the chip every few
        /// seconds, and each time it works again for a while), whose cause is worth saying once, not at every one.
        /// </summary>
        public bool StartsAFault { get; }
    }
}
