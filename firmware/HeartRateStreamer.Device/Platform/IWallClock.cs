namespace HeartRateStreamer.Device.Platform
{
    /// <summary>The calendar clock, which SNTP sets once the network is up (a PC's is set from the start).</summary>
    public interface IWallClock
    {
        /// <summary>True once the clock holds the real date.</summary>
        bool IsSet { get; }

        /// <summary>Milliseconds since 1970-01-01T00:00:00Z now; meaningful only when <see cref="IsSet"/>.</summary>
        long UtcNowUnixMilliseconds { get; }

        /// <summary>
        /// Asks SNTP for the time (from <paramref name="server"/> when not empty) and waits up to
        /// <paramref name="timeoutMilliseconds"/> for the clock to be set. Returns <see cref="IsSet"/>.
        /// </summary>
        bool WaitUntilSet(string server, int timeoutMilliseconds);
    }
}
