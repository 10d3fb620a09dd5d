namespace HeartRateStreamer.Status
{
    /// <summary>
    /// The blink pattern of each <see cref="DeviceStatus"/>, as alternating lit and dark spans in milliseconds that
    /// repeat: distinct enough to tell apart at a glance, and all of them blink, so a lit-solid or dark-solid LED always
    /// means the firmware has stopped. <see cref="DeviceStatus.Pulse"/> is the one pattern that follows the heart: a
    /// <see cref="BeatFlashMilliseconds"/> flash at each accepted beat. Pure: the LED thread asks with the clock's time.
    /// <list type="table">
    /// <item><term>Error</term><description>fast flicker, 100 ms lit, 100 ms dark</description></item>
    /// <item><term>Connecting</term><description>even 1 Hz blink, 500 / 500 ms</description></item>
    /// <item><term>Server unreachable</term><description>double flash each second: 100 lit, 150 dark, 100 lit, 650 dark</description></item>
    /// <item><term>No finger</term><description>short flash every 2 s: 100 lit, 1900 dark</description></item>
    /// <item><term>Pulse</term><description>a 100 ms flash at each beat (dark without beats: no reading)</description></item>
    /// </list>
    /// </summary>
    public static class StatusLedPattern
    {
        private static readonly int[] s_error = { 100, 100 };
        private static readonly int[] s_connecting = { 500, 500 };
        private static readonly int[] s_serverUnreachable = { 100, 150, 100, 650 };
        private static readonly int[] s_noFinger = { 100, 1900 };

        /// <summary>How long the LED is lit for each beat when it shows the pulse.</summary>
        public const int BeatFlashMilliseconds = 100;

        /// <summary>
        /// How often an LED thread redraws the pattern: every span and the beat's flash are whole multiples of it, so each
        /// is drawn to the tick, and a beat is shown at most this late.
        /// </summary>
        public const int TickMilliseconds = 50;

        /// <summary>
        /// True when the LED is lit at <paramref name="nowMilliseconds"/> for <paramref name="status"/>, the last beat having
        /// been seen at <paramref name="lastBeatMilliseconds"/> (for <see cref="DeviceStatus.Pulse"/>). Allocates nothing.
        /// </summary>
        public static bool IsLit(DeviceStatus status, long nowMilliseconds, long lastBeatMilliseconds)
        {
            if (status == DeviceStatus.Pulse)
            {
                long sinceBeat = nowMilliseconds - lastBeatMilliseconds;
                return sinceBeat >= 0 && sinceBeat < BeatFlashMilliseconds;
            }

            return IsLit(status, nowMilliseconds);
        }

        /// <summary>True when the LED is lit at <paramref name="nowMilliseconds"/> for a repeating <paramref name="status"/> (not Pulse).</summary>
        public static bool IsLit(DeviceStatus status, long nowMilliseconds)
        {
            int[] spans = SpansOf(status);
            long position = nowMilliseconds % PeriodMilliseconds(status);
            if (position < 0)
            {
                position = -position;
            }

            for (int i = 0; i < spans.Length; i++)
            {
                if (position < spans[i])
                {
                    // Even spans are lit, odd spans dark.
                    return (i & 1) == 0;
                }

                position -= spans[i];
            }

            return false;
        }

        /// <summary>How long one repetition of the pattern lasts.</summary>
        public static int PeriodMilliseconds(DeviceStatus status)
        {
            int[] spans = SpansOf(status);
            int period = 0;
            for (int i = 0; i < spans.Length; i++)
            {
                period += spans[i];
            }

            return period;
        }

        private static int[] SpansOf(DeviceStatus status)
        {
            switch (status)
            {
                case DeviceStatus.Error:
                    return s_error;
                case DeviceStatus.Connecting:
                    return s_connecting;
                case DeviceStatus.ServerUnreachable:
                    return s_serverUnreachable;
                default:
                    return s_noFinger;
            }
        }
    }
}
