using System;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Simulation
{
    /// <summary>
    /// A monotonic clock that moves only when told to. Tests and simulations advance it, so a simulated minute
    /// takes no real time and every run sees the same timeline. Safe to read and advance from different threads.
    /// </summary>
    public class ManualClock : IClock
    {
        private readonly object _lock = new object();
        private long _milliseconds;

        /// <summary>Creates a clock that reads 0 ms.</summary>
        public ManualClock()
        {
        }

        /// <summary>Creates a clock that reads <paramref name="startMilliseconds"/> (0 or more).</summary>
        public ManualClock(long startMilliseconds)
        {
            if (startMilliseconds < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(startMilliseconds), "A clock starts at 0 ms or later; pass a non-negative start time.");
            }

            _milliseconds = startMilliseconds;
        }

        /// <inheritdoc />
        public long Milliseconds
        {
            get
            {
                lock (_lock)
                {
                    return _milliseconds;
                }
            }
        }

        /// <summary>Moves the clock forward by <paramref name="milliseconds"/> (0 or more) and returns the new time.</summary>
        public long Advance(long milliseconds)
        {
            if (milliseconds < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(milliseconds), "A monotonic clock cannot go backwards; pass 0 or more milliseconds.");
            }

            lock (_lock)
            {
                _milliseconds += milliseconds;
                return _milliseconds;
            }
        }

        /// <summary>Sets the clock to <paramref name="milliseconds"/>, which must not be earlier than the current time.</summary>
        public void Set(long milliseconds)
        {
            lock (_lock)
            {
                if (milliseconds < _milliseconds)
                {
                    throw new ArgumentOutOfRangeException(nameof(milliseconds), "A monotonic clock cannot go backwards; set a time at or after the current one.");
                }

                _milliseconds = milliseconds;
            }
        }
    }
}
