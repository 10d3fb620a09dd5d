namespace HeartRateStreamer.Startup
{
    /// <summary>What to do after a start-up step failed.</summary>
    public enum StartupAction
    {
        /// <summary>Wait <see cref="StartupDecision.DelayMilliseconds"/>, then try the step again.</summary>
        Retry = 0,

        /// <summary>Go on without the step: the device works with less (no wall-clock time, a sensor still being retried...).</summary>
        ContinueDegraded = 1,
    }
}
