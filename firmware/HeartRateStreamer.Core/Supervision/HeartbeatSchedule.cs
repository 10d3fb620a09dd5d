using System;

namespace HeartRateStreamer.Supervision
{
    /// <summary>
    /// When a stream must send the heartbeat: after a configurable silence, well inside the server's stale limit
    /// (Plotly closes a stream that sends nothing for a minute; its Python client advises a heartbeat past 30 s).
    /// </summary>
    public sealed class HeartbeatSchedule
    {
        /// <summary>The default silence before a heartbeat: 30 s, half the server's 60 s stale limit.</summary>
        public const int DefaultIntervalMilliseconds = 30000;

        /// <summary>The server's stale limit; a heartbeat interval must stay below it.</summary>
        public const int ServerStaleLimitMilliseconds = 60000;

        /// <summary>Creates a schedule with a heartbeat after <paramref name="intervalMilliseconds"/> of silence.</summary>
        public HeartbeatSchedule(int intervalMilliseconds)
        {
            if (intervalMilliseconds < 1 || intervalMilliseconds >= ServerStaleLimitMilliseconds)
            {
                throw new ArgumentOutOfRangeException(nameof(intervalMilliseconds), "The heartbeat interval must be between 1 ms and the server's 60 s stale limit; 30 s is the default.");
            }

            IntervalMilliseconds = intervalMilliseconds;
        }

        /// <summary>Silence after which a heartbeat is due.</summary>
        public int IntervalMilliseconds { get; }

        /// <summary>True when nothing has been written since <paramref name="lastWriteMilliseconds"/> for the whole interval.</summary>
        public bool IsDue(long nowMilliseconds, long lastWriteMilliseconds)
        {
            return nowMilliseconds - lastWriteMilliseconds >= IntervalMilliseconds;
        }
    }
}
