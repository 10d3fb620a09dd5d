namespace HeartRateStreamer.Ports
{
    /// <summary>A monotonic millisecond clock; time never goes backwards, whatever the wall clock does.</summary>
    public interface IClock
    {
        /// <summary>Milliseconds since an arbitrary fixed origin (boot on the device).</summary>
        long Milliseconds { get; }
    }
}
