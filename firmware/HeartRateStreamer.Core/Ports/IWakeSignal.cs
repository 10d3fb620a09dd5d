namespace HeartRateStreamer.Ports
{
    /// <summary>
    /// Wakes a loop that waits for work: the sampler wakes the estimator when samples are in the ring buffer, a stream
    /// wakes its own loop when a point is appended. A loop then sleeps until there is something to do instead of looking
    /// every few milliseconds, which on the interpreter costs more than the work itself. Setting it must not allocate.
    /// </summary>
    public interface IWakeSignal
    {
        /// <summary>Wakes the loop now, or at the end of its current pass if it is running.</summary>
        void Set();
    }
}
