using System;
using System.Threading;
using HeartRateStreamer.Ports;

namespace HeartRateStreamer.Supervision
{
    /// <summary>
    /// Watches the device's loops (sampling, streaming) for progress. Each loop calls <see cref="ReportProgress"/>
    /// once per pass from its own thread; the watchdog calls <see cref="FindStalledLoop"/> and reboots when a loop has
    /// reported nothing for longer than its limit. Preallocated: reporting progress is one interlocked increment.
    /// </summary>
    public sealed class LoopMonitor
    {
        private readonly IClock _clock;
        private readonly string[] _names;
        private readonly int[] _stallLimitsMilliseconds;
        private readonly int[] _progress;
        private readonly int[] _lastSeenProgress;
        private readonly long[] _lastProgressMilliseconds;
        private int _count;

        /// <summary>Creates a monitor for up to <paramref name="capacity"/> loops.</summary>
        public LoopMonitor(IClock clock, int capacity)
        {
            _clock = clock ?? throw new ArgumentNullException(nameof(clock), "Pass the monotonic clock the stall limits are measured with.");
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), "Watch at least one loop.");
            }

            _names = new string[capacity];
            _stallLimitsMilliseconds = new int[capacity];
            _progress = new int[capacity];
            _lastSeenProgress = new int[capacity];
            _lastProgressMilliseconds = new long[capacity];
        }

        /// <summary>Loops registered.</summary>
        public int Count => _count;

        /// <summary>Starts watching a loop; returns the id it passes to <see cref="ReportProgress"/>. Call at start-up.</summary>
        public int Register(string name, int stallLimitMilliseconds)
        {
            if (name == null || name.Length == 0)
            {
                throw new ArgumentException("Name the loop, e.g. \"sampling\", so a reboot can say which one stalled.", nameof(name));
            }

            if (stallLimitMilliseconds < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(stallLimitMilliseconds), "A stall limit must be at least 1 ms.");
            }

            if (_count == _names.Length)
            {
                throw new InvalidOperationException("The loop monitor is full (" + _names.Length.ToString() + " loops); create it with a larger capacity.");
            }

            int id = _count;
            _names[id] = name;
            _stallLimitsMilliseconds[id] = stallLimitMilliseconds;
            _lastProgressMilliseconds[id] = _clock.Milliseconds;
            _count++;
            return id;
        }

        /// <summary>Records one pass of loop <paramref name="loopId"/>. Safe from any thread; never allocates.</summary>
        public void ReportProgress(int loopId)
        {
            Interlocked.Increment(ref _progress[loopId]);
        }

        /// <summary>
        /// Looks at every loop's progress since the last look; returns the id of a loop that has made none for longer
        /// than its limit, or -1 when all are alive. Call from one thread (the watchdog's).
        /// </summary>
        public int FindStalledLoop()
        {
            long now = _clock.Milliseconds;
            int stalled = -1;
            for (int i = 0; i < _count; i++)
            {
                int progress = Interlocked.CompareExchange(ref _progress[i], 0, 0);
                if (progress != _lastSeenProgress[i])
                {
                    _lastSeenProgress[i] = progress;
                    _lastProgressMilliseconds[i] = now;
                }
                else if (stalled < 0 && now - _lastProgressMilliseconds[i] > _stallLimitsMilliseconds[i])
                {
                    stalled = i;
                }
            }

            return stalled;
        }

        /// <summary>The name loop <paramref name="loopId"/> was registered with.</summary>
        public string GetName(int loopId)
        {
            return _names[loopId];
        }

        /// <summary>How long loop <paramref name="loopId"/> had made no progress at the last <see cref="FindStalledLoop"/>.</summary>
        public long GetMillisecondsWithoutProgress(int loopId)
        {
            return _clock.Milliseconds - _lastProgressMilliseconds[loopId];
        }
    }
}
