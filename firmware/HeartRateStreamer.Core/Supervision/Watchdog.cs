using System;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Supervision
{
    /// <summary>
    /// The supervisor's periodic check (the device's watchdog loop, every second): keeps every stream alive with
    /// heartbeats, and asks for a reboot, once, when a watched loop has stopped making progress. nanoFramework has no managed hardware
    /// watchdog and the ESP32's task watchdog is off in its firmware, so this is what restarts a hung device.
    /// </summary>
    public sealed class Watchdog
    {
        private const long MillisecondsPerDay = TimeSpan.TicksPerDay / TimeSpan.TicksPerMillisecond;

        private readonly LoopMonitor _loops;
        private readonly IHeartbeatSender[] _heartbeatSenders;
        private readonly IRebootAction _rebootAction;
        private readonly IClock? _clock;
        private readonly long _plannedRebootMilliseconds = long.MaxValue;
        private string _rebootReason = "";
        private int _heartbeatsSent;

        /// <summary>Creates the watchdog; nothing runs until <see cref="Tick"/> (the device's watchdog loop calls it every second).</summary>
        public Watchdog(LoopMonitor loops, IHeartbeatSender[] heartbeatSenders, IRebootAction rebootAction)
        {
            _loops = loops ?? throw new ArgumentNullException(nameof(loops), "Pass the loop monitor the loops report to.");
            _heartbeatSenders = heartbeatSenders ?? throw new ArgumentNullException(nameof(heartbeatSenders), "Pass the streams to keep alive (an empty array for none).");
            _rebootAction = rebootAction ?? throw new ArgumentNullException(nameof(rebootAction), "Pass the action that reboots the device.");
        }

        /// <summary>
        /// A watchdog that also restarts the device once <paramref name="clock"/> reads <paramref name="plannedRebootMilliseconds"/>:
        /// ahead of a monotonic clock that wraps (the ESP32's), after which every sleep would wait for the clock to come
        /// round again and the device would stop for good, its watchdog included.
        /// </summary>
        public Watchdog(LoopMonitor loops, IHeartbeatSender[] heartbeatSenders, IRebootAction rebootAction, IClock clock, long plannedRebootMilliseconds)
            : this(loops, heartbeatSenders, rebootAction)
        {
            _clock = clock ?? throw new ArgumentNullException(nameof(clock), "Pass the clock the planned reboot is timed by.");
            _plannedRebootMilliseconds = plannedRebootMilliseconds;
        }

        /// <summary>
        /// When to plan the reboot ahead of a clock that wraps at <paramref name="clockWrapMilliseconds"/> (497 days on the
        /// ESP32): a day before, so it costs seconds of measuring once in sixteen months, where the wrap would stop the
        /// device until someone power-cycled it. A clock that never wraps (<see cref="long.MaxValue"/>) plans none.
        /// </summary>
        public static long PlannedRebootBefore(long clockWrapMilliseconds)
        {
            return clockWrapMilliseconds == long.MaxValue ? long.MaxValue : clockWrapMilliseconds - MillisecondsPerDay;
        }

        /// <summary>True once a reboot has been asked for.</summary>
        public bool RebootRequested => _rebootReason.Length > 0;

        /// <summary>Why the reboot was asked for, or an empty string.</summary>
        public string RebootReason => _rebootReason;

        /// <summary>Heartbeats the watchdog has written.</summary>
        public int HeartbeatsSent => _heartbeatsSent;

        /// <summary>One check: stalled loops first (a reboot must not wait behind a slow send), then heartbeats.</summary>
        public void Tick()
        {
            int stalled = _loops.FindStalledLoop();
            if (stalled >= 0 && !RebootRequested)
            {
                RequestReboot(stalled);
            }

            if (_clock != null && !RebootRequested && _clock.Milliseconds >= _plannedRebootMilliseconds)
            {
                RequestPlannedReboot();
            }

            if (RebootRequested)
            {
                // The device is going down; a heartbeat could wait on the very stream that stalled.
                return;
            }

            for (int i = 0; i < _heartbeatSenders.Length; i++)
            {
                if (_heartbeatSenders[i].SendHeartbeatIfDue())
                {
                    _heartbeatsSent++;
                }
            }
        }

        private void RequestPlannedReboot()
        {
            _rebootReason = "planned after " + (_plannedRebootMilliseconds / MillisecondsPerDay).ToString()
                + " days running: the board's clock wraps soon, which would stop every thread for good";
            _rebootAction.Reboot(_rebootReason);
        }

        // Once in the device's life (it reboots), so it may build its message; kept out of Tick's steady state.
        private void RequestReboot(int stalledLoop)
        {
            _rebootReason = "the " + _loops.GetName(stalledLoop) + " loop made no progress for "
                + _loops.GetMillisecondsWithoutProgress(stalledLoop).ToString() + " ms";
            _rebootAction.Reboot(_rebootReason);
        }
    }
}
