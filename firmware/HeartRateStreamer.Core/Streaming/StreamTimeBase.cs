namespace HeartRateStreamer.Streaming
{
    /// <summary>
    /// How the streams write a point's time. Points carry the monotonic clock's milliseconds (since boot on the
    /// device). Until the wall clock is known they are written as that number; once <see cref="SetUtcOrigin"/> has
    /// been told which UTC instant the monotonic clock's zero was, they are written as UTC date strings. Streams
    /// notice the change through the version and resend their whole window, so a plot never mixes the two.
    /// Shared by all streams and safe to set from any thread.
    /// </summary>
    public sealed class StreamTimeBase
    {
        /// <summary>
        /// The most one <see cref="SteerUtcOrigin"/> moves the origin. Points of a stream are at least 50 ms apart, so a
        /// step of 10 ms never puts a point before the one sent just before it; at one step per 2 s it follows any
        /// crystal (10-50 ppm is 1-4 s a day; 10 ms per 2 s is 5000 ppm) and works off a 1 s correction in under 4 minutes.
        /// </summary>
        public const int MaximumSteerMilliseconds = 10;

        private readonly object _lock = new object();
        private long _unixMillisecondsAtClockZero;
        private int _version;

        /// <summary>True once the UTC origin is set: times are written as UTC date strings.</summary>
        public bool IsUtc => GetOrigin(out _) > 0;

        /// <summary>
        /// Declares that monotonic time 0 was the UTC instant <paramref name="unixMillisecondsAtClockZero"/>
        /// (milliseconds since 1970-01-01T00:00:00Z), e.g. <c>utcNowUnixMilliseconds - clock.Milliseconds</c> once SNTP has set the clock.
        /// </summary>
        public void SetUtcOrigin(long unixMillisecondsAtClockZero)
        {
            lock (_lock)
            {
                _unixMillisecondsAtClockZero = unixMillisecondsAtClockZero;
                _version++;
            }
        }

        /// <summary>
        /// Follows the wall clock after <see cref="SetUtcOrigin"/>: the monotonic clock runs on the board's crystal, which
        /// SNTP does not correct, so an origin set once drifts from UTC by seconds a day, and a reboot would then put new
        /// points before the last ones. Moves the origin towards <paramref name="unixMillisecondsAtClockZero"/> by at most
        /// <see cref="MaximumSteerMilliseconds"/>, keeping its version (no window is resent), and returns how far it
        /// still is from it afterwards. Does nothing before the origin is set.
        /// </summary>
        public long SteerUtcOrigin(long unixMillisecondsAtClockZero)
        {
            lock (_lock)
            {
                if (_version == 0)
                {
                    return 0;
                }

                long step = unixMillisecondsAtClockZero - _unixMillisecondsAtClockZero;
                step = step > MaximumSteerMilliseconds ? MaximumSteerMilliseconds : step < -MaximumSteerMilliseconds ? -MaximumSteerMilliseconds : step;
                _unixMillisecondsAtClockZero += step;
                return unixMillisecondsAtClockZero - _unixMillisecondsAtClockZero;
            }
        }

        /// <summary>
        /// Reads the origin and its version together: 0 while times are plain milliseconds, then 1, 2... each time
        /// the origin is set, with the UTC instant of clock zero in <paramref name="unixMillisecondsAtClockZero"/>.
        /// </summary>
        public int GetOrigin(out long unixMillisecondsAtClockZero)
        {
            lock (_lock)
            {
                unixMillisecondsAtClockZero = _unixMillisecondsAtClockZero;
                return _version;
            }
        }

        /// <summary>
        /// Writes a point time as read with <see cref="GetOrigin"/>: a UTC date string for a version above 0,
        /// otherwise the milliseconds as a number.
        /// </summary>
        public static void WriteTime(JsonWriter writer, long clockMilliseconds, int version, long unixMillisecondsAtClockZero)
        {
            if (version > 0)
            {
                writer.WriteUtcTimestamp(unixMillisecondsAtClockZero + clockMilliseconds);
            }
            else
            {
                writer.WriteInteger(clockMilliseconds);
            }
        }
    }
}
