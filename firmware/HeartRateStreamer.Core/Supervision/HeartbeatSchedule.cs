using System;

namespace HeartRateStreamer.Supervision
{
    /// <summary>
    /// When a stream must send the heartbeat: after a configurable silence, well inside the server's stale limit
    /// (Plotly closes a stream that sends nothing for a minute; its Python client advises a heartbeat past 30 s).
    /// </summary>
    public sealed class HeartbeatSchedule
    {
        /// <summary>The server's stale limit; a heartbeat interval must stay below it.</summary>
        public const int ServerStaleLimitMilliseconds = 60000;

        /// <summary>The default silence before a heartbeat: 30 s, half the server's stale limit.</summary>
        public const int DefaultIntervalMilliseconds = ServerStaleLimitMilliseconds / 2;

        /// <summary>The shortest interval <c>server.heartbeatSeconds</c> may give, in whole seconds.</summary>
        public const int ShortestIntervalSeconds = 1;

        /// <summary>The longest interval <c>server.heartbeatSeconds</c> may give: the last whole second below the stale limit (59).</summary>
        public const int LongestIntervalSeconds = (ServerStaleLimitMilliseconds - 1) / 1000;

        /// <summary>Creates a schedule with a heartbeat after <paramref name="intervalMilliseconds"/> of silence.</summary>
        public HeartbeatSchedule(int intervalMilliseconds)
        {
            IntervalMilliseconds = CheckInterval(intervalMilliseconds);
        }

        /// <summary>Silence after which a heartbeat is due.</summary>
        public int IntervalMilliseconds { get; }

        /// <summary>
        /// Returns <paramref name="intervalMilliseconds"/> when it is at least 1 ms and below the server's stale limit;
        /// throws <see cref="ArgumentOutOfRangeException"/> saying so otherwise.
        /// </summary>
        public static int CheckInterval(int intervalMilliseconds)
        {
            if (intervalMilliseconds < 1 || intervalMilliseconds >= ServerStaleLimitMilliseconds)
            {
                throw new ArgumentOutOfRangeException(nameof(intervalMilliseconds), "The heartbeat interval must be from 1 to "
                    + (ServerStaleLimitMilliseconds - 1).ToString() + " ms, below the server's " + (ServerStaleLimitMilliseconds / 1000).ToString()
                    + " s stale limit; " + (DefaultIntervalMilliseconds / 1000).ToString() + " s is the default.");
            }

            return intervalMilliseconds;
        }

        /// <summary>True when nothing has been written since <paramref name="lastWriteMilliseconds"/> for the whole interval.</summary>
        public bool IsDue(long nowMilliseconds, long lastWriteMilliseconds)
        {
            return nowMilliseconds - lastWriteMilliseconds >= IntervalMilliseconds;
        }
    }
}
